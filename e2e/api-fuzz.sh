#!/usr/bin/env bash
# Fuzzes the JSON API (/api/v1) with schemathesis against the OpenAPI document the server serves
#: no 5xx, no status or body the document does not
# describe, schema-violating requests refused with 4xx, auth enforced, 405 with Allow.
#
# It starts the debug `conferencia` binary with the demo on a new SQLite file in a temporary
# directory, logs in as the demo's organizing commission (the session cookie goes to the
# operations that declare `security: session`), and runs `schemathesis run --checks all`.
# Configuration and its justifications: e2e/api-fuzz/schemathesis.toml and hooks.py.
#
# Environment:
#   CONFERENCIA_BIN     the server binary (default: $CARGO_TARGET_DIR/debug/conferencia, built
#                       with `cargo build --bin conferencia` when missing)
#   FUZZ_PORT           port of the server (default 18090; the Playwright servers use 18081-18083)
#   FUZZ_MAX_EXAMPLES   test cases per operation and phase (default 50)
#   FUZZ_MAX_TIME       when set, schemathesis' own time budget in seconds (fuzzing repeats
#                       until it is spent; `cargo xtask fuzz-api` sets it)
#   FUZZ_TIMEOUT        hard limit of the schemathesis run in seconds (default 240)
#   FUZZ_DATABASE_URL   another database (e.g. a fresh PostgreSQL one) instead of the SQLite file
# Extra arguments go to `schemathesis run` (e.g. --seed 1, --include-path-regex checkins).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$(pwd)"
HERE="$ROOT/e2e/api-fuzz"
PORT="${FUZZ_PORT:-18090}"
BASE="http://127.0.0.1:$PORT"
MAX_EXAMPLES="${FUZZ_MAX_EXAMPLES:-50}"
TIMEOUT="${FUZZ_TIMEOUT:-240}"

say() { printf 'api-fuzz: %s\n' "$*" >&2; }
die() { say "ERROR: $*"; exit 1; }

command -v schemathesis >/dev/null 2>&1 \
  || die "schemathesis not found: pip3 install schemathesis (Python 3.10+)"
command -v curl >/dev/null 2>&1 || die "curl not found"
say "$(schemathesis --version 2>&1 | head -n 1)"

TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
BIN="${CONFERENCIA_BIN:-$TARGET/debug/conferencia}"
if [ ! -x "$BIN" ]; then
  [ -n "${CONFERENCIA_BIN:-}" ] && die "CONFERENCIA_BIN=$BIN is not an executable"
  say "building $BIN"
  cargo build --quiet --bin conferencia
fi

if curl -s -o /dev/null "$BASE/healthz"; then
  die "something already answers on port $PORT (set FUZZ_PORT)"
fi

TMP="$(mktemp -d "${TMPDIR:-/tmp}/conferencia-api-fuzz.XXXXXX")"
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

DB="${FUZZ_DATABASE_URL:-sqlite://$TMP/fuzz.db?mode=rwc}"
say "server: $BIN on $BASE (log: shown on failure)"
# `--client-ip-header x-fuzz-client`: the hooks give every request its own client, so the
# per-client limit of public writes does not turn the fuzzing of registrations into 429s only.
"$BIN" serve --bind "127.0.0.1:$PORT" --database-url "$DB" --demo \
  --public-url "$BASE" --mail-dir "$TMP/mail" --client-ip-header x-fuzz-client \
  >"$TMP/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 120); do
  curl -s -o /dev/null "$BASE/healthz" && break
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$TMP/server.log" >&2; die "the server stopped"; }
  sleep 0.5
done
curl -sf -o /dev/null "$BASE/healthz" || { cat "$TMP/server.log" >&2; die "the server did not start"; }

# The session of the organizing commission (credentialing is one of its roles).
FUZZ_SID="$(curl -s -o /dev/null -D - -H "Origin: $BASE" \
  --data-urlencode 'login=comissao@demo.conferencia.local' \
  --data-urlencode 'password=demo-comissao-2025' "$BASE/entrar" \
  | tr -d '\r' | sed -n 's/^[Ss]et-[Cc]ookie: sid=\([^;]*\).*/\1/p' | head -n 1)"
[ -n "$FUZZ_SID" ] || die "login as comissao@demo.conferencia.local failed"
export FUZZ_SID
export SCHEMATHESIS_HOOKS="$HERE/hooks.py"

args=(
  run "$BASE/api/v1/openapi.json"
  --checks all
  --max-examples "$MAX_EXAMPLES"
  --max-response-time 10
  --request-timeout 30
  # A POST with the session cookie must say it comes from this site (CSRF check); a script
  # client sends the Origin of the server, as a browser on the site would.
  --header "Origin: $BASE"
  --generation-database none
  --no-color
)
if [ -n "${FUZZ_MAX_TIME:-}" ]; then
  args+=(--max-time "$FUZZ_MAX_TIME")
fi
say "schemathesis ${args[*]} $* (at most ${TIMEOUT}s)"
status=0
# From the temporary directory: nothing of schemathesis' is written into the repository.
(cd "$TMP" && timeout --signal=INT --kill-after=20 "$TIMEOUT" \
  schemathesis --config-file "$HERE/schemathesis.toml" "${args[@]}" "$@") || status=$?
if [ "$status" -ne 0 ]; then
  [ "$status" -eq 124 ] && say "schemathesis did not finish in ${TIMEOUT}s"
  say "server log (last 60 lines):"
  tail -n 60 "$TMP/server.log" >&2 || true
  die "the API fuzzer found problems (exit $status)"
fi
say "no problem found"
