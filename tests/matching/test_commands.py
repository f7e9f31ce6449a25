"""The validate_weights command."""

import pytest
from django.core.management import CommandError, call_command

from matching import pool as pools
from schemes.models import Role, SchemeKind
from tests.factories import SchemeFactory
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


def test_validate_weights_peer_pool_counts_each_pair_once_best_first(capsys):
    scheme = SchemeFactory(kind=SchemeKind.RECIPROCAL)
    a = accepted(scheme, role=Role.PEER, interests=["ethics", "research"])
    b = accepted(scheme, role=Role.PEER, interests=["Ethics", "research"])
    c = accepted(scheme, role=Role.PEER, interests=[], do_not_pair_with=[a.applicant.email])

    call_command("validate_weights", scheme.slug, "--top", "5")

    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"{scheme.name}: 3 possible pairs, 1 forbidden; weights ")
    pool = pools.build_pool(scheme)
    assert out[1:3] == [
        f"{pools.score_applications(pool, x, y).value:5.1f}  "
        f"{x.applicant.display_name} (peer) + {y.applicant.display_name} (peer): "
        + pools.score_applications(pool, x, y).summary
        for x, y in ((a, b), (b, c))
    ]
