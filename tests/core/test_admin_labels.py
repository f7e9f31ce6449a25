"""Every control the administrator sees in the admin has a name in the HTML itself, not
only once ``static/js/admin_a11y.js`` has run: a ``<label for>``, an enclosing ``<label>``,
or ``aria-label``/``aria-labelledby``. Change lists, add and change forms of every
registered model (``core.admin.LabelledTabularInline``, ``LabelledSplitDateTime``)."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tests.authz.admin_matrix import ADMIN_MODELS, registered_models
from tests.authz.world import ADMIN, rolled_back_world

pytestmark = pytest.mark.django_db

UNNAMED_TYPES = {"hidden", "submit", "button", "image", "reset"}


class Controls(HTMLParser):
    """The visible form controls of a page and the ids its labels point to."""

    def __init__(self) -> None:
        super().__init__()
        self.label_for: set[str] = set()
        self.open_labels = 0
        self.unnamed: list[str] = []
        self.controls: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "label":
            self.open_labels += 1
            if a.get("for"):
                self.label_for.add(a["for"] or "")
        elif tag in ("input", "select", "textarea"):
            if tag == "input" and (a.get("type") or "text") in UNNAMED_TYPES:
                return
            if "hidden" in a:
                return
            self.controls.append({**a, "_tag": tag, "_in_label": str(self.open_labels)})

    def handle_endtag(self, tag: str) -> None:
        if tag == "label" and self.open_labels:
            self.open_labels -= 1

    def missing(self) -> list[str]:
        return [
            f"<{c['_tag']} name={c.get('name')!r} id={c.get('id')!r}>"
            for c in self.controls
            if c["_in_label"] == "0"
            and not c.get("aria-label")
            and not c.get("aria-labelledby")
            and (c.get("id") or "") not in self.label_for
        ]


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with rolled_back_world(django_db_blocker) as world:
        yield world


def _unnamed(client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200, url
    parser = Controls()
    parser.feed(response.content.decode())
    return parser.missing()


@pytest.mark.parametrize("label", sorted(m._meta.label_lower for m in registered_models()))
def test_every_admin_control_is_named_in_the_html(client, world, label):
    model = next(m for m in registered_models() if m._meta.label_lower == label)
    spec = ADMIN_MODELS[label]
    client.force_login(world.user(ADMIN))
    name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    urls = [reverse(f"{name}_changelist")]
    if "add" not in spec.refused:
        urls.append(reverse(f"{name}_add"))
    obj = spec.obj(world)
    urls.append(reverse(f"{name}_change", args=[obj.pk]))

    unnamed = {url: found for url in urls if (found := _unnamed(client, url))}

    assert unnamed == {}
