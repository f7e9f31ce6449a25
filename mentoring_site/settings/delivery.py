"""Email and Celery: the mail backend, the broker and queues, the periodic tasks' schedules,
and how long emailed links and reminders look ahead."""

from email.utils import formataddr

from celery.schedules import crontab
from kombu import Queue

from .core import SITE_NAME, TIME_ZONE, VAR_DIR, env, env_bool
from .database import REDIS_URL

# --- email ----------------------------------------------------------------------------
if env.str("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = env.str(
        "EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
    )
    EMAIL_FILE_PATH = str(VAR_DIR / "mail")
# The sender is named after the body (SITE_NAME) unless DEFAULT_FROM_EMAIL says otherwise.
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default=formataddr((SITE_NAME, "mentoring@example.org"))
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = 20

# --- Celery ---------------------------------------------------------------------------
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL or "filesystem://")
if CELERY_BROKER_URL == "filesystem://":
    _queue_dir = VAR_DIR / "celery-queue"
    _queue_dir.mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir),
        "data_folder_out": str(_queue_dir),
        "processed_folder": str(_queue_dir),
        "store_processed": False,
        # kombu's default control folder is "control" in the working directory
        "control_folder": str(VAR_DIR / "celery-control"),
    }
# Two queues, both consumed by every worker (no `-Q` needed): matching runs go to their own
# queue, so a run an administrator starts is picked up at the next free slot instead of
# waiting behind hundreds of queued emails (the worker takes from its queues in turn).
# docker-compose.yml adds a worker for the matching queue alone, so a long run never
# holds back the emails either.
CELERY_TASK_DEFAULT_QUEUE = "celery"
CELERY_TASK_QUEUES = (Queue("celery"), Queue("matching"))
CELERY_TASK_ROUTES = {
    "matching.run_matching": {"queue": "matching"},
    "matching.propose_for_rolling_schemes": {"queue": "matching"},
}
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
# What a worker prints (the console email backend's emails) goes to its standard output, not
# into its log file: scripts/run.sh shows every email in its terminal.
CELERY_WORKER_REDIRECT_STDOUTS = False
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# The one place periodic schedules are defined (deliberately not CELERY_BEAT_SCHEDULE, which
# beat would re-impose at every start); `manage.py setup_schedules` copies them
# into django-celery-beat's tables, where administrators can change them.
DEFAULT_PERIODIC_TASKS = {
    "accounts.deliver_pending": {
        "task": "accounts.deliver_pending",
        "schedule": crontab(minute="*/5"),
    },
    "matching.propose_for_rolling_schemes": {
        "task": "matching.propose_for_rolling_schemes",
        "schedule": crontab(hour=6, minute=0),
    },
    "schemes.apply_supply_demand_rules": {
        "task": "schemes.apply_supply_demand_rules",
        "schedule": crontab(minute="*/30"),
    },
    "sessions_log.send_due_reminders": {
        "task": "sessions_log.send_due_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
    "sessions_log.send_message_digests": {
        "task": "sessions_log.send_message_digests",
        "schedule": crontab(hour=7, minute=30),
    },
    "cpd.send_reflection_prompts": {
        "task": "cpd.send_reflection_prompts",
        "schedule": crontab(hour=8, minute=0),
    },
    "matching.send_proposal_reminders": {
        "task": "matching.send_proposal_reminders",
        "schedule": crontab(hour=7, minute=15),
    },
    "matching.sweep_mentor_requests": {
        "task": "matching.sweep_mentor_requests",
        "schedule": crontab(hour=7, minute=20),
    },
    "schemes.send_application_draft_reminders": {
        "task": "schemes.send_application_draft_reminders",
        "schedule": crontab(hour=10, minute=0),
    },
    "schemes.send_coordinator_digests": {
        "task": "schemes.send_coordinator_digests",
        "schedule": crontab(hour=7, minute=30),
    },
    "accounts.apply_retention": {
        "task": "accounts.apply_retention",
        "schedule": crontab(hour=3, minute=15),
    },
    "accounts.purge_data_exports": {
        "task": "accounts.purge_data_exports",
        "schedule": crontab(minute=15),
    },
    "schemes.send_lifecycle_notices": {
        "task": "schemes.send_lifecycle_notices",
        "schedule": crontab(hour=9, minute=0),
    },
}

# Days a member's data package can be downloaded from its emailed link before it is deleted.
DATA_EXPORT_DAYS = env.int("DATA_EXPORT_DAYS", default=7)

REMINDERS_UPCOMING_DAYS = env.int("REMINDERS_UPCOMING_DAYS", default=3)
