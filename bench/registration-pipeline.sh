#!/usr/bin/env bash
# The registration pipeline: N registrations (default 4000, in 4 rounds) with two 200 KiB images each through the
# service (partner API → SQLite → driver → sandbox on loopback) vs. the baseline, a stateless relay: the same partner
# requests through the same web adapter, the same platform calls (presigned URLs, two PUT uploads, confirm) with
# the same OneKYC client, nothing stored. Registrations/s until each is confirmed, and the ratio service ÷ relay
# (target ≥ 0.7); the platform calls made directly (java.net.http, no partner API) are reported for reference.
# A registration that failed through the relay or the service makes the verdict INVALID, whatever the ratio.
# Sandbox, service, relay and clients run in one JVM (dev.onekycbridge.benchmarks.pipeline.RegistrationPipeline),
# with the sandbox's processing delay small.
#
# Usage: bench/registration-pipeline.sh [MARKDOWN_FILE]
# Settings (environment): REGISTRATIONS=4000 IMAGE_BYTES=204800 CONCURRENCY=4 WARMUP=50 WARMUP_SECONDS=60
#   ROUNDS=4 PROCESSING_DELAY_MS=20
#   CALLBACKS=on (off, a diagnostic: the sandbox sends neither side callbacks in the measured rounds)
#   PIPELINE_DATABASE_URL= (empty: a fresh SQLite file; or a JDBC URL, e.g. of a fresh PostgreSQL database)
#   PIPELINE_JVM_OPTS="-Xms2g -Xmx2g -XX:+UseG1GC"
set -euo pipefail
source "$(dirname "$0")/lib.sh"
usage_on_help "$@"

MARKDOWN=${1:-}
ensure_built
WORK=$(mktemp -d -t onekyc-pipeline.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
log "registration pipeline: ${REGISTRATIONS:-4000} registrations (load $(load_now))"
# shellcheck disable=SC2086
java ${PIPELINE_JVM_OPTS:--Xms2g -Xmx2g -XX:+UseG1GC} -cp "$BENCH_JAR" \
  dev.onekycbridge.benchmarks.pipeline.RegistrationPipeline --registrations "${REGISTRATIONS:-4000}" \
  --image-bytes "${IMAGE_BYTES:-204800}" --concurrency "${CONCURRENCY:-4}" --warmup "${WARMUP:-50}" \
  --warmup-seconds "${WARMUP_SECONDS:-60}" --rounds "${ROUNDS:-4}" \
  --processing-delay-ms "${PROCESSING_DELAY_MS:-20}" --callbacks "${CALLBACKS:-on}" \
  ${PIPELINE_DATABASE_URL:+--database-url "$PIPELINE_DATABASE_URL"} \
  --markdown "$WORK/part.md" >"$WORK/run.log" 2>&1 || true
grep -E 'registrations confirmed|was not accepted|failed:' "$WORK/run.log" >&2 || true
if ! grep -q '^\*\*Ratio' "$WORK/part.md" 2>/dev/null; then
  tail -50 "$WORK/run.log" >&2
  log "the registration pipeline did not finish"
  exit 1
fi
DATABASE_DESCRIPTION="SQLite in WAL mode"
if [[ -n "${PIPELINE_DATABASE_URL:-}" ]]; then
  DATABASE_DESCRIPTION="the database of PIPELINE_DATABASE_URL"
fi
RATIO=$(sed -n 's/^\*\*Ratio service ÷ baseline: \([0-9.]*\)\*\*.*/\1/p' "$WORK/part.md")
# met, MISSED, or INVALID (…) when a registration failed on either side (RatioVerdict).
RESULT=$(sed -n 's/.*(target ≥ 0\.7: \(.*\)), the baseline being.*/\1/p' "$WORK/part.md")
section=$(cat <<MD
## 3. Registration pipeline

Through the service (partner API, $DATABASE_DESCRIPTION, the driver's 4 threads, encrypted staging) vs. a stateless
relay: the same partner requests (multipart, API key) through the same web adapter, handed to 4 threads that make
the same platform calls with the same OneKYC client, nothing stored (\`StatelessRelay\`). The platform calls made
directly with \`java.net.http\` (no partner API) are shown for reference. One sandbox on loopback in the same JVM
(\`RegistrationPipeline\`). A registration counts once the platform accepted its confirm (service: status
CONFIRMED, seen by a listener on the bridge). Each side first ran warm-up batches of 50 for at least
${WARMUP_SECONDS:-60} s and until the JIT had settled (AES-GCM on the staged images is slow until C2 has compiled
it); the measured rounds alternate direct, relay, service.
The target applies to service ÷ stateless relay.

$(cat "$WORK/part.md")
MD
)
echo "$section"
summary_row "registration pipeline: service ÷ stateless relay (registrations/s)" "$RATIO" "≥ 0.7" "$RESULT"
if [[ -n "$MARKDOWN" ]]; then
  printf '%s\n\n' "$section" >>"$MARKDOWN"
fi
