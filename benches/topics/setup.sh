#!/usr/bin/env bash
# Creates the Python venv the topic benchmarks run in (default /tmp/teema-topics-venv; another
# path as the first argument or in TEEMA_TOPICS_VENV) and installs the pinned packages.
set -euo pipefail
venv="${1:-${TEEMA_TOPICS_VENV:-/tmp/teema-topics-venv}}"
python="${PYTHON:-python3}"
if [ ! -x "$venv/bin/python" ]; then
    "$python" -m venv "$venv"
fi
"$venv/bin/pip" install --quiet --upgrade pip
# The versions the figures in README.md were measured with (Python 3.11).
"$venv/bin/pip" install --quiet \
    scikit-learn==1.9.1 \
    scipy==1.17.1 \
    numpy==2.4.6 \
    snowballstemmer==3.1.1
echo "venv ready: $venv"
echo "  $venv/bin/python benches/topics/compare.py        # teema next to scikit-learn"
echo "  $venv/bin/python benches/topics/sklearn_baseline.py --all-variants --seeds 0,1,2"
