"""The coordinator's model permissions for this app: the evaluation reports of their own
schemes (the admin scopes them with ``SchemeScopedAdminMixin``), and the quotes in them.
Deleting a report is left to administrators."""

COORDINATOR_PERMISSIONS = (
    "insights.view_evaluationreport",
    "insights.add_evaluationreport",
    "insights.change_evaluationreport",
    "insights.view_reportquote",
    "insights.add_reportquote",
    "insights.change_reportquote",
    "insights.delete_reportquote",
)
