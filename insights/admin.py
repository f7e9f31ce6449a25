"""Evaluation reports in the admin: the review answers, and the feedback quotes grouped under
theme headings. Coordinators see and edit only their schemes' reports.

Quotes are chosen from a list of the scheme's free-text feedback answers whose authors agreed
to share them individually, shown as they will be printed (names and emails removed); the
model's own checks refuse anything else with a message saying why.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.admin import LabelledTabularInline
from schemes.admin_scoping import SchemeScopedAdminMixin
from sessions_log.models import FeedbackQuestion, FeedbackResponse

from . import scheme_admin  # noqa: F401  (registers the scheme admin with its set-up)
from .models import LIFECYCLE_QUESTIONS, EvaluationReport, ReportQuote
from .selectors import anonymise, member_names, quotable_answers

CHOOSE_LISTED = _("Choose one of the listed answers.")


class QuoteForm(forms.ModelForm):
    """``answer`` picks a (response, question) pair; the model's ``clean`` decides whether
    it may be quoted. Errors about the response or the question are shown on ``answer``."""

    answer = forms.CharField(label=_("Answer"), widget=forms.Select)

    class Meta:
        model = ReportQuote
        fields = ("theme", "answer", "order")

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["answer"].widget.choices = [("", "---------"), *choices]
        self.listed = {str(value) for value, _ in choices}
        if self.instance.pk:
            self.initial["answer"] = f"{self.instance.response_id}:{self.instance.question_id}"
            self.listed.add(self.initial["answer"])

    def clean_answer(self):
        # Only the answers the page listed (the report's scheme's quotable ones): anything
        # else gets one message, so the form says nothing about other schemes' feedback,
        # whether a response exists, or whether its author consented.
        if self.cleaned_data["answer"] not in self.listed:
            raise ValidationError(CHOOSE_LISTED)
        try:
            response_id, question_id = (
                int(part) for part in self.cleaned_data["answer"].split(":")
            )
        except ValueError:
            raise ValidationError(CHOOSE_LISTED) from None
        response = (
            FeedbackResponse.objects.select_related("relationship").filter(pk=response_id).first()
        )
        question = FeedbackQuestion.objects.filter(pk=question_id).first()
        if question is None or response is None:
            raise ValidationError(CHOOSE_LISTED)
        self.instance.response = response
        self.instance.question = question
        return self.cleaned_data["answer"]

    def add_error(self, field, error):
        if field is None and hasattr(error, "error_dict"):
            remapped: dict[str, list] = {}
            for name, errors in error.error_dict.items():
                target = "answer" if name in ("response", "question") else name
                remapped.setdefault(target, []).extend(errors)
            error = ValidationError(remapped)
        super().add_error(field, error)


class QuoteInline(LabelledTabularInline):
    model = ReportQuote
    form = QuoteForm
    fields = ("theme", "answer", "order")
    extra = 1
    verbose_name = _("feedback quote")
    verbose_name_plural = _(
        "Feedback themes: quotes from members who agreed to be quoted without their name "
        "(names and emails of the scheme's people are removed; check each quote for other "
        "details that could identify someone, such as a nickname or workplace)"
    )

    def get_formset(self, request, obj=None, **kwargs):
        names = member_names(scheme=obj.scheme)
        choices = [
            (
                a.key,
                f"{Truncator(a.question).chars(40)}: "
                f"“{Truncator(anonymise(a.text, names)).chars(140)}”",
            )
            for a in quotable_answers(scheme=obj.scheme, user=request.user)
        ]
        base = super().get_formset(request, obj, **kwargs)

        # The admin builds the formset class at run time; mypy takes only static bases.
        class QuoteFormSet(base):  # type: ignore[valid-type, misc]
            def get_form_kwargs(self, index):
                return {**super().get_form_kwargs(index), "choices": choices}

            def clean(self):
                super().clean()
                chosen = [
                    form.cleaned_data.get("answer")
                    for form in self.forms
                    if form.cleaned_data and not form.cleaned_data.get("DELETE")
                ]
                if len(chosen) != len(set(chosen)):
                    raise ValidationError(gettext("The same answer is quoted more than once."))

        return QuoteFormSet


@admin.register(EvaluationReport)
class EvaluationReportAdmin(SchemeScopedAdminMixin, admin.ModelAdmin):
    list_display = ("title", "scheme", "period_start", "period_end", "updated_at", "pdf_link")
    list_filter = ("scheme",)
    list_select_related = ("scheme",)
    search_fields = ("title",)
    actions = ("download_pdf",)
    change_form_template = "insights/report_admin_change_form.html"
    fieldsets = (
        (None, {"fields": ("scheme", "title", "period_start", "period_end")}),
        (
            _("Review and develop: the lifecycle review questions"),
            {"fields": tuple(name for name, _ in LIFECYCLE_QUESTIONS)},
        ),
    )

    def get_readonly_fields(self, request, obj=None):
        # Quotes belong to the scheme: the scheme of a saved report does not change.
        return ("scheme",) if obj else ()

    def get_inline_instances(self, request, obj=None):
        # Quotes are chosen from the scheme's feedback, so the report is saved first.
        return super().get_inline_instances(request, obj) if obj else []

    inlines = (QuoteInline,)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description=_("PDF"))
    def pdf_link(self, obj: EvaluationReport) -> str:
        url = reverse("insights:report_pdf", kwargs={"pk": obj.pk})
        return format_html('<a href="{}">{}</a>', url, gettext("Download PDF"))

    @admin.action(description=_("Download PDF"))
    def download_pdf(self, request, queryset):
        from .views.reports import pdf_response

        reports = list(queryset.select_related("scheme")[:2])
        if len(reports) != 1:
            self.message_user(
                request, gettext("Choose one report to download as a PDF."), level=messages.WARNING
            )
            return None
        return pdf_response(reports[0])
