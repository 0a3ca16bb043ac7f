#!/usr/bin/env bash
# Deployments under load (issue #18), against one quickstart whose actuator may change deployments:
#
#   1. the cost of a canary: the same proxy route on a stage without a canary (plain), on a stage with a canary of 10 %
#      (split: the same deployment with another stage variable, so both sides reach the same backend), and on one whose
#      canary is also judged for an automatic abort (judged), measured side by side in interleaved rounds;
#   2. the split: 10 % of at least SPLIT_REQUESTS requests to the quickstart's releases API, counted by the answer each
#      side gives ("canary": true), must land within 1 point of 10 %;
#   3. swaps under load: SWAPS deployments created and deployed to the plain stage while wrk drives it; every request
#      must be answered 2xx, with no socket error.
#
#   benchmarks/deployments.sh          full run
#   benchmarks/deployments.sh --smoke  a few seconds of each (CI: proves the run still works)
#
# Needs: a JDK, `./mvnw install` (or verify) done, wrk, curl. Settings (environment): WARMUP=45 (s per target), ROUNDS=5,
# DURATION=15 (s per measurement), CONNECTIONS=64, SWAPS=50, SPLIT_REQUESTS=100000, JVM_OPTS, PIN (see common.sh).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
bench_script=deployments.sh
smoke=0
[ "${1:-}" = "--smoke" ] && smoke=1
# shellcheck source=benchmarks/common.sh
. "$here/common.sh"

WARMUP=${WARMUP:-45}
ROUNDS=${ROUNDS:-5}
DURATION=${DURATION:-15}
CONNECTIONS=${CONNECTIONS:-64}
SWAPS=${SWAPS:-50}
SPLIT_REQUESTS=${SPLIT_REQUESTS:-100000}
if [ "$smoke" = 1 ]; then
  WARMUP=2; ROUNDS=1; DURATION=2; CONNECTIONS=16; SWAPS=5; SPLIT_REQUESTS=2000
fi

command -v wrk >/dev/null || die "wrk is not installed (apt-get install wrk)"
bench_init
require_jars "$quickstart_jar"
use_nginx=0
if [ "$smoke" = 0 ] && command -v nginx >/dev/null; then use_nginx=1; fi
start_backend "$use_nginx"
start_quickstart "$TOLLGATE_PORT" tollgate --tollgate.observability.metrics.enabled=false \
  --management.endpoints.web.exposure.include=tollgate --tollgate.deployments.writes-enabled=true
wait_for "$TOLLGATE_PORT" "tollgate"
base="http://127.0.0.1:$TOLLGATE_PORT"

act() { # method path json: the call must answer 2xx; its body on stdout
  local out code
  out=$(curl -s -X "$1" -H 'Content-Type: application/json' -d "$3" -w '\n%{http_code}' "$base$2")
  code=${out##*$'\n'}
  [[ "$code" == 2* ]] || die "$1 $2 answered $code: ${out%$'\n'*}"
  echo "${out%$'\n'*}"
}

# The bench API: GET /pets/{id} proxied to the backend, in three stages of one deployment. A definition is YAML text in
# the JSON body (the actuator reads each value of a body as a string); TIMEOUT makes each swap's deployment differ.
definition() { # timeout
  echo "{type: HTTP, base-path: /bench, integration-timeout: $1, stages: {plain: {variables: {backend: 'http://127.0.0.1:$BACKEND_PORT'}}, split: {variables: {backend: 'http://127.0.0.1:$BACKEND_PORT'}}, judged: {variables: {backend: 'http://127.0.0.1:$BACKEND_PORT'}}}, routes: [{route-key: 'GET /pets/{id}', integration: {type: HTTP_PROXY, uri: '\${stageVariables.backend}/pets/{id}'}}]}"
}
id=$(act POST /actuator/tollgate/deployments/bench "{\"description\": \"bench\", \"definition\": \"$(definition 29s)\"}" \
  | sed -E 's/^\{"id":"([^"]+)".*/\1/')
for stage in plain split judged; do
  act POST "/actuator/tollgate/stages/bench/$stage" "{\"deploymentId\": \"$id\"}" > /dev/null
done
act POST /actuator/tollgate/canary/bench/split '{"percentTraffic": 10, "stageVariableOverrides": "{side: canary}"}' > /dev/null
act POST /actuator/tollgate/canary/bench/judged \
  '{"percentTraffic": 10, "stageVariableOverrides": "{side: canary}", "abort": "{window: 1m, minRequests: 100, errorRateMargin: 0.05, latencyMargin: 200ms}"}' > /dev/null
for stage in plain split judged; do wait_for "$TOLLGATE_PORT" "bench $stage" "/bench/$stage/pets/1"; done

run_wrk() { # seconds path [lua script] -> wrk output
  local script=()
  [ -n "${3:-}" ] && script=(-s "$3")
  "${load_cpu[@]}" wrk -t1 -c"$CONNECTIONS" -d"$1"s --latency "${script[@]}" "$base$2"
}
errors_of() { # wrk output -> non-2xx + socket errors
  local non2xx socket
  non2xx=$(awk '/Non-2xx or 3xx responses:/ { print $5 }' <<<"$1")
  socket=$(awk -F'[ ,]+' '/Socket errors:/ { print $4 + $6 + $8 + $10 }' <<<"$1")
  echo $(( ${non2xx:-0} + ${socket:-0} ))
}

# --- 1. the cost of a canary ---------------------------------------------------------------------------------------
echo "backend: $backend_name; warm-up ${WARMUP}s per stage, then $ROUNDS interleaved rounds of ${DURATION}s; wrk -t1 -c$CONNECTIONS"
for stage in plain split judged; do run_wrk "$WARMUP" "/bench/$stage/pets/1" > /dev/null; done
results="$work/canary.tsv"
: > "$results"
for round in $(seq 1 "$ROUNDS"); do
  for stage in plain split judged; do
    out=$(run_wrk "$DURATION" "/bench/$stage/pets/1")
    rps=$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")
    errors=$(errors_of "$out")
    printf '%s\t%s\t%s\n' "$stage" "${rps:-0}" "$errors" >> "$results"
    printf 'round %d  %-7s %10s req/s  errors %s\n' "$round" "$stage" "${rps:-0}" "$errors"
  done
done
awk -F'\t' '
  function median(list,    n, a, i, j, t) {
    n = split(list, a, " ");
    for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] + 0 > t + 0; j--) a[j + 1] = a[j]; a[j + 1] = t }
    return (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  { rps[$1] = rps[$1] " " $2; err[$1] += $3 }
  END {
    printf "\n| stage | req/s (median) | errors | ×plain |\n|---|---:|---:|---:|\n"
    split("plain split judged", order, " ")
    for (k = 1; k <= 3; k++) { n = order[k]; m[n] = median(rps[n]) }
    for (k = 1; k <= 3; k++) { n = order[k]; printf "| %s | %.0f | %d | %.3f |\n", n, m[n], err[n], m[n] / m["plain"] }
  }' "$results"

# --- 2. the split ----------------------------------------------------------------------------------------------------
cat > "$work/count.lua" <<'EOF'
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) canary = 0; total = 0 end
function response(status, headers, body)
  total = total + 1
  if status == 200 and string.find(body, '"canary": true', 1, true) then canary = canary + 1 end
end
function done(summary, latency, requests)
  local c, t = 0, 0
  for _, thread in ipairs(threads) do c = c + thread:get("canary"); t = t + thread:get("total") end
  io.write(string.format("split: %d of %d requests to the canary\n", c, t))
end
EOF
seconds=$(( DURATION > 20 ? DURATION : 20 ))
[ "$smoke" = 1 ] && seconds=3
out=$(run_wrk "$seconds" /releases/prod/version "$work/count.lua")
read -r canary total < <(awk '/^split:/ { print $2, $4 }' <<<"$out")
[ "${total:-0}" -ge "$SPLIT_REQUESTS" ] || echo "warning: only ${total:-0} requests counted (fewer than $SPLIT_REQUESTS): raise DURATION"
awk -v c="$canary" -v t="$total" -v e="$(errors_of "$out")" 'BEGIN {
  share = 100 * c / t; off = share - 10; if (off < 0) off = -off
  printf "\nsplit: %d of %d requests (%.2f %%) on the canary of 10 %%: %.2f points off (%s); errors %d\n", c, t, share, off,
  (off <= 1) ? "within 1 point" : "MORE THAN 1 POINT", e }'

# --- 3. swaps under load -----------------------------------------------------------------------------------------------
seconds=$(( SWAPS + 10 ))
run_wrk "$seconds" /bench/plain/pets/1 > "$work/swaps.out" &
wrk_pid=$!
sleep 3
started=$(date +%s%N)
for i in $(seq 1 "$SWAPS"); do
  act POST /actuator/tollgate/deployments/bench \
    "{\"description\": \"swap $i\", \"definition\": \"$(definition $(( 20 + i % 2 ))s)\", \"stage\": \"plain\"}" > /dev/null
done
ended=$(date +%s%N)
wait "$wrk_pid"
out=$(cat "$work/swaps.out")
requests=$(awk '/requests in/ { print $1 }' <<<"$out")
printf 'swaps: %d deployments created and deployed in %.1f s while wrk sent %s requests: %d non-2xx or socket errors\n' \
  "$SWAPS" "$(awk -v n=$((ended - started)) 'BEGIN { print n / 1e9 }')" "${requests:-0}" "$(errors_of "$out")"
[ "$(errors_of "$out")" = 0 ] || die "requests failed during the swaps"
