"""The coordinator's model permissions for this app: only their schemes' choice of
reflection model, and a read-only view of the frameworks. No reflection, activity or
evidence is reachable by staff."""

COORDINATOR_PERMISSIONS = (
    "cpd.view_framework",
    "cpd.view_standard",
    "cpd.view_schemecpdsetting",
    "cpd.add_schemecpdsetting",
    "cpd.change_schemecpdsetting",
)
