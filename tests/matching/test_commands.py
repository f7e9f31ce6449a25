"""The validate_weights command."""

import pytest
from django.core.management import CommandError, call_command

from matching import pool as pools
from schemes.models import Role
from tests.matching.factories import accepted

pytestmark = pytest.mark.django_db


def test_validate_weights_prints_top_pairs_with_reasons(scheme, capsys):
    mentor = accepted(scheme, role=Role.MENTOR, expertise=["leadership"], interests=["leadership"])
    mentee = accepted(scheme, goals=["leadership"], interests=["leadership"])
    call_command("validate_weights", scheme.slug, "--top", "5")
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"{scheme.name}: 1 possible pairs, 0 forbidden; weights ")
    assert out[1].endswith(
        f"{mentor.applicant.display_name} (mentor) + {mentee.applicant.display_name} (mentee): "
        + pools.score_applications(pools.build_pool(scheme), mentor, mentee).summary
    )


def test_validate_weights_unknown_scheme_is_an_error():
    with pytest.raises(CommandError, match="No scheme with slug 'nope'"):
        call_command("validate_weights", "nope")
