"""The privacy notice and the accessibility statement, as pages administrators edit in the
admin (Flat pages). The text describes what this platform does; the body adds its own name,
contact details and legal basis before opening (the pages say where)."""

from django.conf import settings
from django.core.management.color import no_style
from django.db import migrations

PRIVACY = """
<p><strong>Before this site opens to members, an administrator replaces every part in square
brackets in the admin (Flat pages, "/privacy/").</strong></p>
<h2>Who is responsible for your data</h2>
<p>[The body's name] runs its mentoring schemes on this site and is the data controller for
what you store here. Contact: [the data protection contact's email address].</p>
<h2>What we hold and why</h2>
<ul>
<li>Your account and profile (name, email, job, organisation, country, expertise, interests,
availability, languages), to match you with mentors, mentees or peers and to contact you.</li>
<li>Your applications to schemes and your answers, to decide on them and to match you.</li>
<li>Your matches and relationships: who with, when they started and ended, session dates,
and what you and your partner write about your sessions, goals and actions.</li>
<li>The messages you and your partners exchange on this site, and the contact details you
choose to share with them (your email address, and a phone number and preferred way of
being contacted if you add them).</li>
<li>Your reflections and CPD activities, to build your CPD record and portfolio.</li>
<li>Your email preferences and the emails we send you, so that each goes once and you can
see what was sent.</li>
<li>Feedback you give at the end of a relationship: scheme staff see counts and averages of
groups of at least five people, never your own answers, unless you agree to a quote.</li>
</ul>
<p>[The legal basis for each purpose, for example legitimate interests or consent.]</p>
<h2>Who sees it</h2>
<p>You see your own relationships only. Your partners see what you write in your shared
relationship and your messages, and, once every one of you has accepted the match, the
contact details you chose to share; nobody else sees them.</p>
<p>The coordinators of a scheme you apply to and the site's administrators see your
account, profile and email address, your applications and answers, the matches proposed
to you and the emails sent to you, and the dates and counts of your relationships. They
never see your session notes, your messages, your reflections or the words of your
feedback. If you report a message to the coordinator, they see that one message.</p>
<h2>How long we keep it</h2>
<p>[How long the body keeps ended relationships, emails and inactive accounts.]</p>
<h2>Your rights</h2>
<p>You can download everything this site holds about you from your CPD record ("Download my
data"), correct your profile at any time, and ask [the data protection contact] to delete
your account. You can complain to [the supervisory authority, for example the ICO in the
UK].</p>
"""

ACCESSIBILITY = """
<p><strong>Before this site opens to members, an administrator replaces every part in square
brackets in the admin (Flat pages, "/accessibility/").</strong></p>
<p>[The body's name] wants everyone to be able to use this site: to apply, find a match,
plan and log sessions and keep a CPD record.</p>
<h2>How accessible this site is</h2>
<p>The site aims to meet the Web Content Accessibility Guidelines (WCAG) 2.2 at level AA.
Every member page and the scheme pages are checked automatically with axe-core in a real
browser whenever the software changes, and work with a keyboard and at 320 pixels wide.</p>
<h2>What we know is not yet accessible</h2>
<ul>
<li>The CPD portfolio PDF is not tagged for screen readers: the same information is on the
CPD record page and in "Download my data".</li>
<li>The administration pages are built on Django's admin and are not checked to the same
standard.</li>
</ul>
<h2>Feedback and contact</h2>
<p>If you find a problem or need information in another format, contact [an email address];
we reply within [a number of] working days.</p>
<p>This statement was prepared on [a date] and last reviewed on [a date].</p>
"""

PAGES = {
    "/privacy/": ("Privacy notice", PRIVACY),
    "/accessibility/": ("Accessibility statement", ACCESSIBILITY),
}


def create_pages(apps, schema_editor):
    FlatPage = apps.get_model("flatpages", "FlatPage")
    Site = apps.get_model("sites", "Site")
    # Django creates the default site after all migrations; the pages need it now (the
    # domain and name are set from SITE_URL and SITE_NAME after migrating, accounts.site).
    site, made = Site.objects.get_or_create(
        pk=settings.SITE_ID, defaults={"domain": "example.com", "name": "example.com"}
    )
    if made:  # an explicit id leaves PostgreSQL's sequence behind: move it on, as Django does
        connection = schema_editor.connection
        statements = connection.ops.sequence_reset_sql(no_style(), [Site])
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
    for url, (title, content) in PAGES.items():
        page, created = FlatPage.objects.get_or_create(
            url=url, defaults={"title": title, "content": content.strip()}
        )
        if created:
            page.sites.add(site)


def remove_pages(apps, schema_editor):
    FlatPage = apps.get_model("flatpages", "FlatPage")
    FlatPage.objects.filter(url__in=PAGES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0006_sentnotification_claim"),
        ("flatpages", "0001_initial"),
        ("sites", "0002_alter_domain_unique"),
    ]

    operations = [migrations.RunPython(create_pages, remove_pages)]
