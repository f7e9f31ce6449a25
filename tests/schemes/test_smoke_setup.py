from schemes.models import Scheme


def test_scheme_factory_creates_recruiting_scheme(scheme):
    assert Scheme.objects.get() == scheme
    assert scheme.is_open is True
