"""Permission predicates and the coordinator's model permissions for matching."""

from schemes.rules import can_coordinate

COORDINATOR_PERMISSIONS = (
    "matching.view_matchingsettings",
    "matching.change_matchingsettings",
    "matching.view_matchingrun",
    "matching.add_matchingrun",
    "matching.change_matchingrun",
    "matching.view_proposal",
)


def can_run_matching(user, scheme) -> bool:
    """Start, review and approve runs: administrators, and coordinators of the scheme."""
    return can_coordinate(user, scheme) and user.has_perm("matching.add_matchingrun")


def can_approve(user, scheme) -> bool:
    return can_coordinate(user, scheme) and user.has_perm("matching.change_matchingrun")
