#!/usr/bin/env bash
# Runs the demo: migrate, seed, then `teyi all` in the foreground.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
source deploy/local/lib.sh
source .data/services.env
export TEYI_DEMO=1
# Personal data in cases is encrypted at rest: the demo keeps its own key.
if [[ -z ${TEYI_SECRET_KEY:-} ]]; then
  [[ -s .data/secret.key ]] || (umask 077 && od -An -tx1 -N32 /dev/urandom | tr -d ' \n' >.data/secret.key)
  TEYI_SECRET_KEY=$(cat .data/secret.key)
  export TEYI_SECRET_KEY
fi
addr=${TEYI_ADDR:-127.0.0.1:8080}
port=${addr##*:}
if port_busy "$port"; then
  port=$(free_port $((port + 1)))
  echo "demo: port ${addr##*:} is taken; using $port" >&2
  addr="${addr%:*}:$port"
fi
export TEYI_ADDR=$addr
bin/teyi migrate up
bin/teyi seed demo | tee .data/demo-logins.txt
echo "demo: loading 24,000 synthetic cases over 12 months (once)…"
bin/teyi seed cases --n 24000 --if-empty | tail -1
# A living queue: applications in every state (once), after the cases exist.
bin/teyi seed applications || echo "demo: seeding the applications failed (see above); the demo runs without them" >&2
bin/teyi all &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null' INT TERM EXIT
if wait_ready "http://$addr" 30; then
  cat <<MSG

  Teyi is running:  http://$addr
  API docs:         http://$addr/api/docs
  Demo logins are listed above (also in .data/demo-logins.txt).
  Stop with Ctrl-C; stop private PostgreSQL/Redis with: deploy/local/services.sh down

MSG
else
  echo "demo: the server did not become ready; see the log above" >&2
fi
wait $pid
