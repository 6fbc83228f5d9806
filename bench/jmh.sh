#!/usr/bin/env bash
# JMH benchmarks of the hot paths, each beside a baseline measured in the same run:
#   DecoderBenchmark      OneKycClient.messageDecoder().decode on the platform's CERT_REG and SIV callbacks
#                         vs. plain Moshi parsing the same text into maps
#   ValidationBenchmark   RequestValidator.certificateRegistration on a full command with 200 KiB images
#                         vs. a no-op (and, for reference, SHA-256 of the same images)
#   NikBenchmark          Nik.parse vs. a 16-digit regex
#   DataCipherBenchmark   the persistence adapter's AES-256-GCM (seal, open) on 1 KiB and 200 KiB
#                         vs. bare javax.crypto AES-256-GCM with the same parameters
# Prints a table with ops/s, µs/op and the ratio target ÷ baseline for each.
#
# Usage: bench/jmh.sh [MARKDOWN_FILE] [extra JMH options, e.g. a benchmark regex]
# Settings (environment): JMH_OPTS (default: 1 fork, 5 × 1 s warm-up, 5 × 1 s measurement),
#   JMH_CIPHER_OPTS (default: 1 fork, 6 × 2 s warm-up, 3 × 1 s: AES-GCM on 200 KiB needs C2's intrinsics, which
#   take about ten seconds to arrive).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
usage_on_help "$@"

MARKDOWN=${1:-}
shift || true
JMH_OPTS=${JMH_OPTS:--f 1 -wi 5 -w 1s -i 5 -r 1s}
JMH_CIPHER_OPTS=${JMH_CIPHER_OPTS:--f 1 -wi 6 -w 2s -i 3 -r 1s}
ensure_built
WORK=$(mktemp -d -t onekyc-jmh.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

run_jmh() { # run_jmh JSON_FILE OPTIONS... : one JMH run, its progress on stderr
  local json=$1
  shift
  log "java -jar benchmarks.jar $* (load $(load_now))"
  # shellcheck disable=SC2086
  java -jar "$BENCH_JAR" "$@" -rf json -rff "$json" | grep -E '^(Benchmark|[A-Z][A-Za-z]+\.)' >&2
}

if [[ $# -gt 0 ]]; then
  # shellcheck disable=SC2086
  run_jmh "$WORK/all.json" $JMH_OPTS "$@"
  JSONS=("$WORK/all.json")
else
  # shellcheck disable=SC2086
  run_jmh "$WORK/hot.json" $JMH_OPTS 'DecoderBenchmark|ValidationBenchmark|NikBenchmark' -p imageBytes=204800
  # shellcheck disable=SC2086
  run_jmh "$WORK/cipher.json" $JMH_CIPHER_OPTS DataCipherBenchmark
  JSONS=("$WORK/hot.json" "$WORK/cipher.json")
fi

: >"$WORK/table.md"
for json in "${JSONS[@]}"; do
  bench_java dev.onekycbridge.benchmarks.report.JmhReport --json "$json" --markdown "$WORK/part.md" >/dev/null
done
section=$(cat <<MD
## 1. Hot paths (JMH)

Throughput of each benchmark beside its baseline, measured in the same run (\`java -jar benchmarks/target/benchmarks.jar\`,
options \`$JMH_OPTS\`; the cipher \`$JMH_CIPHER_OPTS\`). Ratio = target ops/s ÷ baseline ops/s: 1.0 is as fast as the
baseline, 0.5 half as fast. DataCipherBenchmark calls the adapter's package-private \`DataCipher\` itself (the
benchmark class shares its package name, which works on the class path).

$(awk 'NR <= 2 || !/^\| benchmark|^\|---/' "$WORK/part.md")
MD
)
echo "$section"
# The summary gets each benchmark's time per operation beside its baseline's, and their ratio.
trim() { sed 's/^ *//; s/ *$//' <<<"$1"; }
while IFS='|' read -r _ name params _ micros baseline baseline_micros ratio _; do
  summary_row "JMH $(trim "$name") $(trim "$params")" \
    "$(trim "$micros") µs/op vs $(trim "$baseline") $(trim "$baseline_micros") µs/op: ratio $(trim "$ratio")" \
    "reported beside its baseline" "—"
done < <(grep -E '^\| [A-Z][A-Za-z]+Benchmark\.' "$WORK/part.md")
if [[ -n "$MARKDOWN" ]]; then
  printf '%s\n\n' "$section" >>"$MARKDOWN"
fi
