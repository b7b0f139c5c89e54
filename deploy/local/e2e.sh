#!/usr/bin/env bash
# End-to-end tests: a fresh database, the real binary (`teyi all`) on a free
# port with demo data, and Debian's Chromium driven by playwright-core.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
source deploy/local/lib.sh
source .data/services.env
ensure_chromium
db="teyi_e2e_$$"
admin=$TEYI_TEST_DATABASE_URL
psql "$admin" -qc "CREATE DATABASE $db" >/dev/null
base=${DATABASE_URL%%\?*}
export DATABASE_URL="${base%/*}/$db?sslmode=disable"
export TEYI_QUEUE="e2e$$" TEYI_DEMO=1 TEYI_LOG_LEVEL=warn
# Case imports store personal data sealed with this key; a fixed test key
# (never a real one) unless the caller brings their own.
export TEYI_SECRET_KEY=${TEYI_SECRET_KEY:-00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff}
# TEYI_E2E_PORT: where to start looking for a free port (parallel runs pick
# different starting points so they do not race for the same one).
port=$(free_port "${TEYI_E2E_PORT:-18500}")
export TEYI_ADDR="127.0.0.1:$port"
# Links in mails and decision letters (their verification address) point here.
export TEYI_PUBLIC_URL="http://$TEYI_ADDR"
mkdir -p .data/e2e
log=.data/e2e/server.log
cleanup() {
  [[ -n ${pid:-} ]] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  psql "$admin" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null || true
}
trap cleanup EXIT
bin/teyi migrate up >/dev/null
bin/teyi seed demo >/dev/null
bin/teyi all >"$log" 2>&1 &
pid=$!
if ! wait_ready "http://$TEYI_ADDR" 30; then
  echo "e2e: server not ready; log:" >&2
  cat "$log" >&2
  exit 1
fi
TEYI_BASE_URL="http://$TEYI_ADDR" npm run --silent e2e -- "$@"
