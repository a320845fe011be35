#!/usr/bin/env bash
# Manages a local kinesalite (Kinesis emulator) for the AWS destination tests.
#
#   scripts/kinesalite.sh install   install the pinned kinesalite into .tools/kinesalite (npm ci)
#   scripts/kinesalite.sh start     install if needed, start on 127.0.0.1:<free port>, print KINESIS_ENDPOINT=...
#   scripts/kinesalite.sh stop      stop the instance started by 'start'
#   scripts/kinesalite.sh status    print the endpoint and exit 0 if running, else exit 1
#   scripts/kinesalite.sh endpoint  print only the endpoint URL (exit 1 if not running)
#
# KINESALITE_STATE_DIR chooses where the pid, log and endpoint files live
# (default .tools/kinesalite/run); test fixtures use a private one per run.
# The endpoint is written to $KINESALITE_STATE_DIR/endpoint.
# KINESALITE_PORT picks the port (default: any free one), so that a restart can come back on the same endpoint.
# KINESALITE_PATH makes kinesalite keep its streams and records in a LevelDB folder there (default: in memory),
# so that they survive a stop and start. LevelDB is leveldown's prebuilt N-API binary from the npm package:
# nothing is compiled.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SRC_DIR="$ROOT/scripts/kinesalite"
INSTALL_DIR="$ROOT/.tools/kinesalite"
STATE_DIR="${KINESALITE_STATE_DIR:-$INSTALL_DIR/run}"
PID_FILE="$STATE_DIR/pid"
LOG_FILE="$STATE_DIR/log"
ENDPOINT_FILE="$STATE_DIR/endpoint"
STAMP_FILE="$INSTALL_DIR/.lock-sha256"
# Bump when the install command changes, so that an older install is redone.
INSTALL_FLAVOR="with-optional-1"
START_TIMEOUT_SECONDS="${KINESALITE_START_TIMEOUT:-30}"

log() { echo "kinesalite: $*" >&2; }

lock_sha() { echo "$(sha256sum "$SRC_DIR/package-lock.json" | cut -d' ' -f1) $INSTALL_FLAVOR"; }

install() {
  command -v node >/dev/null || { log "node is not on PATH"; exit 1; }
  command -v npm >/dev/null || { log "npm is not on PATH"; exit 1; }
  local want
  want="$(lock_sha)"
  if [[ -f "$STAMP_FILE" && "$(cat "$STAMP_FILE")" == "$want" && -d "$INSTALL_DIR/node_modules/kinesalite" ]]; then
    return 0
  fi
  mkdir -p "$INSTALL_DIR"
  # Serialize concurrent installs (two test runs starting at once).
  exec 9>"$INSTALL_DIR/.install.lock"
  flock 9
  if [[ -f "$STAMP_FILE" && "$(cat "$STAMP_FILE")" == "$want" && -d "$INSTALL_DIR/node_modules/kinesalite" ]]; then
    flock -u 9; return 0
  fi
  log "installing pinned kinesalite into $INSTALL_DIR"
  cp "$SRC_DIR/package.json" "$SRC_DIR/package-lock.json" "$INSTALL_DIR/"
  # leveldown (optional, native) is only used with KINESALITE_PATH. Its npm package ships prebuilt N-API binaries
  # (node-gyp-build picks them at require time), so install scripts stay off and nothing is compiled or downloaded
  # beyond the npm registry.
  (cd "$INSTALL_DIR" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >&2)
  echo "$want" >"$STAMP_FILE"
  flock -u 9
}

running_pid() {
  [[ -f "$PID_FILE" ]] || return 1
  local pid
  pid="$(cat "$PID_FILE")"
  [[ -n "$pid" ]] && alive "$pid" && echo "$pid"
}

# kill -0 also succeeds on a zombie that init has not reaped yet, so look at the state too.
alive() {
  local state=""
  if [[ -r "/proc/$1/stat" ]]; then
    # Field 3 of /proc/<pid>/stat is the state; the command name before it is in parentheses.
    state="$(sed -e 's/^.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1 || true)"
  elif command -v ps >/dev/null; then
    state="$(ps -o stat= -p "$1" 2>/dev/null || true)"
  else
    kill -0 "$1" 2>/dev/null && state="R"
  fi
  [[ -n "$state" && "$state" != Z* ]]
}

answers() {
  # The endpoint file is written once the server listens; with curl, also see it answer over HTTP
  # (any status will do: unsigned requests get 400 MissingAuthenticationToken).
  command -v curl >/dev/null || return 0
  curl -s -o /dev/null -m 2 -X POST -H 'Content-Type: application/x-amz-json-1.1' \
    -H 'X-Amz-Target: Kinesis_20131202.ListStreams' -d '{}' -w '%{http_code}' "$1" | grep -q '^[1-5][0-9][0-9]$'
}

start() {
  install
  mkdir -p "$STATE_DIR"
  if pid="$(running_pid)"; then
    log "already running (pid $pid)"
    echo "KINESIS_ENDPOINT=$(cat "$ENDPOINT_FILE")"
    return 0
  fi
  rm -f "$ENDPOINT_FILE"
  if [[ -n "${KINESALITE_PATH:-}" ]]; then
    mkdir -p "$KINESALITE_PATH"
  fi
  KINESALITE_PORT="${KINESALITE_PORT:-0}" KINESALITE_PATH="${KINESALITE_PATH:-}" \
    nohup node "$SRC_DIR/server.js" "$ENDPOINT_FILE" "$INSTALL_DIR" >"$LOG_FILE" 2>&1 </dev/null &
  echo $! >"$PID_FILE"
  local deadline=$((SECONDS + START_TIMEOUT_SECONDS))
  while (( SECONDS < deadline )); do
    if ! running_pid >/dev/null; then
      log "exited during start; log follows"; cat "$LOG_FILE" >&2; exit 1
    fi
    if [[ -s "$ENDPOINT_FILE" ]] && answers "$(cat "$ENDPOINT_FILE")"; then
      echo "KINESIS_ENDPOINT=$(cat "$ENDPOINT_FILE")"
      return 0
    fi
    sleep 0.1
  done
  log "did not answer within ${START_TIMEOUT_SECONDS}s; log follows"
  cat "$LOG_FILE" >&2
  stop
  exit 1
}

stop() {
  if pid="$(running_pid)"; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do alive "$pid" || break; sleep 0.05; done
    alive "$pid" && kill -9 "$pid" 2>/dev/null || true
    log "stopped (pid $pid)"
  fi
  rm -f "$PID_FILE" "$ENDPOINT_FILE"
}

status() {
  if pid="$(running_pid)" && [[ -s "$ENDPOINT_FILE" ]]; then
    echo "running (pid $pid) at $(cat "$ENDPOINT_FILE")"
  else
    echo "not running"; return 1
  fi
}

case "${1:-}" in
  install) install ;;
  start) start ;;
  stop) stop ;;
  status) status ;;
  endpoint) running_pid >/dev/null && cat "$ENDPOINT_FILE" || exit 1 ;;
  *) echo "usage: $0 install|start|stop|status|endpoint" >&2; exit 2 ;;
esac
