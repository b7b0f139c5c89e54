# Shared helpers for the local scripts (sourced).
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() {
  local p=$1
  while port_busy "$p"; do p=$((p + 1)); done
  echo "$p"
}
wait_ready() { # URL SECONDS
  local i
  for ((i = 0; i < $2 * 10; i++)); do
    curl -fsS -o /dev/null "$1/readyz" 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}
ensure_chromium() {
  local bin=${CHROMIUM_PATH:-/usr/bin/chromium}
  # Chinese pages need a CJK font, which Debian's chromium does not bring.
  [[ -x $bin ]] && { [[ -n ${CHROMIUM_PATH:-} ]] || fc-list 2>/dev/null | grep -qi "cjk"; } && return 0
  if [[ $(id -u) -ne 0 ]] || ! command -v apt-get >/dev/null; then
    echo "e2e: Chromium not found at $bin; install Debian's chromium package" >&2
    return 1
  fi
  echo "e2e: installing Debian's chromium and fonts-noto-cjk with apt-get" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null 2>&1 || true
  apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
}
