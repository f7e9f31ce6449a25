"""The authorization matrix: for every URL of the project, the status each member of the cast
must get, with real object ids from the world (``world.py``).

House style (docs/architecture.md, shared STYLE.md): a signed-out visitor of a portal page
is sent to sign in (302); what a member must not know exists is a 404, never a 403; a
write view refuses a POST by anyone it does not belong to with the same 404 and changes
nothing. The admin's expectations are generated per model in ``admin_matrix.py``.

To add a URL: add an entry under its name (``namespace:name``) to its app's rows, saying
what each cast member gets: ``matrix_portal.py`` (public pages, a member's data, schemes,
accounts), ``matrix_matching.py``, ``matrix_sessions.py``, ``matrix_cpd.py``,
``matrix_insights.py``, ``matrix_allauth.py``. The test names any URL that has no entry.
"""

from __future__ import annotations

from .matrix_allauth import ALLAUTH
from .matrix_cpd import CPD
from .matrix_entry import LOGIN, Entry
from .matrix_insights import INSIGHTS
from .matrix_matching import MATCHING
from .matrix_portal import SITE_SCHEMES_ACCOUNTS
from .matrix_sessions import SESSIONS

__all__ = ["ALLAUTH", "INSIGHTS", "LOGIN", "PORTAL", "Entry"]

# The member portal, app by app (each in its own module).
PORTAL: dict[str, Entry] = {**SITE_SCHEMES_ACCOUNTS, **MATCHING, **SESSIONS, **CPD}
