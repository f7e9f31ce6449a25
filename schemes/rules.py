"""Permission predicates and the coordinator's model permissions for this app."""

COORDINATOR_PERMISSIONS = (
    "schemes.view_scheme",
    "schemes.change_scheme",
    "schemes.view_schemeevent",
    "schemes.add_schemeevent",
    "schemes.change_schemeevent",
    "schemes.view_eventattendance",
    "schemes.change_eventattendance",
    "schemes.view_application",
    "schemes.change_application",
    "schemes.view_subscription",
    "schemes.view_newsitem",
    "schemes.add_newsitem",
    "schemes.change_newsitem",
    "schemes.view_applicationform",
    "schemes.view_question",
)


def can_coordinate(user, scheme) -> bool:
    """Administrators coordinate every scheme; coordinators only their own."""
    if not (user.is_authenticated and user.is_staff):
        return False
    if user.is_superuser:
        return True
    return scheme.coordinators.filter(pk=user.pk).exists()
