#!/usr/bin/env bash
# OpenAPI import at startup (issue #21): a document of OPERATIONS operations with AWS's extensions (HTTP proxies, HTTP
# integrations with templates, mocks, Lambda proxy and non-proxy integrations, a TOKEN authorizer, API keys, validators
# and a model; OpenApiImportBenchmark writes it and times the importer alone), then the quickstart started with and
# without that document as one more API, side by side in each round: its startup time (Spring Boot's "Started ... in")
# and its heap once started (used after a full GC), and a call to one imported route.
#
#   benchmarks/openapi-import.sh          full run
#   benchmarks/openapi-import.sh --smoke  a few seconds (CI: proves the run still works)
#
# Needs: a JDK (jcmd), `./mvnw install` (or verify) done, curl. Settings (environment): OPERATIONS=1000, ROUNDS=5,
# JVM_OPTS (see common.sh).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
bench_script=openapi-import.sh
smoke=0
[ "${1:-}" = "--smoke" ] && smoke=1
# shellcheck source=benchmarks/common.sh
. "$here/common.sh"

OPERATIONS=${OPERATIONS:-1000}
ROUNDS=${ROUNDS:-5}
RUNS=20
if [ "$smoke" = 1 ]; then
  OPERATIONS=100; ROUNDS=1; RUNS=2
fi
command -v jcmd >/dev/null || die "jcmd is not on the PATH (a JDK's)"
bench_init
require_jars "$bench_jar" "$quickstart_jar"

document="$work/openapi-$OPERATIONS.json"
java $JVM_OPTS -cp "$bench_jar" io.tollgate.benchmarks.OpenApiImportBenchmark "$OPERATIONS" "$document" "$RUNS"

start_quickstart() { # variant: plain or imported; sets started_in (seconds) and heap_kb
  local log="$work/quickstart-$1.log" args=(--server.port="$TOLLGATE_PORT")
  if [ "$1" = imported ]; then
    args+=("--tollgate.apis.big.openapi=file:$document" --tollgate.apis.big.base-path=/big
      "--tollgate.apis.big.stages.prod.variables.port=$TOLLGATE_PORT")
  fi
  java $JVM_OPTS -jar "$quickstart_jar" "${args[@]}" > "$log" 2>&1 &
  local pid=$!
  pids+=("$pid")
  for _ in $(seq 1 240); do
    grep -q 'Started .* in ' "$log" && break
    kill -0 "$pid" 2>/dev/null || die "the quickstart ($1) stopped (log: $log)"
    sleep 0.5
  done
  grep -q 'Started .* in ' "$log" || die "the quickstart ($1) did not start (log: $log)"
  if [ "$1" = imported ]; then
    # operation 12 is a mock open to all: GET /resources3/{id} answers {"operation": 12}
    local answer
    answer=$(curl -s "http://127.0.0.1:$TOLLGATE_PORT/big/prod/resources3/1")
    [ "$answer" = '{"operation": 12}' ] || die "the imported API did not answer as its document says: $answer"
  fi
  jcmd "$pid" GC.run >/dev/null
  local heap seconds
  # (run in this shell, not a subshell: the cleanup on exit must know every pid)
  heap=$(jcmd "$pid" GC.heap_info | grep -o 'used [0-9]*K' | head -1 | grep -o '[0-9]*')
  seconds=$(grep -o 'Started .* in [0-9.]* seconds' "$log" | grep -o 'in [0-9.]*' | grep -o '[0-9.]*$')
  kill "$pid"; wait "$pid" 2>/dev/null || true
  started_in=$seconds heap_kb=$heap
}

plain_times=() imported_times=() plain_heaps=() imported_heaps=()
for round in $(seq 1 "$ROUNDS"); do
  start_quickstart plain; plain_times+=("$started_in"); plain_heaps+=("$heap_kb")
  start_quickstart imported; imported_times+=("$started_in"); imported_heaps+=("$heap_kb")
  echo "round $round: startup plain ${plain_times[-1]} s, with the document ${imported_times[-1]} s;" \
    "heap plain $((plain_heaps[-1] / 1024)) MB, with the document $((imported_heaps[-1] / 1024)) MB"
done

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
pt=$(median "${plain_times[@]}") it=$(median "${imported_times[@]}")
ph=$(median "${plain_heaps[@]}") ih=$(median "${imported_heaps[@]}")
echo "medians of $ROUNDS rounds: startup $pt s plain, $it s with $OPERATIONS operations imported" \
  "($(awk -v a="$it" -v b="$pt" 'BEGIN {printf "+%.2f s, %.2fx", a - b, a / b}'));" \
  "heap $((ph / 1024)) MB plain, $((ih / 1024)) MB imported (+$(((ih - ph) / 1024)) MB)"
