#!/usr/bin/env bash
# Tollgate's latency run: open loop. Requests are sent at a fixed rate whatever the target answers (Hyperfoil, the
# driver in benchmarks/openloop), so a stall of the target shows in the percentiles instead of slowing the load down
# as it does with wrk (coordinated omission). Each request's latency is recorded in microseconds.
#
#   benchmarks/latency.sh            full run (about 35 minutes): warm-up, each target's peak (wrk), then each target
#                                    at RATE req/s and at half of its own peak, the backend measured at the same rate
#                                    right before each: p50/p99/p99.9/max and the p99 added to the backend's
#   benchmarks/latency.sh --smoke    about 2 minutes, the backend and the quickstart's routes only, a few seconds each:
#                                    proves the run still works (no figure of it means anything)
#
# Targets: direct (the backend itself), tollgate (plain proxy route GET /pets/1), tollgate-jwt (GET /secure/pets/1,
# an RS256 bearer token), tollgate-key (GET /plans/pets/1, an API key and a usage plan), tollgate-cached
# (GET /cached/pets/1, a stage cache hit), nginx-proxy (with nginx) and spring-cloud-gateway (the same route).
#
# Needs: a JDK, `./mvnw install -DskipTests` done, wrk (apt-get install wrk); nginx when installed. Builds the driver
# (benchmarks/openloop, Hyperfoil) itself when its jar is missing or older than its sources.
#
# Settings (environment): WARMUP=45 (s per target, wrk as fast as it goes, for the JITs), PEAK_SECONDS=10 (the wrk run
# that finds each target's peak), PEAK_CONNECTIONS=64, RATE=1000 (the fixed rate, req/s), HALF=0.5 (the fraction of
# each target's peak), DURATION=60 (s measured per run), SETTLE=10 (s at the same rate before each run, not counted),
# CONNECTIONS=256 (the driver's keep-alive connections: more than ever in flight, so that no request waits for one),
# DRIVER_THREADS=1, DRIVER_JVM_OPTS="-Xms512m -Xmx512m", ADDED_P99_TARGET_MS=1, TARGETS="direct tollgate ..." (only
# these; direct is always measured), PIN=0 (1: JVM targets on CPU 0, the driver, wrk and the backend on CPU 1),
# JVM_OPTS="-Xms512m -Xmx512m" (every target JVM), USE_NGINX (1 or 0; default 1 when nginx is installed, 0 in --smoke).
# Results, each run's full latency distribution (µs) and the driver's output are kept in
# benchmarks/target/latency-<date>/.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
bench_script=latency.sh
smoke=0
[ "${1:-}" = "--smoke" ] && smoke=1
# shellcheck source=benchmarks/common.sh
. "$here/common.sh"

WARMUP=${WARMUP:-45}
PEAK_SECONDS=${PEAK_SECONDS:-10}
PEAK_CONNECTIONS=${PEAK_CONNECTIONS:-64}
RATE=${RATE:-1000}
HALF=${HALF:-0.5}
DURATION=${DURATION:-60}
SETTLE=${SETTLE:-10}
CONNECTIONS=${CONNECTIONS:-256}
DRIVER_THREADS=${DRIVER_THREADS:-1}
DRIVER_JVM_OPTS=${DRIVER_JVM_OPTS:--Xms512m -Xmx512m}
ADDED_P99_TARGET_MS=${ADDED_P99_TARGET_MS:-1}
if [ "$smoke" = 1 ]; then
  WARMUP=2; PEAK_SECONDS=2; DURATION=2; SETTLE=1
fi

command -v wrk >/dev/null || die "wrk is not installed (apt-get install wrk)"
bench_init
require_jars "$bench_jar" "$quickstart_jar"
build_openloop
out="$bench_root/benchmarks/target/latency-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$out"

default_nginx=0
if [ "$smoke" = 0 ] && command -v nginx >/dev/null; then default_nginx=1; fi
use_nginx=${USE_NGINX:-$default_nginx}
[ "$use_nginx" = 0 ] || command -v nginx >/dev/null || die "USE_NGINX=1 but nginx is not installed"

wanted() { # name: measured in this run? (TARGETS, or every target; in --smoke the backend and the quickstart only)
  [ "$1" = direct ] && return 0
  if [ -n "${TARGETS:-}" ]; then [[ " $TARGETS " == *" $1 "* ]]; return; fi
  [ "$smoke" = 0 ] || [[ "$1" == tollgate* ]]
}

# --- the targets -------------------------------------------------------------------------------------------
start_backend "$use_nginx"
names=() ports=() paths=() headers=()
add() { # name port path [header]
  wanted "$1" || return 0
  names+=("$1"); ports+=("$2"); paths+=("$3"); headers+=("${4:-X-Bench: 1}")
}
add direct "$BACKEND_PORT" "$SCENARIO_PATH"
if wanted tollgate || wanted tollgate-jwt || wanted tollgate-key || wanted tollgate-cached; then
  # the quickstart has the actuator (a Micrometer registry): the gateway's meters are off, as in load.sh
  start_quickstart "$TOLLGATE_PORT" tollgate --tollgate.observability.metrics.enabled=false
  wait_for "$TOLLGATE_PORT" tollgate
  add tollgate "$TOLLGATE_PORT" "$SCENARIO_PATH"
  add tollgate-jwt "$TOLLGATE_PORT" "/secure$SCENARIO_PATH" "Authorization: Bearer $(demo_token "$TOLLGATE_PORT")"
  add tollgate-key "$TOLLGATE_PORT" "/plans$SCENARIO_PATH" "x-api-key: $BENCH_KEY"
  add tollgate-cached "$TOLLGATE_PORT" "/cached$SCENARIO_PATH"
fi
if wanted spring-cloud-gateway; then
  require_jars "$scg_jar"
  start_scg "$SCG_PORT"
  add spring-cloud-gateway "$SCG_PORT" "$SCENARIO_PATH"
fi
if [ "$use_nginx" = 1 ] && wanted nginx-proxy; then add nginx-proxy "$NGINX_PORT" "$SCENARIO_PATH"; fi
for i in "${!names[@]}"; do wait_for "${ports[$i]}" "${names[$i]}" "${paths[$i]}"; done

echo "backend: $backend_name; targets: ${names[*]}"
echo "warm-up: ${WARMUP}s per target (wrk -c$PEAK_CONNECTIONS); peaks: ${PEAK_SECONDS}s of wrk -c$PEAK_CONNECTIONS; then" \
  "${DURATION}s open-loop runs (after ${SETTLE}s at the same rate) at $RATE req/s and at $HALF x each target's peak," \
  "the backend at the same rate right before each; driver: $CONNECTIONS connections, $DRIVER_THREADS thread(s)"

# --- warm-up, then each target's peak (closed loop) ---------------------------------------------------------
for i in "${!names[@]}"; do
  "${load_cpu[@]}" wrk -t1 -c"$PEAK_CONNECTIONS" -d"$WARMUP"s -H "${headers[$i]}" \
    "http://127.0.0.1:${ports[$i]}${paths[$i]}" > /dev/null
done
peaks=() halves=()
: > "$out/peaks.tsv"
for i in "${!names[@]}"; do
  peak=$(wrk_peak "$PEAK_SECONDS" "$PEAK_CONNECTIONS" "http://127.0.0.1:${ports[$i]}${paths[$i]}" "${headers[$i]}")
  [ "$peak" -gt 0 ] || die "wrk measured no request through ${names[$i]}"
  half=$(awk -v p="$peak" -v f="$HALF" 'BEGIN { h = int(p * f / 10 + 0.5) * 10; print (h < 10 ? 10 : h) }')
  peaks+=("$peak"); halves+=("$half")
  printf '%s\t%s\t%s\n' "${names[$i]}" "$peak" "$half" >> "$out/peaks.tsv"
  echo "peak ${names[$i]}: $peak req/s (wrk); half: $half req/s"
done

# --- the open-loop runs, in one driver JVM -------------------------------------------------------------------
plan="$out/plan.tsv"
: > "$plan"
plan_run() { # label index rate
  local i=$2
  local args=(--label "$1" --url "http://127.0.0.1:${ports[$i]}" --rate "$3" --duration "$DURATION"
    --settle "$SETTLE" --connections "$CONNECTIONS" --threads "$DRIVER_THREADS" --histogram "$out/$1.hgrm"
    "GET ${paths[$i]}" -H "${headers[$i]}")
  (IFS=$'\t'; echo "${args[*]}") >> "$plan"
}
direct_index=0
for i in "${!names[@]}"; do plan_run "${names[$i]}@fixed" "$i" "$RATE"; done
for i in "${!names[@]}"; do
  if [ "${names[$i]}" != direct ]; then
    plan_run "direct@half-of-${names[$i]}" "$direct_index" "${halves[$i]}"
    plan_run "${names[$i]}@half" "$i" "${halves[$i]}"
  fi
done
# the backend at half of its own peak goes last: on a small machine that rate is beyond one driver thread, and the
# backlog it leaves (connections, the driver's queue) must not fall on a measured run
plan_run "direct@half" "$direct_index" "${halves[$direct_index]}"
runs=$(wc -l < "$plan")
echo "$runs open-loop runs of $((SETTLE + DURATION))s: about $(( runs * (SETTLE + DURATION + 1) / 60 + 1 )) minutes"
# shellcheck disable=SC2086 # DRIVER_JVM_OPTS is a list of options
"${load_cpu[@]}" java $DRIVER_JVM_OPTS -jar "$openloop_jar" --plan "$plan" 2> "$out/driver.err" \
  | tee "$out/driver.out" | grep --line-buffered -v '^RESULT' || true
grep '^RESULT' "$out/driver.out" > "$out/results.txt" || true

# --- the tables ----------------------------------------------------------------------------------------------
echo
awk -v target_ms="$ADDED_P99_TARGET_MS" -v rate="$RATE" -v half="$HALF" -v smoke="$smoke" '
  FILENAME ~ /peaks.tsv$/ { peak[$1] = $2; order[++n] = $1; next }
  {
    delete kv
    for (f = 2; f <= NF; f++) { split($f, p, "="); kv[p[1]] = p[2] }
    l = kv["label"]; seen[l] = 1
    for (k in kv) r[l, k] = kv[k]
  }
  function ms(us) { return sprintf("%.3f", us / 1000) }
  function notes(l,    s) {
    s = ""
    if (r[l, "failed"] == 1) return "run failed"
    if (r[l, "throttled"] == 1) s = s "driver out of sessions (saturated); "
    if (r[l, "responses"] + 0 < 0.99 * r[l, "expected"]) s = s "answered " r[l, "responses"] " of " r[l, "expected"] "; "
    if (r[l, "errors"] + 0 > 0) s = s r[l, "errors"] " errors; "
    if (r[l, "blocked_ms"] + 0 > 0) s = s "waited " r[l, "blocked_ms"] " ms for connections; "
    sub(/; $/, "", s)
    return s
  }
  function row(name, l, d, extra,    added) {
    if (!(l in seen)) { printf "| %s |%s no result |\n", name, extra; return }
    added = (d != "" && (d in seen) && name != "direct") ? sprintf("%+.3f", (r[l, "p99_us"] - r[d, "p99_us"]) / 1000) : "–"
    printf "| %s |%s %s | %s | %s | %s | %s | %s | %s | %s |\n", name, extra, ms(r[l, "p50_us"]), ms(r[l, "p99_us"]),
      ms(r[l, "p999_us"]), ms(r[l, "max_us"]), added, r[l, "errors"] + 0, ms(r[l, "driver_lag_p999_us"]), notes(l)
    if (l ~ /@half$/ && name ~ /^tollgate/ && added != "–") {
      verdict[name] = (added + 0 <= target_ms) ? "met" : "not met"; addedv[name] = added
    }
  }
  END {
    printf "At %d req/s (open loop, every target at the same rate):\n\n", rate
    printf "| target | p50 ms | p99 ms | p99.9 ms | max ms | added p99 vs direct ms | errors | driver lag p99.9 ms | notes |\n"
    printf "|---|---:|---:|---:|---:|---:|---:|---:|---|\n"
    for (i = 1; i <= n; i++) row(order[i], order[i] "@fixed", "direct@fixed", "")
    printf "\nAt %s of each target'\''s peak (the backend measured at the same rate right before each):\n\n", half
    printf "| target | peak req/s (wrk) | rate req/s | p50 ms | p99 ms | p99.9 ms | max ms | added p99 vs direct ms | errors | driver lag p99.9 ms | notes |\n"
    printf "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n"
    for (i = 1; i <= n; i++) {
      name = order[i]; l = name "@half"
      row(name, l, "direct@half-of-" name, sprintf(" %d | %d |", peak[name], r[l, "rate"]))
    }
    printf "\n"
    for (i = 1; i <= n; i++) if (order[i] in verdict)
      printf "%s: added p99 at half load %s ms (target <= %s ms: %s)\n", order[i], addedv[order[i]], target_ms, verdict[order[i]]
  }' "$out/peaks.tsv" "$out/results.txt" | tee "$out/tables.md"
echo
echo "results, latency distributions (.hgrm, µs) and the driver's output: $out"

if [ "$smoke" = 1 ]; then
  expected=$(( ${#names[@]} * 3 - 1 ))
  got=$(wc -l < "$out/results.txt")
  [ "$got" = "$expected" ] || die "smoke run: $got results of $expected runs (see $out/driver.err)"
  bad=$(awk '{ delete kv; for (f = 2; f <= NF; f++) { split($f, p, "="); kv[p[1]] = p[2] }
    if (kv["failed"] == 1 || kv["responses"] + 0 == 0 || kv["errors"] + 0 > 0) print kv["label"] }' "$out/results.txt")
  [ -z "$bad" ] || die "smoke run: failed, unanswered or erroneous runs: $bad"
  echo "smoke run passed"
fi
