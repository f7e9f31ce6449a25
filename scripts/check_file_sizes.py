"""Refuse files over a size limit (a pre-commit hook): fonts, data dumps and screenshots
belong in packages or artefacts, never in the repository.

Usage: ``python scripts/check_file_sizes.py --max-kb 500 FILE...``; exits 1 naming each
file that is too large.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def too_large(paths: list[str], *, max_bytes: int) -> list[tuple[str, int]]:
    """The (path, size) of every existing file in ``paths`` larger than ``max_bytes``."""
    found = []
    for name in paths:
        path = Path(name)
        if path.is_file() and path.stat().st_size > max_bytes:
            found.append((name, path.stat().st_size))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--max-kb", type=int, default=500)
    parser.add_argument("files", nargs="*")
    args = parser.parse_args(argv)
    found = too_large(args.files, max_bytes=args.max_kb * 1024)
    for name, size in found:
        print(f"{name}: {size // 1024} kB is over {args.max_kb} kB", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
