"""Bad input through admin add and change pages, built from the page itself.

``page_data`` reads the form and inline formsets the admin rendered and turns them into
the POST a browser would send unchanged; ``field_strategies`` gives, for every field,
mostly bad values of the kind the field expects (text, numbers, dates, choices).
``check_admin_post`` posts and asserts the ground rule: never a 500, an invalid
submission re-rendered with every message and every typed value, nothing stored.
"""

from __future__ import annotations

from datetime import date, datetime

from django import forms
from django.utils.html import escape
from hypothesis import strategies as st

from .harness import DATES, NUMBERS, changed_tables, choice_or, many_of, table_counts, text_or


def _render_value(field, bf) -> object:
    value = bf.value()
    if value is None:
        return None
    if isinstance(field, forms.BooleanField):
        return "on" if value else None
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _forms_of(response):
    """(form, is_main) for the main form and every form of every inline formset."""
    yield response.context["adminform"].form
    for inline in response.context.get("inline_admin_formsets", []):
        yield from inline.formset.forms


def page_data(response) -> dict:
    """The POST a browser sends for the rendered admin page, untouched."""
    data: dict = {}
    for form in _forms_of(response):
        for name, field in form.fields.items():
            bf = form[name]
            if isinstance(field.widget, forms.SplitDateTimeWidget):
                parts = field.widget.decompress(bf.value())
                for i, part in enumerate(parts):
                    if part is not None:
                        data[f"{bf.html_name}_{i}"] = part.isoformat()[: 8 if i else 10]
                continue
            value = _render_value(field, bf)
            if value is not None:
                data[bf.html_name] = value
    for inline in response.context.get("inline_admin_formsets", []):
        management = inline.formset.management_form
        for name in management.fields:
            data[management[name].html_name] = str(management[name].value())
    return data


# What is typed into a field of each type besides the hostile texts (the first match counts).
TYPED_VALUES = (
    (forms.BooleanField, ("on",)),
    (forms.IntegerField | forms.DecimalField | forms.FloatField, ("1", "3", "0.5", *NUMBERS)),
    (forms.DateField, ("2027-01-01", *DATES)),
    (forms.EmailField, ("someone@example.org",)),
    (forms.SlugField, ("a-new-slug", "another-slug")),
)


def _strategy(field: forms.Field):
    if isinstance(field, forms.ModelChoiceField):
        pks = [str(pk) for pk in field.queryset.values_list("pk", flat=True)[:5]]
        if isinstance(field, forms.ModelMultipleChoiceField):
            return many_of(pks)
        return choice_or(["", *pks])
    if isinstance(field, forms.ChoiceField):
        values = [str(v) for v, _ in field.choices]
        if isinstance(field, forms.MultipleChoiceField):
            return many_of(values)
        return choice_or(values)
    for types, values in TYPED_VALUES:
        if isinstance(field, types):
            return text_or(*values)
    return text_or("Plain words")


def field_strategies(response, *, inline_rows: int = 1) -> tuple[dict, tuple[str, ...]]:
    """Strategies keyed by POST name for the main form and the first inline rows, and the
    names whose typed text must be shown again (text inputs and text areas)."""
    strategies: dict = {}
    kept: list[str] = []
    main = response.context["adminform"].form
    forms_ = [main]
    for inline in response.context.get("inline_admin_formsets", []):
        forms_ += list(inline.formset.forms[:inline_rows])
    for form in forms_:
        for name, field in form.fields.items():
            bf = form[name]
            if isinstance(field.widget, forms.HiddenInput | forms.PasswordInput):
                continue
            if isinstance(field.widget, forms.SplitDateTimeWidget):
                strategies[f"{bf.html_name}_0"] = text_or("2027-01-01", *DATES)
                strategies[f"{bf.html_name}_1"] = text_or("10:00", "25:61", "noon")
                continue
            strategies[bf.html_name] = _strategy(field)
            if isinstance(field.widget, forms.TextInput | forms.Textarea):
                kept.append(bf.html_name)
    return strategies, tuple(kept)


def bad_post(data: st.DataObject, base: dict, strategies: dict) -> dict:
    """The page's own data with some fields replaced by bad values and some left out."""
    changes = data.draw(st.fixed_dictionaries({}, optional=strategies))
    dropped = data.draw(st.sets(st.sampled_from(sorted(strategies)), max_size=3))
    post = {**base, **changes}
    for name in dropped:
        post.pop(name, None)
    return post


def _messages(response) -> list[str]:
    found: list[str] = []
    form = response.context["adminform"].form
    found += [m for ms in form.errors.values() for m in ms]
    for inline in response.context.get("inline_admin_formsets", []):
        formset = inline.formset
        found += list(formset.non_form_errors())
        for errors in formset.errors:
            found += [m for ms in errors.values() for m in ms]
    return found


def check_admin_post(client, url: str, post: dict, *, creates: str | None, kept, state=None):
    before = table_counts()
    state_before = state() if state else None
    response = client.post(url, post)
    after = table_counts()
    if response.status_code == 302:
        if creates is not None:
            assert after[creates] == before[creates] + 1, changed_tables(before, after)
        return response
    assert response.status_code == 200, response.status_code
    html = response.content.decode()
    messages = _messages(response)
    assert messages, "an invalid submission must say what is wrong"
    for message in messages:
        assert escape(message) in html, message
    for name in kept:
        value = post.get(name)
        if isinstance(value, str) and value.strip():
            assert escape(value) in html, f"what was typed in {name!r} is lost"
    assert changed_tables(before, after) == {}
    if state:
        assert state() == state_before
    return response
