"""The email path, one job per module (import names from the module that owns them):

- ``links``: absolute URLs, link makers for sweeps, the signed email-preferences token.
- ``render``: the three templates of an email (subject, text, HTML) rendered by one helper,
  one at a time (``render_email``) or many at once (``render_emails``).
- ``outbox``: the unique key (``outbox_key``), ``notify`` and ``notify_batch`` recording
  ``SentNotification`` rows, and queueing their delivery on commit (broker down: the sweep).
- ``delivery``: locking the recorded rows and sending them over SMTP; attempts, errors and
  the sweep of what is still pending.

The Celery tasks in ``accounts.tasks`` are imported by ``outbox`` and import ``delivery``
inside their bodies.
"""
