#!/usr/bin/env bash
# Runs the demo: migrate, seed, then `teyi all` in the foreground.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
source deploy/local/lib.sh
source .data/services.env
export TEYI_DEMO=1
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
