"""The Celery application.

With no broker configured it uses kombu's filesystem transport under ``var/``, so a
real worker with beat runs on one machine without Redis. Set ``CELERY_BROKER_URL``
(or ``REDIS_URL``) to use Redis.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentoring_site.settings")

app = Celery("mentoring_site")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
app.autodiscover_tasks(["mentoring_site"])  # the site's own tasks (not an installed app)
