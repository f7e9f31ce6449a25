"""The coordinator's model permissions for matching. Which schemes' runs they start, review
and approve is ``schemes.rules`` (the admin composes the two)."""

COORDINATOR_PERMISSIONS = (
    "matching.view_matchingsettings",
    "matching.change_matchingsettings",
    "matching.view_matchingrun",
    "matching.add_matchingrun",
    "matching.change_matchingrun",
    "matching.view_proposal",
)
