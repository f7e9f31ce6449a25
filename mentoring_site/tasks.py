"""The site's Celery tasks (thin: each calls one function, imported in its body)."""

from celery import shared_task


@shared_task(name="mentoring_site.build_data_export", acks_late=True)
def build_data_export(*, export_id: int) -> None:
    """Prepare a member's data package and email them its link."""
    from .data_export import data_export_build

    data_export_build(export_id=export_id)
