#!/usr/bin/env bash
# The client's token cache, counted at the sandbox: 1,000 concurrent first calls on a fresh client (target: 1
# token request), and two simulated hours with client and sandbox on one simulated clock (target: one per
# refresh window). dev.onekycbridge.benchmarks.token.TokenCacheBench.
#
# Usage: bench/token-cache.sh [MARKDOWN_FILE]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
usage_on_help "$@"

MARKDOWN=${1:-}
ensure_built
WORK=$(mktemp -d -t onekyc-token.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
log "token cache (load $(load_now))"
status=0
bench_java dev.onekycbridge.benchmarks.token.TokenCacheBench --markdown "$WORK/part.md" >"$WORK/run.log" 2>&1 \
  || status=$?
grep -vE '^\||^\s+at |DEBUG|INFO' "$WORK/run.log" >&2 || true
section=$(cat <<MD
## 4. Token cache

Counted at the sandbox (its request log), with the client's own count beside it. The simulated run shares one
\`SimulatedClock\` between the client (\`OneKycClientConfig.withClock\`) and the sandbox, which refuses expired tokens.

$(cat "$WORK/part.md")
MD
)
echo "$section"
trim() { sed 's/^ *//; s/ *$//' <<<"$1"; }
while IFS='|' read -r _ scenario _ tokens target result _; do
  summary_row "token cache: $(trim "$scenario")" "$(trim "$tokens") token request(s)" "$(trim "$target")" \
    "$(trim "$result")"
done < <(grep -E '^\| [0-9]' "$WORK/part.md")
if [[ -n "$MARKDOWN" ]]; then
  printf '%s\n\n' "$section" >>"$MARKDOWN"
fi
exit "$status"
