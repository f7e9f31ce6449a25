"""The repository's own guard rails: the large-file check the pre-commit hooks run, and the
hooks' configuration itself."""

import subprocess
import sys
from pathlib import Path

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
