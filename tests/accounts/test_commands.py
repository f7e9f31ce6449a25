"""Management commands: periodic schedules and the Coordinators group."""

from io import StringIO

from django.contrib.auth.models import Group
from django.core.management import call_command
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from accounts.roles import COORDINATOR_GROUP, coordinator_permission_codes


def run(command: str) -> str:
    out = StringIO()
    call_command(command, stdout=out)
    return out.getvalue()


def test_setup_schedules_creates_periodic_tasks_once(db):
    assert run("setup_schedules") == (
        "Periodic tasks created: 13 (accounts.deliver_pending, "
        "matching.propose_for_rolling_schemes, schemes.apply_supply_demand_rules, "
        "sessions_log.send_due_reminders, sessions_log.send_message_digests, "
        "cpd.send_reflection_prompts, "
        "matching.send_proposal_reminders, matching.sweep_mentor_requests, "
        "schemes.send_application_draft_reminders, "
        "schemes.send_coordinator_digests, accounts.apply_retention, "
        "accounts.purge_data_exports, schemes.send_lifecycle_notices)\n"
    )
    tasks = {
        t.name: (t.task, t.crontab.minute, t.crontab.hour, str(t.crontab.timezone))
        for t in PeriodicTask.objects.select_related("crontab")
    }
    assert tasks == {
        "accounts.deliver_pending": ("accounts.deliver_pending", "*/5", "*", "Europe/London"),
        "matching.propose_for_rolling_schemes": (
            "matching.propose_for_rolling_schemes",
            "0",
            "6",
            "Europe/London",
        ),
        "schemes.apply_supply_demand_rules": (
            "schemes.apply_supply_demand_rules",
            "*/30",
            "*",
            "Europe/London",
        ),
        "sessions_log.send_due_reminders": (
            "sessions_log.send_due_reminders",
            "0",
            "7",
            "Europe/London",
        ),
        "sessions_log.send_message_digests": (
            "sessions_log.send_message_digests",
            "30",
            "7",
            "Europe/London",
        ),
        "cpd.send_reflection_prompts": ("cpd.send_reflection_prompts", "0", "8", "Europe/London"),
        "matching.send_proposal_reminders": (
            "matching.send_proposal_reminders",
            "15",
            "7",
            "Europe/London",
        ),
        "matching.sweep_mentor_requests": (
            "matching.sweep_mentor_requests",
            "20",
            "7",
            "Europe/London",
        ),
        "schemes.send_application_draft_reminders": (
            "schemes.send_application_draft_reminders",
            "0",
            "10",
            "Europe/London",
        ),
        "schemes.send_coordinator_digests": (
            "schemes.send_coordinator_digests",
            "30",
            "7",
            "Europe/London",
        ),
        "accounts.apply_retention": ("accounts.apply_retention", "15", "3", "Europe/London"),
        "accounts.purge_data_exports": ("accounts.purge_data_exports", "15", "*", "Europe/London"),
        "schemes.send_lifecycle_notices": (
            "schemes.send_lifecycle_notices",
            "0",
            "9",
            "Europe/London",
        ),
    }
    crontabs = CrontabSchedule.objects.count()
    assert run("setup_schedules") == "Periodic tasks created: 0 (-)\n"
    assert PeriodicTask.objects.count() == 13
    assert CrontabSchedule.objects.count() == crontabs


def test_setup_schedules_keeps_an_administrators_edit(db):
    run("setup_schedules")
    task = PeriodicTask.objects.get(name="accounts.deliver_pending")
    task.enabled = False
    task.save()
    run("setup_schedules")
    assert PeriodicTask.objects.get(name="accounts.deliver_pending").enabled is False


def test_setup_roles_gives_coordinators_their_permissions(db):
    out = run("setup_roles")
    group = Group.objects.get(name=COORDINATOR_GROUP)
    granted = {
        f"{p.content_type.app_label}.{p.codename}"
        for p in group.permissions.select_related("content_type")
    }
    assert granted == set(coordinator_permission_codes())
    assert "schemes.change_application" in granted
    assert "schemes.delete_scheme" not in granted
    assert out == f"Coordinators: {len(granted)} permissions\n"
    # Run again: the same group, the same permissions.
    run("setup_roles")
    assert Group.objects.filter(name=COORDINATOR_GROUP).count() == 1
    assert group.permissions.count() == len(granted)


def test_setup_roles_removes_a_stray_permission(db):
    run("setup_roles")
    group = Group.objects.get(name=COORDINATOR_GROUP)
    from django.contrib.auth.models import Permission

    group.permissions.add(Permission.objects.get(codename="delete_user"))
    run("setup_roles")
    assert not group.permissions.filter(codename="delete_user").exists()


def test_coordinator_gets_permissions_through_the_group(coordinator):
    assert coordinator.has_perm("schemes.change_application") is True
    assert coordinator.has_perm("schemes.delete_scheme") is False
