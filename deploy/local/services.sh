#!/usr/bin/env bash
# Makes PostgreSQL and Redis available for Teyi's demo and tests.
#
#   deploy/local/services.sh up      reuse reachable services, or start private ones
#   deploy/local/services.sh down    stop the private ones this script started
#   deploy/local/services.sh status
#
# Order of preference for each service:
#   1. DATABASE_URL / REDIS_URL (or the defaults) already answer: reuse them;
#   2. the server binaries are installed: start a private instance under .data/
#      on a free loopback port (Redis with AOF on and noeviction);
#   3. running as root with apt: install postgresql / redis-server, then 2.
# The chosen URLs are written to .data/services.env for `source`.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DATA="$ROOT/.data"
ENVFILE="$DATA/services.env"
DB_NAME="${TEYI_DB_NAME:-teyi}"
DEFAULT_DB="postgres://postgres@127.0.0.1:5432/$DB_NAME?sslmode=disable"
DEFAULT_REDIS="redis://127.0.0.1:6379/0"
mkdir -p "$DATA"

say() { echo "services: $*" >&2; }

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() {
  local p=$1
  while port_busy "$p"; do p=$((p + 1)); done
  echo "$p"
}

apt_install() {
  if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null; then
    say "cannot install $* (need root and apt-get); install it and run again"
    exit 1
  fi
  say "installing $* with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null 2>&1 || true
  apt-get install -y -qq "$@" >/dev/null
}

# url_part URL FIELD: host, port, user, db of a postgres URL.
pg_host_port() {
  local rest=${1#*://}; rest=${rest#*@}; rest=${rest%%/*}
  local host=${rest%%:*} port=5432
  [[ $rest == *:* ]] && port=${rest##*:}
  echo "$host $port"
}

pg_reachable() {
  local url=$1 host port
  read -r host port < <(pg_host_port "$url")
  if command -v pg_isready >/dev/null; then
    pg_isready -q -h "$host" -p "$port" -t 2
  else
    port_busy "$port"
  fi
}

admin_url() { local u=$1; local base=${u%%\?*}; local q=""; [[ $u == *\?* ]] && q="?${u#*\?}"; echo "${base%/*}/postgres$q"; }

ensure_db_exists() {
  local url=$1 name
  name=${url%%\?*}; name=${name##*/}
  command -v psql >/dev/null || apt_install postgresql-client
  if ! psql "$(admin_url "$url")" -Atqc "SELECT 1 FROM pg_database WHERE datname = '$name'" | grep -q 1; then
    psql "$(admin_url "$url")" -qc "CREATE DATABASE \"$name\"" >/dev/null
    say "created database $name"
  fi
}

pg_bindir() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [[ -x $d/initdb ]] && { echo "$d"; return; }
  done
  command -v initdb >/dev/null && dirname "$(command -v initdb)"
}

as_pg_user() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

start_private_pg() {
  local bindir port dir="$DATA/postgres"
  bindir=$(pg_bindir || true)
  if [[ -z $bindir ]]; then
    apt_install postgresql
    bindir=$(pg_bindir)
  fi
  if [[ $(id -u) -eq 0 ]] && ! id postgres >/dev/null 2>&1; then
    useradd --system --home-dir "$dir" postgres
  fi
  if [[ ! -s $dir/PG_VERSION ]]; then
    mkdir -p "$dir"
    [[ $(id -u) -eq 0 ]] && chown postgres "$dir"
    as_pg_user "$bindir/initdb" -D "$dir" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  [[ $(id -u) -eq 0 ]] && chown -R postgres "$dir"
  if [[ -f $dir/postmaster.pid ]] && as_pg_user "$bindir/pg_ctl" -D "$dir" status >/dev/null 2>&1; then
    port=$(sed -n 4p "$dir/postmaster.pid")
  else
    port=$(free_port 55432)
    as_pg_user "$bindir/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 30 \
      -o "-p $port -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" start >/dev/null
    say "started private PostgreSQL on 127.0.0.1:$port (data in .data/postgres)"
  fi
  echo "$bindir" > "$DATA/postgres.bindir"
  DATABASE_URL="postgres://postgres@127.0.0.1:$port/$DB_NAME?sslmode=disable"
}

redis_reachable() {
  local url=$1 rest host port
  rest=${url#*://}; rest=${rest#*@}; rest=${rest%%/*}
  host=${rest%%:*}; port=6379; [[ $rest == *:* ]] && port=${rest##*:}
  if command -v redis-cli >/dev/null; then
    [[ $(redis-cli -h "$host" -p "$port" ping 2>/dev/null) == PONG ]]
  else
    port_busy "$port"
  fi
}

start_private_redis() {
  local dir="$DATA/redis" port
  command -v redis-server >/dev/null || apt_install redis-server
  mkdir -p "$dir"
  if [[ -f $dir/port ]] && redis_reachable "redis://127.0.0.1:$(cat "$dir/port")/0"; then
    port=$(cat "$dir/port")
  else
    port=$(free_port 56379)
    redis-server --daemonize yes --bind 127.0.0.1 --port "$port" --dir "$dir" \
      --appendonly yes --appendfsync everysec --maxmemory-policy noeviction \
      --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" --save ""
    echo "$port" > "$dir/port"
    for _ in $(seq 50); do redis_reachable "redis://127.0.0.1:$port/0" && break; sleep 0.1; done
    say "started private Redis on 127.0.0.1:$port (AOF on, noeviction; data in .data/redis)"
  fi
  REDIS_URL="redis://127.0.0.1:$port/0"
}

up() {
  DATABASE_URL=${DATABASE_URL:-$DEFAULT_DB}
  REDIS_URL=${REDIS_URL:-$DEFAULT_REDIS}
  if pg_reachable "$DATABASE_URL"; then
    say "reusing PostgreSQL at ${DATABASE_URL%%\?*}"
  else
    say "no PostgreSQL answers at ${DATABASE_URL%%\?*}"
    start_private_pg
  fi
  ensure_db_exists "$DATABASE_URL"
  if redis_reachable "$REDIS_URL"; then
    say "reusing Redis at $REDIS_URL"
  else
    say "no Redis answers at $REDIS_URL"
    start_private_redis
  fi
  cat > "$ENVFILE" <<ENV
export DATABASE_URL='$DATABASE_URL'
export REDIS_URL='$REDIS_URL'
export TEYI_TEST_DATABASE_URL='$(admin_url "$DATABASE_URL")'
ENV
  say "settings in .data/services.env; stop private services with: deploy/local/services.sh down"
}

down() {
  local dir="$DATA/postgres"
  if [[ -f $dir/postmaster.pid && -f $DATA/postgres.bindir ]]; then
    as_pg_user "$(cat "$DATA/postgres.bindir")/pg_ctl" -D "$dir" -m fast stop >/dev/null && say "stopped private PostgreSQL"
  fi
  if [[ -f $DATA/redis/redis.pid ]]; then
    kill "$(cat "$DATA/redis/redis.pid")" 2>/dev/null && say "stopped private Redis"
    rm -f "$DATA/redis/redis.pid" "$DATA/redis/port"
  fi
  rm -f "$ENVFILE"
}

status() {
  [[ -f $ENVFILE ]] && cat "$ENVFILE" || say "not set up (run: deploy/local/services.sh up)"
}

case "${1:-up}" in
  up) up ;;
  down) down ;;
  status) status ;;
  *) echo "usage: $0 up|down|status" >&2; exit 2 ;;
esac
