"""The administrators' and coordinators' side of schemes: setup, forms, events,
recruitment (subscriptions, news), application review and the outbox of emails about a
scheme. Every ModelAdmin is scoped to the schemes a coordinator coordinates
(``schemes.admin_scoping``)."""

from . import applications, events, forms, outbox, scheme  # noqa: F401  (registers the admins)
