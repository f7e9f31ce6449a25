"""Fixtures for the pseudo-locale (``tests.i18n.pseudo``): built once per test process,
switched on per test. Import them into a test module to use them."""

from __future__ import annotations

import functools
import tempfile
from pathlib import Path

import pytest

from . import pseudo


@functools.cache
def _built() -> tuple[Path, dict[str, str]]:
    directory = Path(tempfile.mkdtemp(prefix="pseudo-locale-")) / "locale"
    return directory, pseudo.build(directory)


@pytest.fixture(scope="session")
def pseudo_locale_build() -> tuple[Path, dict[str, str]]:
    """The compiled pseudo-locale's folder and what each build step wrote to stderr."""
    return _built()


@pytest.fixture
def pseudo_locale(pseudo_locale_build, settings) -> str:
    """The pseudo-locale offered as a language (its catalogues first): yields its code."""
    directory, _ = pseudo_locale_build
    settings.LOCALE_PATHS = [str(directory), *settings.LOCALE_PATHS]
    settings.LANGUAGES = [*settings.LANGUAGES, (pseudo.CODE, pseudo.NAME)]
    return pseudo.CODE


__all__ = ["pseudo_locale", "pseudo_locale_build"]
