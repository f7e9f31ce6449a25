"""Ship the two standard programme templates (administrators may add custom ones)."""

from django.db import migrations

SIX_IN_SIX = {
    "name": "Six sessions over six months",
    "description": "Getting to know each other, setting objectives, three two-way discussions "
    "in which the partners take turns to lead, and a closing reflection.",
    "min_sessions": 6,
    "duration_months": 6,
    "steps": [
        (
            "Getting to know each other",
            "Get to know each other and discuss and agree your expectations of the relationship.",
            "What brought you to the scheme?\nHow do you like to work and communicate?\n"
            "What do you each expect of the other?\nWhat is confidential between you?",
            60,
            0,
        ),
        (
            "Setting objectives",
            "Agree the goals you will work on, what success looks like and by when.",
            "What do you want to be different in six months?\nWhy does it matter now?\n"
            "How will you know you have succeeded?",
            60,
            30,
        ),
        (
            "Two-way discussion",
            "A discussion led by one partner; you take turns to lead.",
            "Progress on actions since last time\nThe topic the lead brought\nNew actions",
            60,
            60,
        ),
        (
            "Two-way discussion",
            "A discussion led by the other partner.",
            "Progress on actions since last time\nThe topic the lead brought\nNew actions",
            60,
            90,
        ),
        (
            "Two-way discussion",
            "A discussion led by the partner whose turn it is.",
            "Review your goals: where are you now?\nThe topic the lead brought\nNew actions",
            60,
            120,
        ),
        (
            "Reflection",
            "Look back on the relationship: what changed, what you learned, what next.",
            "Which goals did you reach?\nWhat did each of you learn?\nWhat will you do next?",
            60,
            160,
        ),
    ],
}

FOUR_TO_SIX = {
    "name": "Four to six sessions over 12 to 18 months",
    "description": "Four to six sessions of an hour and a half, spread over 12 to 18 months.",
    "min_sessions": 4,
    "duration_months": 18,
    "steps": [
        (
            "First meeting",
            "Get to know each other, agree expectations and the goals to work on.",
            "What do you each expect of the other?\nWhat are your goals for this year?",
            90,
            0,
        ),
        (
            "Review",
            "Review progress against goals.",
            "Progress on goals and actions\nWhat is getting in the way?\nNew actions",
            90,
            90,
        ),
        (
            "Review",
            "Review progress against goals.",
            "Progress on goals and actions\nWhat is getting in the way?\nNew actions",
            90,
            180,
        ),
        (
            "Review",
            "Review progress against goals.",
            "Progress on goals and actions\nDo the goals still fit?\nNew actions",
            90,
            270,
        ),
        (
            "Optional review",
            "An optional further review.",
            "Progress on goals and actions\nNew actions",
            90,
            365,
        ),
        (
            "Closing reflection",
            "Look back on the relationship and close it.",
            "Which goals did you reach?\nWhat did each of you learn?\nWhat next?",
            90,
            480,
        ),
    ],
}

OPTIONAL_IN_FOUR_TO_SIX = {5, 6}


def ship(apps, schema_editor):
    ProgrammeTemplate = apps.get_model("sessions_log", "ProgrammeTemplate")
    ProgrammeStep = apps.get_model("sessions_log", "ProgrammeStep")
    for spec in (SIX_IN_SIX, FOUR_TO_SIX):
        template, created = ProgrammeTemplate.objects.get_or_create(
            name=spec["name"],
            defaults={
                "description": spec["description"],
                "min_sessions": spec["min_sessions"],
                "duration_months": spec["duration_months"],
            },
        )
        if not created:
            continue
        for number, (title, purpose, prompts, minutes, offset) in enumerate(spec["steps"], 1):
            ProgrammeStep.objects.create(
                template=template,
                number=number,
                title=title,
                purpose=purpose,
                prompts=prompts,
                expected_minutes=minutes,
                offset_days=offset,
                optional=spec is FOUR_TO_SIX and number in OPTIONAL_IN_FOUR_TO_SIX,
            )


def unship(apps, schema_editor):
    ProgrammeTemplate = apps.get_model("sessions_log", "ProgrammeTemplate")
    ProgrammeTemplate.objects.filter(
        name__in=[SIX_IN_SIX["name"], FOUR_TO_SIX["name"]], schemes__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("sessions_log", "0003_support_and_feedback"),
    ]

    operations = [migrations.RunPython(ship, unship)]
