"""The admin's part of the matrix, generated per registered model.

Expectations come from the product's decisions, not from the admin classes: which model
permissions the Coordinators role has (``<app>/rules.py`` COORDINATOR_PERMISSIONS, the
role's definition), whether the object belongs to a scheme the coordinator coordinates,
and what each admin refuses to everyone (``ADMIN_MODELS`` below: read-only records,
applications that only come from the portal, ...).

Statuses are Django's admin conventions: signed-out visitors and members who are not
staff are sent to the admin's sign-in (302); a staff member without the model permission
gets 403; an object outside a coordinator's schemes "does not exist" — Django's admin
answers that with a redirect to the admin index (302) for change and delete pages, and
the simple_history pages with 404 (``schemes.admin.base.ScopedHistoryAdmin``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model

from accounts.areas import ExpertiseArea
from accounts.roles import coordinator_permission_codes

from .matrix import LOGIN, Entry
from .world import ADMIN, ANON, CAST, COORD, OTHER_COORD, STAFF, World

NOT_STAFF = 302  # the admin sends signed-out visitors and non-staff members to sign in
OUT_OF_SCOPE = 302  # Django's admin: "… doesn't exist. Perhaps it was deleted?"
ANY_REFUSAL = frozenset({200, 302})


@dataclass(frozen=True)
class AdminModel:
    """One registered model: the object its change/delete/history pages are requested
    for, the scheme that object belongs to (None: not a scheme's), and what the admin
    refuses to everyone, administrators included."""

    obj: Callable[[World], object]
    scheme: Callable[[World], object | None] = lambda w: None
    refused: frozenset[str] = frozenset()  # of "add", "change", "delete"
    history_404: bool = False  # a simple_history admin: out-of-scope history is a 404
    # Objects nobody may open, even the administrator (e.g. feedback not shared).
    hidden: Callable[[World], object] | None = None
    # The same kind of object in scheme B: the other coordinator's in-scope case.
    obj_b: Callable[[World], object] | None = None
    # What coordinators may not do to this object though their role holds the permission
    # (the body's programme template: theirs to use, not to change).
    refused_to_coordinators: frozenset[str] = frozenset()


READ_ONLY = frozenset({"add", "change"})
RECORD = frozenset({"add", "change", "delete"})
A = lambda w: w.scheme_a  # noqa: E731


def _o(name: str) -> Callable[[World], object]:
    return lambda w: w.objects[name]


ADMIN_MODELS: dict[str, AdminModel] = {
    # accounts
    "accounts.user": AdminModel(lambda w: w.user("mentee")),
    "accounts.sentnotification": AdminModel(_o("notification"), A, RECORD),
    "accounts.emailpreference": AdminModel(_o("preference"), refused=RECORD),
    "accounts.organisation": AdminModel(_o("organisation")),
    "accounts.erasurerequest": AdminModel(_o("erasure_request"), refused=frozenset({"delete"})),
    "accounts.retentionsettings": AdminModel(
        _o("retention_settings"), refused=frozenset({"add", "delete"})
    ),
    "accounts.retentionrun": AdminModel(_o("retention_run"), refused=RECORD),
    # The body's list of areas: coordinators view it; never deleted, only retired.
    "accounts.expertisearea": AdminModel(
        lambda w: ExpertiseArea.objects.get(code="management"),
        refused=frozenset({"delete"}),
        refused_to_coordinators=frozenset({"add", "change"}),
    ),
    # schemes
    "schemes.scheme": AdminModel(A, A, history_404=True),
    "schemes.application": AdminModel(
        _o("application"), A, frozenset({"add"}), history_404=True, obj_b=_o("application_b")
    ),
    "schemes.schemeevent": AdminModel(_o("event"), A),
    "schemes.eventattendance": AdminModel(_o("attendance"), A),
    "schemes.subscription": AdminModel(_o("subscription"), A),
    "schemes.newsitem": AdminModel(_o("draft_news"), A),
    "schemes.applicationform": AdminModel(_o("form"), A),
    # matching
    "matching.matchingsettings": AdminModel(lambda w: w.scheme_a.matching_settings, A),
    "matching.proposal": AdminModel(_o("proposal"), A, frozenset({"add", "delete"})),
    "matching.matchingrun": AdminModel(_o("run"), A, frozenset({"add", "delete"})),
    # Requests belong to the member-led scheme, which scheme A's coordinator coordinates.
    "matching.mentorrequest": AdminModel(
        _o("mentor_request"), _o("scheme_directory"), frozenset({"add", "delete"})
    ),
    # sessions_log
    "sessions_log.programmetemplate": AdminModel(
        lambda w: w.rel.template, refused_to_coordinators=frozenset({"change", "delete"})
    ),
    "sessions_log.relationship": AdminModel(
        lambda w: w.rel, A, READ_ONLY, history_404=True, obj_b=lambda w: w.rel_b
    ),
    "sessions_log.session": AdminModel(_o("session_held"), A, READ_ONLY),
    "sessions_log.concern": AdminModel(_o("concern"), A, READ_ONLY),
    "sessions_log.ending": AdminModel(_o("ending"), A, READ_ONLY),
    "sessions_log.messagereport": AdminModel(_o("message_report"), A, READ_ONLY),
    "sessions_log.flashslot": AdminModel(
        _o("flash_booked"), lambda w: w.objects["flash_scheme"], READ_ONLY
    ),
    "sessions_log.evaluationdimension": AdminModel(_o("dimension"), A),
    "sessions_log.feedbackquestion": AdminModel(_o("feedback_question"), A),
    "sessions_log.feedbackresponse": AdminModel(
        _o("feedback_e"), A, READ_ONLY, hidden=_o("feedback_m")
    ),
    # cpd
    "cpd.framework": AdminModel(_o("framework")),
    "cpd.schemecpdsetting": AdminModel(lambda w: w.scheme_a.cpd_setting, A),
    # insights
    "insights.evaluationreport": AdminModel(_o("report"), A),
    # third-party models: administrators only
    "auth.group": AdminModel(_o("group")),
    "sites.site": AdminModel(_o("site")),
    "flatpages.flatpage": AdminModel(_o("flatpage")),
    "account.emailaddress": AdminModel(_o("email_address")),
    "mfa.authenticator": AdminModel(_o("authenticator")),
    "django_celery_beat.periodictask": AdminModel(_o("periodic")),
    "django_celery_beat.clockedschedule": AdminModel(_o("clocked")),
    "django_celery_beat.crontabschedule": AdminModel(_o("crontab")),
    "django_celery_beat.solarschedule": AdminModel(_o("solar")),
    "django_celery_beat.intervalschedule": AdminModel(_o("interval")),
}


def _perms(label: str) -> dict[str, set[str]]:
    """The actions each staff cast member holds on a model, before the admin's refusals."""
    app, model = label.split(".")
    coordinator = {
        code.split(".")[1].split("_", 1)[0]
        for code in coordinator_permission_codes()
        if code.split(".")[0] == app and code.split(".")[1].split("_", 1)[1] == model
    }
    return {
        ADMIN: {"view", "add", "change", "delete"},
        COORD: coordinator,
        OTHER_COORD: coordinator,
    }


def _in_scope(cast: str, scheme, world: World) -> bool:
    if cast == ADMIN or scheme is None:
        return True
    return scheme.coordinators.filter(pk=world.user(cast).pk).exists()


def _non_staff(status_for_staff: dict[str, int]) -> dict[str, int]:
    return {**{c: NOT_STAFF for c in CAST if c not in STAFF}, **status_for_staff}


@dataclass
class ModelStatuses:
    changelist: dict[str, int]
    add: dict[str, int]
    change: dict[str, int]
    delete: dict[str, int]
    history: dict[str, int]
    change_post: dict[str, int]  # who is refused a POST to the change page, and how
    delete_post: dict[str, int]
    add_post: dict[str, int]
    hidden_change: dict[str, int] | None


def model_statuses(label: str, spec: AdminModel, world: World, scheme=None) -> ModelStatuses:
    perms = _perms(label)
    scheme = scheme or spec.scheme(world)
    get: dict[str, dict[str, int]] = {k: {} for k in ("cl", "add", "change", "delete", "hist")}
    post: dict[str, dict[str, int]] = {k: {} for k in ("change", "delete", "add")}
    hidden: dict[str, int] = {}
    for cast in STAFF:
        held = (
            perms[cast] - spec.refused - (spec.refused_to_coordinators if cast != ADMIN else set())
        )
        sees = bool(held & {"view", "change"})
        in_scope = _in_scope(cast, scheme, world)
        get["cl"][cast] = 200 if sees else 403
        get["add"][cast] = 200 if "add" in held else 403
        get["change"][cast] = 403 if not sees else (200 if in_scope else OUT_OF_SCOPE)
        get["delete"][cast] = 403 if "delete" not in held else (200 if in_scope else OUT_OF_SCOPE)
        if not in_scope:
            get["hist"][cast] = 404 if spec.history_404 else OUT_OF_SCOPE
        else:
            get["hist"][cast] = 200 if sees else 403
        hidden[cast] = 403 if not sees else OUT_OF_SCOPE
        # Refused POSTs (a legitimate write is not attempted).
        if "change" not in held:
            post["change"][cast] = 403
        elif not in_scope:
            post["change"][cast] = OUT_OF_SCOPE
        if "delete" not in held:
            post["delete"][cast] = 403
        elif not in_scope:
            post["delete"][cast] = OUT_OF_SCOPE
        if "add" not in held:
            post["add"][cast] = 403
    refused_post = {c: NOT_STAFF for c in CAST if c not in STAFF}
    return ModelStatuses(
        changelist=_non_staff(get["cl"]),
        add=_non_staff(get["add"]),
        change=_non_staff(get["change"]),
        delete=_non_staff(get["delete"]),
        history=_non_staff(get["hist"]),
        change_post={**refused_post, **post["change"]},
        delete_post={**refused_post, **post["delete"]},
        add_post={**refused_post, **post["add"]},
        hidden_change=_non_staff(hidden) if spec.hidden else None,
    )


def _staff(**by_cast: int) -> dict[str, int]:
    return _non_staff(
        {ADMIN: by_cast["admin"], COORD: by_cast["coord"], OTHER_COORD: by_cast["other"]}
    )


def registered_models() -> list[type[Model]]:
    """The models registered with the admin site."""
    return [model for model in apps.get_models() if admin.site.is_registered(model)]


def admin_entries(world: World) -> dict[str, Entry]:
    """Entries for every admin URL, keyed like the catalogue's keys."""
    entries: dict[str, Entry] = {}
    for model in registered_models():
        model_admin = admin.site.get_model_admin(model)
        label = model._meta.label_lower
        spec = ADMIN_MODELS.get(label)
        if spec is None:
            continue  # the test names the model's URLs as missing from the matrix
        info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        st = model_statuses(label, spec, world)
        obj = spec.obj(world)
        obj_kw = {"object_id": str(obj.pk)}
        entries[f"{info}_changelist"] = Entry(st.changelist)
        if spec.scheme(world) is not None:
            # An admin action on this object, POSTed by the other scheme's coordinator:
            # the object is not theirs, so nothing is selected and nothing written.
            actions = list(model_admin.actions or ())
            action = actions[0] if actions else "delete_selected"
            action = action if isinstance(action, str) else action.__name__
            entries[f"{info}_changelist"] = Entry(
                st.changelist,
                post={
                    **{c: NOT_STAFF for c in CAST if c not in STAFF},
                    # The list again (302), or an empty confirmation page or list (200)
                    # when the action is not offered to them: either way nothing is done.
                    OTHER_COORD: ANY_REFUSAL if st.changelist[OTHER_COORD] == 200 else 403,
                },
                data=lambda w, a=action, pk=obj.pk: {
                    "action": a,
                    "_selected_action": [pk],
                    "post": "yes",  # delete_selected's confirmation
                },
            )
        entries[f"{info}_add"] = Entry(st.add, post=st.add_post)
        change_kwargs: object = obj_kw
        if spec.hidden is not None:
            hidden_kw = {"object_id": str(spec.hidden(world).pk)}
            change_kwargs = [("object", obj_kw)]
            entries[f"{info}_change#hidden"] = Entry(
                st.hidden_change, kwargs=lambda w, kw=hidden_kw: kw
            )
        entries[f"{info}_change"] = Entry(
            st.change, kwargs=lambda w, kw=change_kwargs: kw, post=st.change_post
        )
        entries[f"{info}_delete"] = Entry(
            st.delete,
            kwargs=lambda w, kw=obj_kw: kw,
            post=st.delete_post,
            data=lambda w: {"post": "yes"},
        )
        entries[f"{info}_history"] = Entry(st.history, kwargs=lambda w, kw=obj_kw: kw)
        if spec.obj_b is not None:
            st_b = model_statuses(label, spec, world, scheme=world.scheme_b)
            b_kw = {"object_id": str(spec.obj_b(world).pk)}
            entries[f"{info}_change#scheme-b"] = Entry(st_b.change, kwargs=lambda w, kw=b_kw: kw)
            entries[f"{info}_history#scheme-b"] = Entry(st_b.history, kwargs=lambda w, kw=b_kw: kw)
        # The unnamed "<path:object_id>/" pattern redirects to the change page (for staff)
        # or to sign in: a redirect for everyone, never content.
        route = f"admin/{model._meta.app_label}/{model._meta.model_name}/<path:object_id>/"
        entries[route] = Entry(dict.fromkeys(CAST, 302), kwargs=lambda w, kw=obj_kw: kw)
        if getattr(model_admin, "history_list_display", None) is not None or hasattr(
            model, "history"
        ):
            version = obj.history.order_by("pk").first() if hasattr(obj, "history") else None
            if version is not None:
                entries[f"{info}_simple_history"] = Entry(
                    st.history,
                    kwargs=lambda w, o=obj.pk, v=version.pk: {"args": [o, v]},
                )
    entries.update(_site_entries(world))
    return entries


def _app_list_expectations(world: World) -> list[tuple[str, dict, dict[str, int]]]:
    codes = coordinator_permission_codes()
    labels = sorted({m._meta.app_label for m in registered_models()})
    variants = []
    for label in labels:
        coordinator = 200 if any(c.startswith(f"{label}.") for c in codes) else 404
        variants.append(
            (label, {"app_label": label}, _staff(admin=200, coord=coordinator, other=coordinator))
        )
    return variants


def _site_entries(world: World) -> dict[str, Entry]:
    run = world.objects["run"]
    rel_type = ContentType.objects.get_for_model(world.rel)
    everyone_staff = _staff(admin=200, coord=200, other=200)
    entries = {
        "admin:index": Entry(everyone_staff),
        # allauth's secure_admin_login: signed-out visitors go to the sign-in page, members
        # who are not staff are refused, staff are already signed in (sent to the index).
        "admin:login": Entry(
            {
                ANON: LOGIN,
                **{c: 403 for c in CAST if c not in STAFF and c != ANON},
                **dict.fromkeys(STAFF, 302),
            }
        ),
        "admin:logout": Entry(_staff(admin=405, coord=405, other=405)),  # POST only
        "admin:password_change": Entry(everyone_staff),
        "admin:password_change_done": Entry(everyone_staff),
        "admin:autocomplete": Entry(_staff(admin=403, coord=403, other=403)),  # no field named
        "admin:jsi18n": Entry(everyone_staff),
        # The "view on site" shortcut: only for objects the user may open in the admin;
        # another scheme's and a missing one are the same 404 (core.admin.GuardedAdminSite).
        "admin:view_on_site": Entry(
            {},
            kwargs=lambda w: [
                ("scheme-a", {"content_type_id": rel_type.pk, "object_id": str(w.rel.pk)}),
                ("missing", {"content_type_id": rel_type.pk, "object_id": "999999"}),
            ],
            variant_get={
                "scheme-a": _staff(admin=302, coord=302, other=404),
                "missing": _staff(admin=404, coord=404, other=404),
            },
        ),
        "admin/(?P<url>.*)$": Entry(
            _staff(admin=404, coord=404, other=404), kwargs=lambda w: {"url": "no-such-page/"}
        ),
        "admin:matching_matchingrun_start": Entry(everyone_staff),
        "admin:matching_matchingrun_waiting": Entry(everyone_staff),
        "admin:matching_matchingrun_review": Entry(
            _staff(admin=200, coord=200, other=404),
            kwargs=lambda w: {"pk": run.pk},
            post={**{c: NOT_STAFF for c in CAST if c not in STAFF}, OTHER_COORD: 404},
            data=lambda w: {"action": "approve", "confirm": "yes"},
        ),
        # The review page's autocomplete: the run's scheme's accepted applicants, as JSON.
        "admin:matching_matchingrun_candidates": Entry(
            _staff(admin=200, coord=200, other=404), kwargs=lambda w: {"pk": run.pk}
        ),
        # The review page's progress while the run works, as JSON.
        "admin:matching_matchingrun_progress": Entry(
            _staff(admin=200, coord=200, other=404), kwargs=lambda w: {"pk": run.pk}
        ),
        # Imports and exports: members (``accounts``) are the administrators' alone;
        # applications are imported by whoever may decide on them, and exported (scoped)
        # by whoever may view them.
        "admin:accounts_user_import": Entry(_staff(admin=200, coord=403, other=403)),
        "admin:accounts_user_process_import": Entry(_staff(admin=405, coord=405, other=405)),
        "admin:accounts_user_export": Entry(_staff(admin=200, coord=403, other=403)),
        "admin:schemes_application_import": Entry(everyone_staff),
        "admin:schemes_application_process_import": Entry(_staff(admin=405, coord=405, other=405)),
        "admin:schemes_application_export": Entry(everyone_staff),
        "admin:schemes_subscription_export": Entry(everyone_staff),
        "admin:auth_user_password_change": Entry(
            _staff(admin=200, coord=403, other=403),
            kwargs=lambda w: {"id": str(w.user("mentee").pk)},
        ),
    }
    # Each app's index page: staff who may see any of the app's models.
    variants = _app_list_expectations(world)
    entries["admin:app_list"] = Entry(
        {},
        kwargs=lambda w: [(label, kw) for label, kw, _ in variants],
        variant_get={label: statuses for label, _, statuses in variants},
    )
    return entries
