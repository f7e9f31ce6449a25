"""Application forms: administrators build one form per scheme and role, with ordered
questions of every type."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ..admin_scoping import SchemeScopedAdminMixin
from ..models import ApplicationForm, Question

if TYPE_CHECKING:
    from typing import TypedDict

    from django_stubs_ext.annotations import WithAnnotations

    class _QuestionsCount(TypedDict):
        questions_count: int


class QuestionInline(SchemeScopedAdminMixin, admin.StackedInline):
    model = Question
    scheme_path = "form__scheme"
    extra = 0
    ordering = ("order", "pk")
    fields = (("order", "type", "required"), "label", "help_text", "choices")


@admin.register(ApplicationForm)
class ApplicationFormAdmin(SchemeScopedAdminMixin, admin.ModelAdmin):
    list_display = ("__str__", "scheme", "role", "question_count")
    list_filter = (("scheme", admin.RelatedOnlyFieldListFilter), "role")
    list_select_related = ("scheme",)
    inlines = (QuestionInline,)
    fields = ("scheme", "role", "intro")

    def get_queryset(self, request):
        from django.db.models import Count

        return super().get_queryset(request).annotate(questions_count=Count("questions"))

    @admin.display(description=_("questions"), ordering="questions_count")
    def question_count(self, obj: WithAnnotations[ApplicationForm, _QuestionsCount]) -> int:
        return obj.questions_count
