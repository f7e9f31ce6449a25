"""The repository's own guard rails: the large-file check the pre-commit hooks run, the
hooks' configuration itself, and the dependency files (production apart from tooling, hashed)."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHECK = ROOT / "scripts" / "check_file_sizes.py"


def run_check(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(CHECK), *args], capture_output=True, text=True, check=False
    )


def test_file_size_check_passes_small_files_and_names_large_ones(tmp_path):
    small = tmp_path / "small.txt"
    small.write_bytes(b"x" * 1024)
    large = tmp_path / "font.ttf"
    large.write_bytes(b"x" * (3 * 1024 + 1))
    ok = run_check("--max-kb", "2", str(small))
    refused = run_check("--max-kb", "2", str(small), str(large))
    assert (ok.returncode, ok.stderr) == (0, "")
    assert (refused.returncode, refused.stderr) == (1, f"{large}: 3 kB is over 2 kB\n")


def test_file_size_check_ignores_missing_paths(tmp_path):
    # pre-commit passes deleted files too: they are not too large.
    assert run_check("--max-kb", "1", str(tmp_path / "gone.bin")).returncode == 0


def test_pre_commit_configuration_is_valid():
    result = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-config", ".pre-commit-config.yaml"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


# --- dependencies: production apart from development and test tools ----------------------

# Tools that must never reach the production image (requirements.txt), with what pulls them in.
TEST_TOOLS = {
    "pytest", "pytest-django", "pytest-cov", "pytest-xdist", "pytest-timeout", "coverage",
    "playwright", "locust", "mypy", "django-stubs", "ruff", "pre-commit", "factory-boy",
    "hypothesis", "moto", "time-machine", "pypdf", "networkx", "pip-tools",
}  # fmt: skip
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?==([^\s;\\]+)")


def _pins(name: str) -> dict[str, str]:
    """Package (normalised name) -> pinned version, from a pip-compile output file."""
    pins = {}
    for line in (ROOT / name).read_text().splitlines():
        if match := PIN.match(line):
            pins[re.sub(r"[-_.]+", "-", match[1]).lower()] = match[3]
    return pins


def _hashed_blocks(name: str) -> list[str]:
    """Each requirement of the file with its continuation lines, comments left out."""
    text = "\n".join(
        line for line in (ROOT / name).read_text().splitlines() if not line.lstrip().startswith("#")
    )
    return [block for block in re.split(r"\n(?=\S)", text) if block.strip()]


def test_production_requirements_carry_no_test_tooling():
    production = _pins("requirements.txt")
    assert len(production) > 20  # the parser read the file
    assert sorted(TEST_TOOLS & production.keys()) == []


def test_development_set_is_the_production_set_plus_tools_at_the_same_versions():
    production, development = _pins("requirements.txt"), _pins("requirements-dev.txt")
    assert {name: development.get(name) for name in production} == production
    assert TEST_TOOLS - {"pip-tools"} <= development.keys()


@pytest.mark.parametrize("name", ["requirements.txt", "requirements-dev.txt"])
def test_every_pin_has_a_hash_and_no_index_url_or_path(name):
    blocks = _hashed_blocks(name)
    assert [b.split()[0] for b in blocks if not PIN.match(b) or "--hash=sha256:" not in b] == []
    text = (ROOT / name).read_text()
    for marker in ("--index-url", "--extra-index-url", "--find-links", "file:", "/opt/", "/home/"):
        assert marker not in text, marker


def test_image_installs_the_production_set_only():
    dockerfile = (ROOT / "Dockerfile").read_text()
    installs = re.findall(r"pip install .*", dockerfile)
    assert installs == ["pip install --no-cache-dir --require-hashes -r requirements.txt"]
    assert "requirements-dev" not in dockerfile
