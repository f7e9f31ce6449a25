"""Settings for every environment, read from the environment (django-environ).

One module a concern, imported here in this order: ``core`` (the environment, DEBUG, hosts,
languages), ``apps``, ``database`` (and the cache), ``auth`` (allauth), ``delivery`` (email,
Celery), ``storage`` (static files, uploads), ``security`` (applied whenever DEBUG is off),
``observability`` (logging). ``mentoring_site.settings_test`` overrides a few values for the
test suite.

Defaults are for a single developer machine: SQLite, the filesystem Celery broker,
email to the console. Production sets DATABASE_URL, CELERY_BROKER_URL/REDIS_URL,
EMAIL_URL, SECRET_KEY, ALLOWED_HOSTS and DEBUG=off.
"""

# In this order, not sorted: each module reads its part of the environment, and may refuse
# it, in turn (core first: DEBUG and the secret key).
# isort: off
from .core import *  # noqa: F403
from .apps import *  # noqa: F403
from .database import *  # noqa: F403
from .auth import *  # noqa: F403
from .delivery import *  # noqa: F403
from .storage import *  # noqa: F403
from .security import *  # noqa: F403
from .observability import *  # noqa: F403
# isort: on
