#!/usr/bin/env bash
# Re-pin the dependencies with hashes (pip-tools' pip-compile, in a throwaway venv):
#   requirements.in     -> requirements.txt      production: the image installs only these
#   requirements-dev.in -> requirements-dev.txt  production + development and test tools
# Existing pins are kept unless a requirement changed; `scripts/pin.sh --upgrade` moves every
# pin to the newest release. Only PyPI is consulted (the machine's pip configuration, extra
# indexes and local wheel folders are ignored) and no index URL or path is written, so the
# files are the same on every machine. Then run scripts/test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
PIP_TOOLS_VERSION="7.7.0"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
export PIP_CONFIG_FILE=/dev/null PIP_DISABLE_PIP_VERSION_CHECK=1
unset PIP_FIND_LINKS PIP_INDEX_URL PIP_EXTRA_INDEX_URL PIP_CONSTRAINT
python3 -m venv "$TMP/venv"
"$TMP/venv/bin/pip" install --quiet "pip-tools==$PIP_TOOLS_VERSION"
compile() {
  "$TMP/venv/bin/pip-compile" --quiet --generate-hashes --allow-unsafe \
    --no-emit-index-url --no-emit-find-links "$@"
}
# Production extras are stripped: requirements.txt is also the constraint file of the
# development set, and pip refuses extras in a constraint file. The development set keeps
# them: in hash-checking mode pip wants a dependency such as `coverage[toml]` pinned as such.
compile --strip-extras "$@" -o requirements.txt requirements.in
compile --no-strip-extras "$@" -o requirements-dev.txt requirements-dev.in
