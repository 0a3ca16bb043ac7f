#!/usr/bin/env bash
# Tollgate's load run: the same request through each target, measured side by side in interleaved rounds.
#
#   benchmarks/load.sh            full run: warm-up, then ROUNDS interleaved rounds, then a table of medians (req/s,
#                                 latency, errors, and each gateway JVM's CPU time per request)
#   benchmarks/load.sh --smoke    a few seconds against the quickstart only (CI: proves the run still works)
#
# Needs: a JDK, `./mvnw install` (or verify) done, and wrk (Debian/Ubuntu: apt-get install wrk). Uses nginx as the
# backend and as a reverse proxy when it is installed; otherwise a minimal Netty backend, and no nginx row.
#
# Settings (environment): WARMUP=45 (s per target), ROUNDS=5, DURATION=15 (s per measurement), CONNECTIONS=64,
# THREADS=1, PIN=0 (1: JVM targets on CPU 0, wrk and the backend on CPU 1; needs taskset),
# JVM_OPTS="-Xms512m -Xmx512m", SCENARIO_PATH=/pets/1 (the tollgate-redis-key and tollgate-redis-cached targets need Redis on 127.0.0.1:6379), TARGETS="tollgate tollgate-jwt ..." (only these; default all;
# tollgate-observed: the plain proxy route with meters and a JSON access log; tollgate-observed-quiet: the same JVM
# with its access logger set OFF (through its actuator) before each of its rounds; OBSERVED_ARGS="--x=y ..." adds
# arguments to that instance). The targets are started, waited for and stopped by common.sh (shared with latency.sh,
# the open-loop latency run, and soak.sh).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
bench_script=load.sh
smoke=0
[ "${1:-}" = "--smoke" ] && smoke=1
# shellcheck source=benchmarks/common.sh
. "$here/common.sh"

WARMUP=${WARMUP:-45}
ROUNDS=${ROUNDS:-5}
DURATION=${DURATION:-15}
CONNECTIONS=${CONNECTIONS:-64}
THREADS=${THREADS:-1}
if [ "$smoke" = 1 ]; then
  WARMUP=3; ROUNDS=1; DURATION=3; CONNECTIONS=16
fi

command -v wrk >/dev/null || die "wrk is not installed (apt-get install wrk)"
bench_init
require_jars "$bench_jar" "$quickstart_jar"
[ "$smoke" = 1 ] || require_jars "$scg_jar"

use_nginx=0
if [ "$smoke" = 0 ] && command -v nginx >/dev/null; then use_nginx=1; fi

# --- the backend -------------------------------------------------------------------------------------------
start_backend "$use_nginx"

# --- the targets -------------------------------------------------------------------------------------------
names=() ports=() paths=() headers=() scripts=() levels=()
# the gateway JVM serving each port: its CPU time per request is measured alongside the throughput (a steadier
# figure than req/s on a shared machine, where wrk, the backend and the gateway take turns on the same cores)
declare -A jvm_of_port=()
clock_ticks=$(getconf CLK_TCK 2>/dev/null || echo 100)
cpu_ticks() { # pid -> user + system CPU ticks of the process so far, or nothing
  [ -n "${1:-}" ] && [ -r "/proc/$1/stat" ] && awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"
}
add() { # name port [path] [header] [wrk lua script] [access log level]; TARGETS (space-separated names) keeps only those
  if [ -n "${TARGETS:-}" ] && [[ " $TARGETS " != *" $1 "* ]]; then return 0; fi
  names+=("$1"); ports+=("$2"); paths+=("${3:-$SCENARIO_PATH}"); headers+=("${4:-X-Bench: 1}"); scripts+=("${5:-}")
  levels+=("${6:-}")
}
# sets the level of the logger tollgate.access of the gateway on port $1 to $2 (INFO, OFF) through its actuator, so
# that one JVM is measured with and without its access log, round by round
access_log_level() {
  local code
  code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
    -d "{\"configuredLevel\": \"$2\"}" "http://127.0.0.1:$1/actuator/loggers/tollgate.access")
  [ "$code" = 204 ] || die "could not set the access log level on port $1 (HTTP $code)"
}

add "direct" "$BACKEND_PORT"
# the quickstart has the actuator (a Micrometer registry): its meters are off here, on for tollgate-observed
start_quickstart "$TOLLGATE_PORT" tollgate --tollgate.observability.metrics.enabled=false
jvm_of_port[$TOLLGATE_PORT]=$started_pid
add "tollgate" "$TOLLGATE_PORT"
# the same pet through a non-proxy route with a response template (quickstart's REST API)
add "tollgate-template" "$TOLLGATE_PORT" "/rest/v1$SCENARIO_PATH"
# the same pet from a function of the application (no network hop)
add "tollgate-function" "$TOLLGATE_PORT" "/fn$SCENARIO_PATH"
# the same pet behind the JWT authorizer (an RS256 token of the quickstart's demo issuer, scope pets:read)
wait_for "$TOLLGATE_PORT" "tollgate"
token=$(demo_token "$TOLLGATE_PORT")
add "tollgate-jwt" "$TOLLGATE_PORT" "/secure$SCENARIO_PATH" "Authorization: Bearer $token"
# the same pet behind an API key and a usage plan (throttle and quota checked, never reached)
add "tollgate-key" "$TOLLGATE_PORT" "/plans$SCENARIO_PATH" "x-api-key: $BENCH_KEY"
# the same API-key route on an instance whose plan buckets and quotas live in Redis (the redis profile); and the
# same instance's stage cache, shared through Redis (tollgate.cache.store=redis: every hit is one GET to Redis)
if [ "$smoke" = 0 ] && { [ -z "${TARGETS:-}" ] || [[ " $TARGETS " == *" tollgate-redis-key "* ]] \
    || [[ " $TARGETS " == *" tollgate-redis-cached "* ]]; }; then
  start_quickstart "$TOLLGATE_REDIS_PORT" tollgate-redis --spring.profiles.active=redis \
    --tollgate.usage.redis-prefix="tollgate-bench:$$:" \
    --tollgate.cache.store=redis --tollgate.cache.redis-prefix="tollgate-bench:$$:"
  jvm_of_port[$TOLLGATE_REDIS_PORT]=$started_pid
  add "tollgate-redis-key" "$TOLLGATE_REDIS_PORT" "/plans$SCENARIO_PATH" "x-api-key: $BENCH_KEY"
  add "tollgate-redis-cached" "$TOLLGATE_REDIS_PORT" "/cached$SCENARIO_PATH"
fi
# the plain proxy route with the gateway's meters (the actuator's registry) and a JSON access log (the observed
# profile): every request is timed and counted, and logs a line (through the gateway's writer thread) into its own file;
# tollgate-observed-quiet is the same JVM with its access logger turned OFF before each of its rounds (meters on)
if [ "$smoke" = 0 ] && { [ -z "${TARGETS:-}" ] || [[ " $TARGETS " == *" tollgate-observed"* ]]; }; then
  # shellcheck disable=SC2086 # OBSERVED_ARGS is a list of arguments
  TOLLGATE_ACCESS_LOG="$work/access.log" start_quickstart "$TOLLGATE_OBSERVED_PORT" tollgate-observed \
    --spring.profiles.active=observed --management.endpoints.web.exposure.include=health,loggers ${OBSERVED_ARGS:-}
  jvm_of_port[$TOLLGATE_OBSERVED_PORT]=$started_pid
  add "tollgate-observed" "$TOLLGATE_OBSERVED_PORT" "" "" "" INFO
  add "tollgate-observed-quiet" "$TOLLGATE_OBSERVED_PORT" "" "" "" OFF
fi
# the same pet behind the TOKEN authorizer bean (its Allow cached, as AWS caches authorizer results)
add "tollgate-custom" "$TOLLGATE_PORT" "/custom$SCENARIO_PATH" "Authorization: allow"
# a new pet (POST, JSON body): proxied as is, and validated against the Pet model first
add "tollgate-post" "$TOLLGATE_PORT" "/unvalidated/pets" "X-Bench: 1" "$here/post-pet.lua"
add "tollgate-validated-post" "$TOLLGATE_PORT" "/pets" "X-Bench: 1" "$here/post-pet.lua"
# the same pet from the quickstart's stage cache (every request after the first a hit: the backend is not called)
add "tollgate-cached" "$TOLLGATE_PORT" "/cached$SCENARIO_PATH"
if [ "$smoke" = 0 ]; then
  start_bare "$BARE_PORT"
  jvm_of_port[$BARE_PORT]=$started_pid
  add "bare-netty" "$BARE_PORT"
  start_scg "$SCG_PORT"
  jvm_of_port[$SCG_PORT]=$started_pid
  add "spring-cloud-gateway" "$SCG_PORT"
  [ "$use_nginx" = 1 ] && add "nginx-proxy" "$NGINX_PORT"
fi
for i in "${!names[@]}"; do wait_for "${ports[$i]}" "${names[$i]}" "${paths[$i]}"; done

run_wrk() { # port seconds path header [script] -> wrk output
  local script=()
  [ -n "${5:-}" ] && script=(-s "$5")
  "${load_cpu[@]}" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$2"s --latency "${script[@]}" -H "$4" "http://127.0.0.1:$1$3"
}

echo "backend: $backend_name; targets: ${names[*]}"
echo "warm-up: ${WARMUP}s per target; then $ROUNDS interleaved rounds of ${DURATION}s; wrk -t$THREADS -c$CONNECTIONS; GET $SCENARIO_PATH (tollgate-template: GET /rest/v1$SCENARIO_PATH, tollgate-function: GET /fn$SCENARIO_PATH, tollgate-jwt: GET /secure$SCENARIO_PATH with a bearer token, tollgate-custom: GET /custom$SCENARIO_PATH with Authorization: allow, tollgate-key: GET /plans$SCENARIO_PATH with an API key, tollgate-redis-key: the same with the redis profile, tollgate-redis-cached: GET /cached$SCENARIO_PATH on that instance, a hit of the stage cache in Redis, tollgate-post: POST /unvalidated/pets with a JSON pet, tollgate-validated-post: POST /pets, the same pet validated against the Pet model, tollgate-cached: GET /cached$SCENARIO_PATH, a stage cache hit, tollgate-observed: GET $SCENARIO_PATH with meters and a JSON access log, tollgate-observed-quiet: the same JVM with its access log OFF)"
for i in "${!names[@]}"; do
  [ -z "${levels[$i]}" ] || access_log_level "${ports[$i]}" "${levels[$i]}"
  run_wrk "${ports[$i]}" "$WARMUP" "${paths[$i]}" "${headers[$i]}" "${scripts[$i]}" > /dev/null
done

# --- interleaved rounds: A B C ... A B C ... ----------------------------------------------------------------
results="$work/results.tsv"   # name rps p50_ms p99_ms errors cpu_us_per_request
: > "$results"
to_ms() { awk -v v="$1" 'BEGIN { u = v; sub(/[0-9.]+/, "", u); n = v + 0;
  if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000; printf "%.3f", n }'; }
for round in $(seq 1 "$ROUNDS"); do
  for i in "${!names[@]}"; do
    [ -z "${levels[$i]}" ] || access_log_level "${ports[$i]}" "${levels[$i]}"
    jvm="${jvm_of_port[${ports[$i]}]:-}"
    before=$(cpu_ticks "$jvm" || true)
    out="$(run_wrk "${ports[$i]}" "$DURATION" "${paths[$i]}" "${headers[$i]}" "${scripts[$i]}")"
    after=$(cpu_ticks "$jvm" || true)
    requests=$(awk '/requests in/ { print $1 }' <<<"$out")
    cpu=0
    if [ -n "$before" ] && [ -n "$after" ] && [ "${requests:-0}" -gt 0 ]; then
      cpu=$(awk -v t=$((after - before)) -v hz="$clock_ticks" -v n="$requests" 'BEGIN { printf "%.1f", t * 1e6 / hz / n }')
    fi
    rps=$(awk '/^Requests\/sec:/ { print $2 }' <<<"$out")
    p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' <<<"$out")")
    p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' <<<"$out")")
    non2xx=$(awk '/Non-2xx or 3xx responses:/ { print $5 }' <<<"$out")
    socket=$(awk -F'[ ,]+' '/Socket errors:/ { print $4 + $6 + $8 + $10 }' <<<"$out")
    errors=$(( ${non2xx:-0} + ${socket:-0} ))
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "${names[$i]}" "${rps:-0}" "$p50" "$p99" "$errors" "$cpu" >> "$results"
    printf 'round %d  %-22s %10s req/s  p50 %7s ms  p99 %7s ms  errors %s  cpu %s us/req\n' "$round" "${names[$i]}" \
      "${rps:-0}" "$p50" "$p99" "$errors" "$cpu"
  done
done

# --- medians and ratios --------------------------------------------------------------------------------------
echo
awk -F'\t' '
  function median(list,    n, a, i, j, t) {
    n = split(list, a, " ");
    for (i = 2; i <= n; i++) { t = a[i]; for (j = i - 1; j >= 1 && a[j] + 0 > t + 0; j--) a[j + 1] = a[j]; a[j + 1] = t }
    return (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
  }
  { if (!($1 in seen)) { order[++count] = $1; seen[$1] = 1 }
    rps[$1] = rps[$1] " " $2; p50[$1] = p50[$1] " " $3; p99[$1] = p99[$1] " " $4; err[$1] += $5
    cpu[$1] = cpu[$1] " " $6 }
  END {
    for (k = 1; k <= count; k++) { n = order[k]; m[n] = median(rps[n]); c[n] = median(cpu[n]) }
    printf "| target | req/s | p50 ms | p99 ms | errors | CPU µs/req | ×direct | ×nginx-proxy | ×bare-netty | ×spring-cloud-gateway | ×tollgate |\n"
    printf "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
    for (k = 1; k <= count; k++) {
      n = order[k]
      printf "| %s | %.0f | %.2f | %.2f | %d | %s |", n, m[n], median(p50[n]), median(p99[n]), err[n], (c[n] > 0 ? sprintf("%.1f", c[n]) : "–")
      split("direct nginx-proxy bare-netty spring-cloud-gateway tollgate", refs, " ")
      for (r = 1; r <= 5; r++) {
        if ((refs[r] in m) && m[refs[r]] > 0) printf " %.2f |", m[n] / m[refs[r]]; else printf " – |"
      }
      printf "\n"
    }
    if (("tollgate-post" in m) && ("tollgate-validated-post" in m) && m["tollgate-post"] > 0)
      printf "\nvalidated POST vs plain POST: %.2fx\n", m["tollgate-validated-post"] / m["tollgate-post"]
    if (("tollgate-observed" in m) && ("tollgate-observed-quiet" in m) && m["tollgate-observed-quiet"] > 0)
      printf "access log on vs off (one JVM, meters on in both): %.2fx req/s, %.2fx CPU per request\n",
        m["tollgate-observed"] / m["tollgate-observed-quiet"], (c["tollgate-observed-quiet"] > 0 ? c["tollgate-observed"] / c["tollgate-observed-quiet"] : 0)
    if (("tollgate-observed-quiet" in m) && ("tollgate" in m) && m["tollgate"] > 0)
      printf "meters on vs off (two JVMs, no access log): %.2fx req/s, %.2fx CPU per request\n",
        m["tollgate-observed-quiet"] / m["tollgate"], (c["tollgate"] > 0 ? c["tollgate-observed-quiet"] / c["tollgate"] : 0)
    if (("tollgate-observed" in m) && ("tollgate" in m) && m["tollgate"] > 0)
      printf "meters and access log on vs off (two JVMs): %.2fx req/s, %.2fx CPU per request\n",
        m["tollgate-observed"] / m["tollgate"], (c["tollgate"] > 0 ? c["tollgate-observed"] / c["tollgate"] : 0)
  }' "$results"

if [ "$smoke" = 1 ]; then
  total_errors=$(awk -F'\t' '{ s += $5 } END { print s + 0 }' "$results")
  tollgate_rps=$(awk -F'\t' '$1 == "tollgate" { print $2 + 0 }' "$results")
  [ "$total_errors" = 0 ] || die "smoke run saw $total_errors errors"
  awk -v r="$tollgate_rps" 'BEGIN { exit !(r > 0) }' || die "smoke run measured no requests through tollgate"
  echo "smoke run passed"
fi
