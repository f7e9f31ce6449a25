"""The layers of the project, checked on the import graph of its top-level packages.

Every ``.py`` file of each package counts (migrations, management commands and tests
included; the tests are a package of their own, on top). A package imports only from the
packages below it (``LOWER``), so the graph has no cycle, and the matching engine imports
nothing from Django (also a ruff rule: ``matching/engine/ruff.toml``).
"""

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ORDER = (
    "core",
    "accounts",
    "schemes",
    "sessions_log",
    "matching",
    "cpd",
    "insights",
    "mentoring_site",
    "demo",
    "tests",
)
# The packages each one may import from: every package below it.
LOWER = {package: set(ORDER[:index]) for index, package in enumerate(ORDER)}
ENGINE = ROOT / "matching" / "engine"


def _modules_imported(path: Path) -> set[str]:
    """Absolute imports only: a relative import stays inside its package."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def import_graph() -> dict[str, dict[str, set[str]]]:
    """{package: {imported package: {files importing it}}} between the project's packages."""
    packages = {path.parent.name for path in ROOT.glob("*/__init__.py")}
    graph: dict[str, dict[str, set[str]]] = {p: defaultdict(set) for p in sorted(packages)}
    for package in packages:
        for path in (ROOT / package).rglob("*.py"):
            for name in _modules_imported(path):
                top = name.split(".")[0]
                if top in packages and top != package:
                    graph[package][top].add(str(path.relative_to(ROOT)))
    return graph


def _cycle(graph: dict[str, dict[str, set[str]]]) -> list[str]:
    """One cycle of the graph as a path of packages, or [] when there is none."""
    done: set[str] = set()

    def visit(package: str, path: list[str]) -> list[str]:
        if package in path:
            return [*path[path.index(package) :], package]
        if package in done:
            return []
        for imported in sorted(graph[package]):
            found = visit(imported, [*path, package])
            if found:
                return found
        done.add(package)
        return []

    for package in sorted(graph):
        found = visit(package, [])
        if found:
            return found
    return []


def test_every_package_has_a_layer():
    assert sorted(import_graph()) == sorted(ORDER)


def test_import_graph_between_packages_has_no_cycle():
    assert _cycle(import_graph()) == []


def test_packages_import_only_from_lower_layers():
    upward = {
        f"{package} -> {imported}": sorted(files)
        for package, imports in import_graph().items()
        for imported, files in imports.items()
        if imported not in LOWER[package]
    }
    assert upward == {}


def test_matching_engine_imports_nothing_from_django():
    found = {
        str(path.relative_to(ROOT)): sorted(
            name for name in _modules_imported(path) if name.split(".")[0] == "django"
        )
        for path in ENGINE.rglob("*.py")
    }
    assert {path: names for path, names in found.items() if names} == {}


def test_cycle_finder_finds_a_cycle():
    graph = {"a": {"b": set()}, "b": {"c": set()}, "c": {"a": set()}, "d": {}}
    assert _cycle(graph) == ["a", "b", "c", "a"]
