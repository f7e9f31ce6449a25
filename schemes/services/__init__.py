"""Writes about schemes and applications. Views, admin actions, tasks, commands and
tests all call these; no rule is written twice.

Each concern has its own module (eligibility, an applicant's own steps, decisions, the
supply-and-demand rule, the waiting list, events, preparation, subscriptions); the
services callers use are importable from here."""

from .applications import (
    PROFILE_INCOMPLETE,
    application_save_draft,
    application_start,
    application_submit,
    application_withdraw,
    unanswered_required_questions,
)
from .decisions import (
    application_decide,
    application_mark_matched,
    application_return_to_pool,
    applications_decide,
)
from .eligibility import eligibility_error, eligible_roles
from .events import event_record_attendance, event_rsvp
from .preparation import preparation_blocked_notify, preparation_module_complete
from .receipts import application_receipt_send
from .subscriptions import (
    subscription_confirm,
    subscription_register,
    subscription_request,
    subscription_stop,
)
from .supply_demand import scheme_apply_supply_demand_rule
from .waitlist import waitlist_offer_places

__all__ = [
    "PROFILE_INCOMPLETE",
    "application_decide",
    "application_mark_matched",
    "application_receipt_send",
    "application_return_to_pool",
    "application_save_draft",
    "application_start",
    "application_submit",
    "application_withdraw",
    "applications_decide",
    "eligibility_error",
    "eligible_roles",
    "event_record_attendance",
    "event_rsvp",
    "preparation_blocked_notify",
    "preparation_module_complete",
    "scheme_apply_supply_demand_rule",
    "subscription_confirm",
    "subscription_register",
    "subscription_request",
    "subscription_stop",
    "unanswered_required_questions",
    "waitlist_offer_places",
]
