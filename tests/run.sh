#!/usr/bin/env bash
# Install what the tests need into the active Python environment, then run the whole test suite.
# Used as is by the README and by .ci/run. Needs Debian's chromium for the browser tests (installed here if missing).
set -euo pipefail
cd "$(dirname "$0")/.."
python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
# Debian's chromium for the browser tests, poppler-utils (pdftotext, pdfinfo) to read the exported PDFs back, nginx
# for the replicas behind a reverse proxy (deploy/replicas.py).
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/pdftotext ] || [ ! -x /usr/sbin/nginx ]; then
    if [ "$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium poppler-utils nginx >/dev/null
    else sudo apt-get update -qq && sudo apt-get install -y -qq chromium poppler-utils nginx >/dev/null; fi
fi
python -m ruff check .
if [ "$#" -eq 0 ]; then
    # The whole suite in one run on one more worker than there are cores (at most 5): the browser tests mostly wait
    # for the app and Chromium, so they share the machine with the other tests instead of running alone afterwards.
    # A module's tests stay on one worker (--dist loadfile) and each shared database is built once (tests/conftest.py,
    # which also starts the longest modules first).
    workers=$(( $(nproc) + 1 ))
    if [ "$workers" -gt 5 ]; then workers=5; fi
    python -m pytest -n "$workers" --dist loadfile
else
    python -m pytest "$@"
fi
