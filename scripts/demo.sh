#!/usr/bin/env bash
# The whole loop on a bundled broken fixture: run, locate the failure, propose a verified
# fix as a diff, apply it, rerun to success. The fixture is copied to .demo/ first, so
# the bundled one stays broken. Offline: no API key, no network.
set -euo pipefail
PY="${1:-.venv/bin/python}"
CASE="${GPTFIX_DEMO_CASE:-01-missing-flatten}"
cd "$(dirname "$0")/.."
export TF_CPP_MIN_LOG_LEVEL=2
rm -rf .demo
mkdir -p .demo
cp "fixtures/$CASE/train.py" .demo/train.py
echo "== gptfix demo: fixtures/$CASE/train.py copied to .demo/train.py"
echo "== gptfix run --smoke --fix --yes .demo/train.py"
status=0
"$PY" -m gptfix run --smoke --fix --yes .demo/train.py || status=$?
echo
if [ "$status" -eq 0 ]; then
  echo "== the script now runs; what changed (gptfix undo .demo/train.py restores it):"
  diff -u "fixtures/$CASE/train.py" .demo/train.py || true
else
  echo "== gptfix could not fix it (exit $status)"
fi
exit "$status"
