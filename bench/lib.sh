# Shared by the bench/*.sh scripts: paths, the build, free ports, waiting for HTTP, starting and stopping the
# processes a script owns (by their pid only), the machine's description.
# shellcheck shell=bash

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT_DIR=$(dirname "$BENCH_DIR")
APP_JAR="$ROOT_DIR/app/target/onekyc-bridge.jar"
BENCH_JAR="$ROOT_DIR/benchmarks/target/benchmarks.jar"
# The same JVM settings for the service and for every baseline it is compared with.
BENCH_JVM_OPTS=${BENCH_JVM_OPTS:--Xms512m -Xmx512m -XX:+UseG1GC}

OWNED_PIDS=()

# usage_on_help "$@": -h or --help prints the calling script's header comment and exits. Any other option where a
# report file is expected is refused: it would start a run of minutes and then name the file it writes.
usage_on_help() {
  case "${1:-}" in
    -h | --help)
      sed -n '2,/^[^#]/{/^#/{s/^# \{0,1\}//;p}}' "$0"
      exit 0
      ;;
    -*)
      echo "$(basename "$0"): unknown option $1 (see $0 --help)" >&2
      exit 2
      ;;
  esac
}

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# Builds the service jar and benchmarks.jar unless both exist (BENCH_BUILD=1 forces a build). Offline first;
# if that fails (a dependency not yet in the local repository), online. A sibling module that does not compile
# at the moment (someone mid-edit) is retried after a minute, three times.
ensure_built() {
  if [[ "${BENCH_BUILD:-0}" != 1 && -f "$APP_JAR" && -f "$BENCH_JAR" ]]; then
    return
  fi
  local attempt
  for attempt in 1 2 3; do
    log "building app and benchmarks (attempt $attempt)"
    if (cd "$ROOT_DIR" && mvn -q -o -B -pl benchmarks -am package -DskipTests) \
        || (cd "$ROOT_DIR" && mvn -q -B -pl benchmarks -am package -DskipTests); then
      return
    fi
    log "build failed; retrying in 60 s"
    sleep 60
  done
  log "the build keeps failing"; exit 1
}

ensure_wrk() {
  if command -v wrk >/dev/null 2>&1; then
    return
  fi
  log "installing wrk (Debian package)"
  if [[ $(id -u) -eq 0 ]]; then
    apt-get update -qq && apt-get install -y -qq wrk >/dev/null
  else
    sudo apt-get update -qq && sudo apt-get install -y -qq wrk >/dev/null
  fi
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# wait_http URL [SECONDS]: until the URL answers 2xx.
wait_http() {
  local url=$1 seconds=${2:-60} i
  for ((i = 0; i < seconds * 10; i++)); do
    if curl -fsS -o /dev/null "$url" 2>/dev/null; then
      return 0
    fi
    sleep 0.1
  done
  log "no answer from $url after ${seconds}s"
  return 1
}

# start_owned LOGFILE COMMAND...: starts a process in the background and remembers its pid (in LAST_PID).
start_owned() {
  local logfile=$1
  shift
  "$@" >"$logfile" 2>&1 &
  LAST_PID=$!
  OWNED_PIDS+=("$LAST_PID")
}

# stop_owned PID: asks the process to stop (SIGTERM: the service's shutdown hook runs), then waits.
stop_owned() {
  local pid=$1 i
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid" 2>/dev/null || true
    kill -CONT "$pid" 2>/dev/null || true # one frozen by freeze_while must wake up to handle SIGTERM
    for ((i = 0; i < 300; i++)); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -9 "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
}

# freeze_while PID COMMAND...: runs COMMAND with the process PID stopped (SIGSTOP), then lets it go on (SIGCONT).
# A measured side then has the machine's cores to itself: the other process cannot work off a backlog meanwhile.
freeze_while() {
  local pid=$1 status=0
  shift
  kill -STOP "$pid"
  "$@" || status=$?
  kill -CONT "$pid"
  return "$status"
}

stop_all_owned() {
  local pid
  for pid in "${OWNED_PIDS[@]:-}"; do
    [[ -n "$pid" ]] && stop_owned "$pid"
  done
  OWNED_PIDS=()
}

random_data_key() {
  head -c 32 /dev/urandom | base64
}

# start_sandbox LOGFILE [extra sandbox options]: the emulator as its own process; sets SANDBOX_URL, SANDBOX_PID.
start_sandbox() {
  local logfile=$1 port
  shift
  port=$(free_port)
  start_owned "$logfile" java ${SANDBOX_JVM_OPTS:--Xmx1g} -jar "$APP_JAR" sandbox --port "$port" "$@"
  SANDBOX_PID=$LAST_PID
  SANDBOX_URL="http://127.0.0.1:$port"
  wait_http "$SANDBOX_URL/_sandbox/health" 60
}

# start_service LOGFILE DBFILE [JVM options...]: the real service (java -jar onekyc-bridge.jar serve) on a fresh
# SQLite file (the service opens it in WAL mode) with a random data key, pointed at $SANDBOX_URL.
# Sets SERVICE_URL and SERVICE_PID.
start_service() {
  local logfile=$1 db=$2 port
  shift 2
  port=$(free_port)
  start_owned "$logfile" env \
    BRIDGE_DB_URL="jdbc:sqlite:$db" BRIDGE_DATA_KEY="$(random_data_key)" \
    BRIDGE_HTTP_HOST=127.0.0.1 BRIDGE_HTTP_PORT="$port" \
    ONEKYC_AUTH_BASE_URL="$SANDBOX_URL" ONEKYC_COE_AUTH_BASE_URL="$SANDBOX_URL" ONEKYC_API_BASE_URL="$SANDBOX_URL" \
    ONEKYC_CLIENT_ID=sandbox-client-id ONEKYC_PASS_KEY=sandbox-pass-key \
    ONEKYC_ONBOARDING_PARTNER=SANDBOX-BE-CERT_REG ONEKYC_COE_ONBOARDING_PARTNER=SANDBOX-SDK-KTP_SCAN \
    ONEKYC_SIV_ONBOARDING_PARTNER=SANDBOX-WEB_SDK-STANDALONE_IDENTITY_VERIFICATION \
    java "$@" -jar "$APP_JAR" serve
  SERVICE_PID=$LAST_PID
  SERVICE_URL="http://127.0.0.1:$port"
  wait_http "$SERVICE_URL/health/ready" 90
}

bench_java() {
  java -cp "$BENCH_JAR" "$@"
}

machine_description() {
  echo "- date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
  echo "- cores (nproc): $(nproc); CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
  echo "- memory (free -h): $(free -h | awk '/^Mem:/ {print "total " $2 ", used " $3 ", available " $7}')"
  echo "- java: $(java -version 2>&1 | head -1); $(java -version 2>&1 | sed -n 3p)"
  echo "- load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
}

load_now() {
  cut -d' ' -f1 /proc/loadavg
}

# summary_row ITEM FIGURE TARGET RESULT: one row of run-all's summary table (when BENCH_SUMMARY names a file).
summary_row() {
  if [[ -n "${BENCH_SUMMARY:-}" ]]; then
    printf '| %s | %s | %s | %s |\n' "$1" "$2" "$3" "$4" >>"$BENCH_SUMMARY"
  fi
}
