"""The administrators' and coordinators' side of schemes: setup, forms, events,
recruitment (subscriptions, news) and application review. Every ModelAdmin is scoped to
the schemes a coordinator coordinates (``schemes.admin_scoping``)."""

from . import applications, events, forms, scheme  # noqa: F401  (registers the admins)
