#!/usr/bin/env bash
# The MCP conformance suite against `docker-mcp-server --http` (loopback, engine A of the test bed), once per
# protocol revision: --requirements 2025-11-25 (initialize, sessions) and 2026-07-28 (stateless, server/discover).
# Known failures are in test/conformance/expected-failures.<revision>.yml, each group explained; an unexpected
# failure or a stale entry fails the run. Needs the built bundle (npm run build) and the npm registry (npx).
set -euo pipefail
cd "$(dirname "$0")/.."

SUITE="@modelcontextprotocol/conformance@0.2.0-alpha.12"
# shellcheck disable=SC1091
[ -f /var/lib/dmcp-testbed/env ] && . /var/lib/dmcp-testbed/env
HOSTS="a=${ENGINE_A_HOST:-unix:///var/run/docker.sock}"
PORT=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
OUT=$(mktemp -d /tmp/dmcp-conformance.XXXXXX)
LOG="$OUT/server.log"

DOCKER_MCP_SERVER_HOSTS="$HOSTS" node dist/docker-mcp-server.mjs --http "127.0.0.1:$PORT" 2>"$LOG" >/dev/null &
SERVER=$!
cleanup() {
  kill "$SERVER" 2>/dev/null || true
  wait "$SERVER" 2>/dev/null || true
  rm -rf "$OUT"
}
trap cleanup EXIT
for _ in $(seq 1 100); do
  grep -q "serving MCP over HTTP" "$LOG" && break
  sleep 0.1
done
grep -q "serving MCP over HTTP" "$LOG" || { cat "$LOG"; echo "conformance: the server did not start" >&2; exit 1; }

status=0
for revision in 2025-11-25 2026-07-28; do
  echo "== conformance $SUITE, --requirements $revision"
  # The suite's own files need node:fs globSync (Node 22); the hook provides it on Node 20 (test/conformance/node20).
  if ! NODE_OPTIONS="--import $PWD/test/conformance/node20/register.mjs" \
    npx -y "$SUITE" server --url "http://localhost:$PORT/mcp" --requirements "$revision" \
      --expected-failures "test/conformance/expected-failures.$revision.yml" -o "$OUT/$revision" \
      2> >(grep -v "EBADENGINE\|^npm warn" >&2) | sed -n '/=== SUMMARY ===/,$p'; then
    status=1
  fi
done
[ "$status" -eq 0 ] || { echo "conformance: failures beyond the baseline (server log follows)" >&2; tail -50 "$LOG" >&2; }
exit "$status"
