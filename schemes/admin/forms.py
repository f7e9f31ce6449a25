"""Application forms: administrators build one form per scheme and role, with ordered
questions of every type."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from ..admin_scoping import SchemeScopedAdminMixin
from ..models import ApplicationForm, Question, Role, Scheme
from ..rules import filter_coordinated_by

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
    fields = (
        ("order", "type", "required"),
        "label",
        "help_text",
        "choices",
        ("score_rule", "score_weight", "score_range"),
        "shared_in_reasons",
        "compares_with",
    )

    def formfield_for_foreignkey(
        self, db_field: models.ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> forms.ModelChoiceField[Any] | None:
        """``compares_with`` offers the mentor questions of the form's own scheme only (the
        model's ``clean`` refuses any other with a message)."""
        if db_field.name == "compares_with":
            match = request.resolver_match
            form_id: str = match.kwargs.get("object_id", "") if match else ""
            scheme_ids: QuerySet[Any, Any]
            if form_id:
                scheme_ids = ApplicationForm.objects.filter(pk=form_id).values_list(
                    "scheme_id", flat=True
                )
            else:  # a new form: the scheme chosen on the page (pre-filled by the checklist)
                chosen = request.POST.get("scheme") or request.GET.get("scheme") or ""
                scheme_ids = filter_coordinated_by(
                    Scheme.objects.filter(pk=int(chosen) if chosen.isdigit() else 0),
                    user=request.user,
                    scheme_path="",
                ).values_list("pk", flat=True)
            kwargs["queryset"] = Question.objects.filter(
                form__scheme__in=scheme_ids, form__role=Role.MENTOR
            )
            field = super().formfield_for_foreignkey(db_field, request, **kwargs)
            if field is not None:
                # read once for every question of the inline, not once per row
                field.choices = list(cast("Iterable[tuple[Any, str]]", field.choices))
            return field
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


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
