#!/usr/bin/env bash
# Runs every performance benchmark once and writes bench/results/latest.md: the machine, a summary against the
# targets, then each section with its figures and baselines. 11–14 minutes on a 2-core machine, build included.
#
#   bench/jmh.sh                   1. hot paths (JMH)
#   bench/callback-ingest.sh       2. callback ingest under load (wrk, and 1,000 requests/s paced)
#   bench/registration-pipeline.sh 3. registration pipeline (service vs. a stateless relay)
#   bench/token-cache.sh           4. token cache
#   bench/memory.sh                5. memory and streaming (-Xmx256m, 50 × 2 × 5 MiB)
#   bench/callback-flood.sh        6. a flood of large callbacks (-Xmx256m, 200 clients × 1 MB)
#
# Usage: bench/run-all.sh [OUTPUT_FILE]     (default bench/results/latest.md)
# It builds the modules first (mvn -pl benchmarks -am package -DskipTests); BENCH_BUILD=0 uses the jars as they are.
# The exit status is non-zero if a part failed; a part that failed before its figures has a FAILED summary row.
set -uo pipefail
source "$(dirname "$0")/lib.sh"
usage_on_help "$@"

OUT=${1:-$BENCH_DIR/results/latest.md}
mkdir -p "$(dirname "$OUT")"
STARTED=$(date +%s)
BENCH_BUILD=${BENCH_BUILD:-1} ensure_built
export BENCH_BUILD=0
ensure_wrk

WORK=$(mktemp -d -t onekyc-bench-all.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
export BENCH_SUMMARY="$WORK/summary.md"
: >"$BENCH_SUMMARY"
SECTIONS="$WORK/sections.md"
: >"$SECTIONS"
MACHINE=$(machine_description)
LOADS=()

FAILED=()
run_part() { # run_part NAME SCRIPT
  log "=== $1"
  LOADS+=("$1: $(load_now)")
  local rows_before
  rows_before=$(wc -l <"$BENCH_SUMMARY")
  if ! "$BENCH_DIR/$2" "$SECTIONS" >"$WORK/$2.out"; then
    FAILED+=("$2")
    if (($(wc -l <"$BENCH_SUMMARY") == rows_before)); then
      # It stopped before its figures: say so where the figures would have been.
      log "$2 failed before writing its figures"
      summary_row "$1" "no figures: \`$2\` failed (see the run's log)" "—" "FAILED"
    else
      log "$2 reported a failure (see its section)"
    fi
  fi
}

run_part "JMH" jmh.sh
run_part "callback ingest" callback-ingest.sh
run_part "registration pipeline" registration-pipeline.sh
run_part "token cache" token-cache.sh
run_part "memory" memory.sh
run_part "callback flood" callback-flood.sh
ELAPSED=$(( $(date +%s) - STARTED ))

{
  echo "# Performance results"
  echo
  echo "Written by \`bench/run-all.sh\` in $((ELAPSED / 60)) min $((ELAPSED % 60)) s. Every figure is beside a baseline"
  echo "measured in the same run; the machine also ran whatever else was running at the time (load averages below)."
  echo
  echo "## Machine"
  echo
  echo "$MACHINE"
  echo "- 1-minute load average when each part started: $(IFS=';'; echo "${LOADS[*]}" | sed 's/;/; /g')"
  echo "- load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  echo "## Summary against the targets"
  echo
  echo "| item | figure | target | result |"
  echo "|---|---|---|---|"
  cat "$BENCH_SUMMARY"
  echo
  cat "$SECTIONS"
} >"$OUT"
log "wrote $OUT"
if ((${#FAILED[@]} > 0)); then
  log "failed: ${FAILED[*]}"
  exit 1
fi
