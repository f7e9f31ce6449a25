"""The default privacy notice and accessibility statement, if nobody has edited them yet,
say what is true now: coordinators read concerns and early-ending reasons; members delete
their account, download their data and withdraw consents themselves; the PDFs are tagged
and the administration pages are checked like the rest."""

import importlib

from django.db import migrations

LEGAL = importlib.import_module("accounts.migrations.0007_legal_pages")
PROFILES = importlib.import_module("accounts.migrations.0021_profile_bio_photo_visibility")

OLD_PRIVACY = PROFILES.NEW_PRIVACY
NEW_PRIVACY = OLD_PRIVACY.replace(
    """feedback. If you report a message to the coordinator, they see that one message.</p>""",
    """feedback. If you report a message to the coordinator, they see that one message. If you
raise a concern about a relationship or end one early, the coordinators read what you write
there, and are emailed it: the forms say so before you send them.</p>""",
).replace(
    """<p>You can download everything this site holds about you from your CPD record ("Download my
data"), correct your profile at any time, and ask [the data protection contact] to delete
your account. You can complain to [the supervisory authority, for example the ICO in the
UK].</p>""",
    """<p>You can download everything this site holds about you ("My data", linked from
your profile), correct your profile at any time, see and withdraw what you agreed to
("My consents"), and ask for your account to be deleted ("Delete my account" on your
profile, or by writing to [the data protection contact]). You can complain to [the
supervisory authority, for example the ICO in the UK].</p>""",
)

OLD_ACCESSIBILITY = LEGAL.ACCESSIBILITY.strip()
NEW_ACCESSIBILITY = OLD_ACCESSIBILITY.replace(
    """<li>The CPD portfolio PDF is not tagged for screen readers: the same information is on the
CPD record page and in "Download my data".</li>
<li>The administration pages are built on Django's admin and are not checked to the same
standard.</li>""",
    """<li>The PDFs (CPD portfolio, certificates, evaluation reports, "My data") are tagged for
screen readers, with headings, tables and described figures, but are not certified to
PDF/UA: the same information is on the site's pages.</li>
<li>The administration pages are built on Django's admin. The pages coordinators and
administrators use are checked with axe-core like the member pages; some of its date and
search boxes work best with JavaScript on.</li>""",
)

PAGES = {
    "/privacy/": (OLD_PRIVACY, NEW_PRIVACY),
    "/accessibility/": (OLD_ACCESSIBILITY, NEW_ACCESSIBILITY),
}


def notices_update(apps, schema_editor, backwards=False):
    """Only an untouched default text changes: a body's own wording is theirs to edit."""
    FlatPage = apps.get_model("flatpages", "FlatPage")
    for url, (old, new) in PAGES.items():
        if backwards:
            old, new = new, old
        FlatPage.objects.filter(url=url, content=old).update(content=new)


def notices_restore(apps, schema_editor):
    notices_update(apps, schema_editor, backwards=True)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0023_verbose_names"),
        ("flatpages", "0001_initial"),
    ]

    operations = [migrations.RunPython(notices_update, notices_restore)]
