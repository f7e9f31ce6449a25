"""The pseudo-locale: accented, lengthened English in brackets ("[Šàṽé ðŕàƒţ ~~]"), built
from the project's own strings, shipped only in the tests.

``build(directory)`` runs ``makemessages`` (django and djangojs domains) into
``directory`` for ``CODE``, adds every string of the installed packages' English catalogues
(Django, its admin, allauth, the country names...: a real language gets those from the
packages, the pseudo-locale from here), fills every ``msgstr`` with ``pseudo(msgid)`` and
compiles it with ``compilemessages``. A page in the pseudo-locale then shows no run of
plain ASCII letters except where a string escaped translation (or member data in Latin
script: the walk seeds its data in other scripts).

Run by hand: ``python -m tests.i18n.pseudo DIRECTORY`` (with DJANGO_SETTINGS_MODULE set).
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CODE = "en-xa"  # a private-use region of English: a code Django accepts
LOCALE = "en_XA"
NAME = "Pseudo-English"
PLURALS = r"Plural-Forms: nplurals=2; plural=(n != 1);\\n"
DOMAINS = ("django", "djangojs")
# Not interface: third-party code, generated files, the tests and the tooling.
IGNORE = [
    "node_modules/*",
    "var/*",
    "artifacts/*",
    "tests/*",
    "scripts/*",
    "deploy/*",
    "docs/*",
    "locale/*",
    "static/bootstrap/*",
    "staticfiles/*",
]

_UPPER = "ÀƁÇÐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ"
_LOWER = "àƀçðéƒĝĥîĵķļɱñöþǫŕšţûṽŵẋýž"
ACCENTS = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", _UPPER + _LOWER)
# Kept exactly: printf and format placeholders, HTML tags and entities, C escapes.
KEEP = re.compile(
    r"%\([^)]+\)[-#0 +]*\d*(?:\.\d+)?[a-zA-Z]"
    r"|%[-#0 +]*\d*(?:\.\d+)?[sdifrx%]"
    r"|\{[^{}]*\}"
    r"|<[^<>]+>"
    r"|&[a-zA-Z#0-9]+;"
    r"|\\."
)


def pseudo(text: str) -> str:
    """``text`` accented and about a third longer, in brackets, placeholders intact."""
    if not text.strip():
        return text
    out, position = [], 0
    for match in KEEP.finditer(text):
        out.append(text[position : match.start()].translate(ACCENTS))
        out.append(match.group(0))
        position = match.end()
    out.append(text[position:].translate(ACCENTS))
    padding = "~" * max(2, len(text) // 3)
    return f"[{''.join(out)} {padding}]"


def _unquote(line: str) -> str:
    return line[line.index('"') + 1 : line.rindex('"')]


def _quote(text: str) -> str:
    return f'"{text}"'


def fill(po_text: str) -> str:
    """A .po file (from ``msgen``: each msgstr a copy of its msgid) with every msgstr but the
    header's replaced by its pseudo form, written on one line."""
    out: list[str] = []
    lines = po_text.splitlines()
    index = 0
    while index < len(lines):
        line = lines[index]
        match = re.match(r"^(msgstr(?:\[\d+\])?) ", line)
        if not match:
            out.append(line)
            index += 1
            continue
        parts = [_unquote(line)]
        index += 1
        while index < len(lines) and lines[index].startswith('"'):
            parts.append(_unquote(lines[index]))
            index += 1
        text = "".join(parts)
        is_header = out and out[-1] == 'msgid ""' and (len(out) < 2 or "msgctxt" not in out[-2])
        value = text if is_header else pseudo(text)
        if is_header:
            out.append(f"{match.group(1)} {_quote(parts[0])}")
            out.extend(_quote(p) for p in parts[1:])
        else:
            out.append(f"{match.group(1)} {_quote(value)}")
    return "\n".join(out) + "\n"


def _package_catalogues(domain: str) -> list[Path]:
    """The English catalogues (.po) of every installed app and of Django itself."""
    import django
    from django.apps import apps

    roots = [Path(django.__file__).parent / "conf" / "locale"]
    roots += [Path(config.path) / "locale" for config in apps.get_app_configs()]
    found = []
    for root in roots:
        po = root / "en" / "LC_MESSAGES" / f"{domain}.po"
        if po.exists() and not po.is_relative_to(ROOT / "locale"):
            found.append(po)
    return found


def _shadow_tree(directory: Path) -> Path:
    """A copy of the repository's interface sources whose ``locale`` is ``directory``:
    makemessages writes to the ``locale`` folder of the tree it scans, so scanning this one
    writes the catalogues here, never into the repository. A copy, not links: makemessages
    writes a temporary ``.py`` beside each template it reads, and through links those
    landed in the repository, where another test process's scan could list one and find it
    gone (a ``FileNotFoundError`` seen under ``-n``)."""
    tree = directory.parent / f"{directory.name}-tree"
    tree.mkdir(exist_ok=True)
    skipped = {p.removesuffix("/*") for p in IGNORE if p.count("/") == 1 and p.endswith("/*")}
    unused = shutil.ignore_patterns(".*", "__pycache__", "*.pyc")
    for entry in ROOT.iterdir():
        target = tree / entry.name
        if entry.name.startswith(".") or entry.name in skipped or target.exists():
            continue
        if entry.is_dir():
            shutil.copytree(entry, target, ignore=unused)
        elif entry.is_file():
            shutil.copy2(entry, target)
    if not (tree / "locale").exists():
        (tree / "locale").symlink_to(directory)
    return tree


def makemessages(directory: Path) -> str:
    """Run ``makemessages`` for the pseudo-locale into ``directory``; return what it wrote to
    stderr (warnings and errors: empty when it runs clean)."""
    from django.core.management import call_command
    from django.test import override_settings

    errors = io.StringIO()
    previous = os.getcwd()
    os.chdir(_shadow_tree(directory))
    try:
        with override_settings(LOCALE_PATHS=[]):
            for domain in DOMAINS:
                call_command(
                    "makemessages",
                    locale=[LOCALE],
                    domain=domain,
                    ignore_patterns=list(IGNORE),
                    no_obsolete=True,
                    symlinks=True,
                    verbosity=0,
                    stdout=io.StringIO(),
                    stderr=errors,
                )
    finally:
        os.chdir(previous)
    return errors.getvalue()


def _merge_and_fill(directory: Path) -> None:
    """Add the packages' strings to each domain's catalogue (the project's own win), then
    replace every translation by its pseudo form."""
    folder = directory / LOCALE / "LC_MESSAGES"
    for domain in DOMAINS:
        own = folder / f"{domain}.po"
        sources = [str(own)] if own.exists() else []
        sources += [str(p) for p in _package_catalogues(domain)]
        if not sources:
            continue
        merged = subprocess.run(
            ["msgcat", "--use-first", "--no-wrap", "--to-code=UTF-8", *sources],
            check=True,
            capture_output=True,
        ).stdout
        english = subprocess.run(
            ["msgen", "--no-wrap", "-"], input=merged, check=True, capture_output=True
        ).stdout.decode()
        # The project's header comes first; English plurals, whatever makemessages put.
        filled = re.sub(r"Plural-Forms: [^\\]*\\n", PLURALS, fill(english), count=1)
        own.write_text(filled, encoding="utf-8")


def compilemessages(directory: Path) -> str:
    """Compile the pseudo-locale's catalogues; return what ``compilemessages`` wrote to
    stderr. Run from ``directory`` (it also compiles every locale folder under the working
    directory)."""
    from django.core.management import call_command
    from django.test import override_settings

    errors = io.StringIO()
    previous = os.getcwd()
    os.chdir(directory)
    try:
        with override_settings(LOCALE_PATHS=[str(directory)]):
            call_command(
                "compilemessages", locale=[LOCALE], verbosity=0, stdout=io.StringIO(), stderr=errors
            )
    finally:
        os.chdir(previous)
    return errors.getvalue()


def build(directory: Path) -> dict[str, str]:
    """Build the compiled pseudo-locale in ``directory``; return the stderr of each step."""
    directory.mkdir(parents=True, exist_ok=True)
    report = {"makemessages": makemessages(directory)}
    _merge_and_fill(directory)
    report["compilemessages"] = compilemessages(directory)
    return report


if __name__ == "__main__":
    import django

    django.setup()
    print(build(Path(sys.argv[1])))
