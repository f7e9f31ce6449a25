"""Periodic CPD tasks (thin: ask what is due, call one service)."""

from celery import shared_task

from . import reminders


@shared_task(name="cpd.send_reflection_prompts", acks_late=True)
def send_reflection_prompts() -> int:
    """Reflection prompts for sessions logged yesterday or in the last two weeks."""
    return reminders.reflection_prompts_send()
