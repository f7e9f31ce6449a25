"""Who may apply to a scheme in which role: the scheme's eligibility rule."""

from __future__ import annotations

from django.utils.translation import gettext

from accounts.models import Profile

from ..models import Scheme


def eligible_roles(*, scheme: Scheme, profile: Profile | None) -> list[str]:
    """The roles a member may apply for, by the scheme's eligibility rule.

    Default rule: under ``senior_min_years`` years' experience, only the junior partner's
    role; with that many or more, either. Peer schemes have one role.
    """
    roles = list(scheme.roles)
    junior = scheme.junior_role
    if junior is None or scheme.senior_min_years is None:
        return roles
    years = profile.years_experience if profile else None
    if years is None or years < scheme.senior_min_years:
        return [junior]
    return roles


def eligibility_error(
    *, scheme: Scheme, profile: Profile | None, role: str, accepted: bool = False
) -> str | None:
    """Why ``role`` is not open to this member, or None.

    Years of experience left blank are not "under" the threshold: a member applying is
    asked to add them; an application staff have already ``accepted`` (after checking, or
    imported from their own records) stays eligible, since nothing says otherwise.
    """
    if role not in scheme.roles:
        return gettext("%(name)s does not take applications as %(role)s.") % {
            "name": scheme.name,
            "role": role,
        }
    if role in eligible_roles(scheme=scheme, profile=profile):
        return None
    if profile is None or profile.years_experience is None:
        if accepted:
            return None
        return gettext(
            "Add your years of experience to your profile to apply to "
            "%(name)s as the %(role)s: it takes %(senior_min_years)s "
            "years or more."
        ) % {
            "name": scheme.name,
            "role": scheme.role_label(role).lower(),
            "senior_min_years": scheme.senior_min_years,
        }
    label = scheme.role_label(scheme.junior_role or role)
    return gettext(
        "With under %(senior_min_years)s years' experience you can "
        "apply to %(name)s only as the %(role)s."
    ) % {"senior_min_years": scheme.senior_min_years, "name": scheme.name, "role": label.lower()}
