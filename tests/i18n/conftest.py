"""The pseudo-locale fixtures, for the tests of this folder."""

from tests.i18n.fixtures import pseudo_locale, pseudo_locale_build  # noqa: F401
