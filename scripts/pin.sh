#!/usr/bin/env bash
# Re-pin requirements.txt from requirements.in in a clean throwaway venv (pip freeze writes
# no index URLs, so nothing machine- or registry-specific lands in the repo).
set -euo pipefail
cd "$(dirname "$0")/.."
TMP="$(mktemp -d)"
python3 -m venv "$TMP/venv"
"$TMP/venv/bin/pip" install --quiet --upgrade pip
"$TMP/venv/bin/pip" install --quiet -r requirements.in
{
  echo "# Pinned by scripts/pin.sh from requirements.in. Do not edit by hand."
  "$TMP/venv/bin/pip" freeze --exclude-editable
} > requirements.txt
rm -rf "$TMP"
