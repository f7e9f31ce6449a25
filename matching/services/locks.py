"""The scheme row lock every place-taking write takes first."""

from schemes.models import Scheme


def lock_scheme(scheme_id: int) -> Scheme:
    return Scheme.objects.select_for_update().get(pk=scheme_id)
