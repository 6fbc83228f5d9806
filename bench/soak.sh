#!/usr/bin/env bash
# The reliability soaks at full size (see "Reliability soaks" in bench/README.md):
#
#   bench/soak.sh [crash|crash-postgres|fault|all] [-Dproperty=value ...]     default: all
#
# crash: 200 registrations while the service process (SQLite) is SIGKILLed 10 times and restarted;
# crash-postgres: 200 registrations to two service processes sharing one PostgreSQL database, in 12 kill rounds
#   (one instance SIGKILLed, both every third round: 16 kills) with restarts; needs BRIDGE_TEST_POSTGRES_URL,
#   e.g. from: eval "$(bash .ci/postgres.sh | tail -n 1)"   (as root: installs and starts a local PostgreSQL);
# fault: 1,000 registrations against a sandbox injecting errors, resets, latency and callback faults.
# Sizes and seed from the environment: CRASH_REGISTRATIONS, CRASH_KILLS, CRASH_POSTGRES_REGISTRATIONS,
# CRASH_POSTGRES_KILLS (kill rounds), FAULT_REGISTRATIONS, SOAK_SEED.
# Further arguments go to Maven (e.g. -Dsoak.fault.leaseSeconds=5). SOAK_BUILD=0 skips installing the modules
# first. Each run prints its summary line and any violation; the exit status is non-zero if a soak failed.
set -euo pipefail

ROOT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WHICH=${1:-all}
shift || true
EXTRA=("$@")
CRASH_REGISTRATIONS=${CRASH_REGISTRATIONS:-200}
CRASH_KILLS=${CRASH_KILLS:-10}
CRASH_POSTGRES_REGISTRATIONS=${CRASH_POSTGRES_REGISTRATIONS:-200}
CRASH_POSTGRES_KILLS=${CRASH_POSTGRES_KILLS:-12}
FAULT_REGISTRATIONS=${FAULT_REGISTRATIONS:-1000}
SOAK_SEED=${SOAK_SEED:-20240611}
REPORTS="$ROOT_DIR/app/target/surefire-reports"
USAGE="usage: bench/soak.sh [crash|crash-postgres|fault|all] [-Dproperty=value ...]"

# Before the build: a mistyped soak, a missing database, or --help, must not install the modules first.
case "$WHICH" in
  crash | crash-postgres | fault | all) ;;
  -h | --help)
    sed -n '2,/^[^#]/{/^#/{s/^# \{0,1\}//;p}}' "$0"
    exit 0
    ;;
  *)
    echo "$USAGE" >&2
    exit 2
    ;;
esac
if [[ ( "$WHICH" == crash-postgres || "$WHICH" == all ) && -z "${BRIDGE_TEST_POSTGRES_URL:-}" ]]; then
  echo "crash-postgres needs BRIDGE_TEST_POSTGRES_URL: eval \"\$(bash .ci/postgres.sh | tail -n 1)\" (as root);" \
    "without PostgreSQL, run crash and fault one by one" >&2
  exit 2
fi

cd "$ROOT_DIR"
if [[ "${SOAK_BUILD:-1}" != 0 ]]; then
  mvn -q -o -B -pl app -am install -DskipTests
fi

soak() {
  local test=$1 status=0
  shift
  mvn -q -o -B -pl app test -Dtest="$test" -Dsurefire.failIfNoSpecifiedTests=false -Dsoak.seed="$SOAK_SEED" "$@" ${EXTRA[@]+"${EXTRA[@]}"} \
    || status=$?
  grep -h -e 'SOAK' -e 'soak violation' -e 'soak evidence' -e 'kept in' \
    "$REPORTS/dev.onekycbridge.app.soak.$test-output.txt" || echo "$test: no summary (see $REPORTS)"
  return "$status"
}

status=0
case "$WHICH" in
  crash|all) soak CrashSoakTest -Dsoak.crash.registrations="$CRASH_REGISTRATIONS" \
               -Dsoak.crash.kills="$CRASH_KILLS" || status=1 ;;&
  crash-postgres|all) soak PostgresCrashSoakTest \
               -Dsoak.crashPostgres.registrations="$CRASH_POSTGRES_REGISTRATIONS" \
               -Dsoak.crashPostgres.kills="$CRASH_POSTGRES_KILLS" || status=1 ;;&
  fault|all) soak FaultSoakTest -Dsoak.fault.registrations="$FAULT_REGISTRATIONS" || status=1 ;;
esac
exit "$status"
