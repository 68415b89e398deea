#!/usr/bin/env bash
# Install what the tests need into the active Python environment, then run the whole test suite.
# Used as is by the README and by .ci/run. Needs Debian's chromium for the browser tests (installed here if missing).
set -euo pipefail
cd "$(dirname "$0")/.."
# uv installs the same pinned packages as pip in about a quarter of the time (23 s against 86 s here), compiled to
# bytecode as pip does. Python may cache the bytecode of the project and the tests too: with PYTHONDONTWRITEBYTECODE
# set (as on some CI machines), every pytest worker and every app server compiled them again (collection alone
# took 12.5 s instead of 7.3 s).
unset PYTHONDONTWRITEBYTECODE
python -m pip install --quiet --disable-pip-version-check uv==0.13.8
python -m uv pip install --quiet --compile-bytecode --python "$(command -v python)" -r requirements-dev.txt
# Debian's chromium for the browser tests, poppler-utils (pdftotext, pdfinfo) to read the exported PDFs back, nginx
# for the replicas behind a reverse proxy (deploy/replicas.py).
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/pdftotext ] || [ ! -x /usr/sbin/nginx ]; then
    if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium poppler-utils nginx >/dev/null
    else sudo apt-get update -qq && sudo apt-get install -y -qq chromium poppler-utils nginx >/dev/null; fi
fi
python -m ruff check .
if [ "$#" -eq 0 ]; then
    # Every test but the browser tests in parallel (pytest-xdist: one worker per core, at most four; a file's tests
    # stay on one worker and each shared database is built once, see tests/conftest.py), then the browser tests on
    # two workers (each with its own app server and Chromium; they mostly wait on the browser, so two at once took
    # 261 s against 312 s one at a time on 2 cores), kept apart from the CPU-bound tests so their timeouts hold.
    status=0
    # --no-loadscope-reorder: pytest-xdist would otherwise hand out modules by their number of tests, not in the
    # order tests/conftest.py gives them (longest first; those needing the demo database after the others).
    python -m pytest -n auto --maxprocesses 4 --dist loadfile --no-loadscope-reorder -m "not browser" || status=$?
    python -m pytest -n 2 --dist loadfile --no-loadscope-reorder -m browser || status=$?
    exit "$status"
else
    python -m pytest "$@"
fi
