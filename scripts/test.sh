#!/usr/bin/env bash
# Install everything the test suite needs, then run all of it. CI runs exactly this (.ci/run).
#
# Every install step lives here so that a clean clone on a fresh machine passes:
#   - Debian's chromium, which the browser tests drive through Playwright (no browser download),
#     and npm and python3-venv where the machine lacks them;
#   - a virtualenv in .venv with artsite and its [test] extra (pytest, hypothesis, playwright, atheris, ruff);
#   - axe-core from the npm registry (package-lock.json), injected into pages by the accessibility tests;
#   - vnu-jar (the Nu HTML checker) from the npm registry, run on Debian's default-jre-headless by
#     tests/browser/test_html_validity.py.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3}
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# Debian packages the suite needs and a fresh machine may lack: chromium for the browser tests,
# npm for axe-core and vnu-jar, java for vnu-jar, the venv module, and ExifTool, the independent
# reader the privacy sweep (tests/hostile/test_privacy_sweep.py) checks every published file with.
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v npm >/dev/null 2>&1 || missing+=(npm)
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
"$PYTHON" -c "import ensurepip, venv" >/dev/null 2>&1 || missing+=(python3-venv)
command -v exiftool >/dev/null 2>&1 || missing+=(libimage-exiftool-perl)
if [ ${#missing[@]} -gt 0 ]; then
  echo "== installing Debian packages: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
  echo "== creating .venv"
  "$PYTHON" -m venv .venv
fi
echo "== installing artsite with its test extra"
.venv/bin/python -m pip install -q --disable-pip-version-check -e '.[test]'

if [ ! -f node_modules/axe-core/axe.min.js ] || [ ! -f node_modules/vnu-jar/build/dist/vnu.jar ]; then
  echo "== installing axe-core and vnu-jar (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
fi

echo "== ruff"
.venv/bin/ruff check generator tests benchmarks scripts fuzz

echo "== pytest"
exec .venv/bin/python -m pytest -n 2 "$@"
