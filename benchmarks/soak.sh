#!/usr/bin/env bash
# Tollgate's soak run: the quickstart's routes in turn, open loop at half of the gateway's peak, for MINUTES, with
# Netty's leak detector at its strictest (paranoid: every buffer tracked) in the gateway JVM. Counts the LEAK reports
# in its log (exit 1 on any), and samples the gateway's heap, direct memory and RSS into a CSV.
#
#   benchmarks/soak.sh            MINUTES=30 (about 32 minutes in all)
#   benchmarks/soak.sh --smoke    about a minute and a half: 30 s of soak, samples every 5 s (proves the run works)
#
# Routes (the load shared evenly): GET /pets/1 (plain proxy), /rest/v1/pets/1 (REST, response template), /fn/pets/1
# (function), /secure/pets/1 (JWT), /custom/pets/1 (TOKEN authorizer), /plans/pets/1 (API key and usage plan),
# /cached/pets/1 (stage cache), /store/inventory?limit=5 (greedy proxy), /health (mock), POST /unvalidated/pets and
# POST /pets (validated body).
#
# Steps: the backend and the gateway start; wrk warms the gateway up (WARMUP s) and finds its peak on the same mix
# (PEAK_SECONDS s, PEAK_CONNECTIONS connections), leak reports up to then are counted apart (wrk ends its runs by
# cutting connections with requests in flight); a full GC and a heap sample mark the start; the driver (Hyperfoil,
# benchmarks/openloop) sends HALF x the peak for MINUTES while the samples are taken every SAMPLE s; a full GC (and a
# few requests, so that the detector reports what the GC found) marks the end.
#
# Samples (CSV): elapsed_s, heap_used_mb (jstat: survivor + eden + old in use), direct_mb and direct_buffers (the JVM's
# direct buffer pool, through the actuator's jvm.buffer.* meters: Netty's pooled arenas on JDK 17 without
# --add-opens), nmt_committed_mb and nmt_other_mb (Native Memory Tracking: all the JVM's committed memory, and its
# "Other" category, where direct buffers are allocated), rss_mb (/proc), leaks (LEAK reports so far).
#
# Settings (environment): MINUTES=30, SAMPLE=10, WARMUP=30, PEAK_SECONDS=10, PEAK_CONNECTIONS=64, HALF=0.5,
# CONNECTIONS=256 (the driver's), LEAK_RECORDS=8 (io.netty.leakDetection.targetRecords: access records per report),
# NMT=1 (0: no Native Memory Tracking), JVM_OPTS="-Xms512m -Xmx512m", DRIVER_JVM_OPTS (default -Xms512m and a maximum
# heap of 512 MB plus 48 MB per minute of soak), PIN=0,
# USE_NGINX (default 1 when nginx is installed, 0 in --smoke). The CSV, the gateway's log and the driver's output are
# kept in benchmarks/target/soak-<date>/.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
bench_script=soak.sh
smoke=0
[ "${1:-}" = "--smoke" ] && smoke=1
# shellcheck source=benchmarks/common.sh
. "$here/common.sh"

MINUTES=${MINUTES:-30}
SAMPLE=${SAMPLE:-10}
WARMUP=${WARMUP:-30}
PEAK_SECONDS=${PEAK_SECONDS:-10}
PEAK_CONNECTIONS=${PEAK_CONNECTIONS:-64}
HALF=${HALF:-0.5}
CONNECTIONS=${CONNECTIONS:-256}
LEAK_RECORDS=${LEAK_RECORDS:-8}
NMT=${NMT:-1}
soak_seconds=$(awk -v m="$MINUTES" 'BEGIN { printf "%d", m * 60 }')
if [ "$smoke" = 1 ]; then
  soak_seconds=30; SAMPLE=5; WARMUP=3; PEAK_SECONDS=3
fi
# Hyperfoil keeps every second's statistics of a phase until the phase ends: about 40 MB a minute for the eleven
# routes, so the driver's heap grows with the soak (a 30-minute soak ran out of 512 MB after 14 minutes)
DRIVER_JVM_OPTS=${DRIVER_JVM_OPTS:--Xms512m -Xmx$((512 + 48 * (soak_seconds / 60 + 1)))m}

command -v wrk >/dev/null || die "wrk is not installed (apt-get install wrk)"
command -v jcmd >/dev/null && command -v jstat >/dev/null || die "jcmd and jstat (a JDK) are needed"
bench_init
require_jars "$bench_jar" "$quickstart_jar"
build_openloop
out="$bench_root/benchmarks/target/soak-$(date +%Y%m%d-%H%M%S)"
mkdir -p "$out"

default_nginx=0
if [ "$smoke" = 0 ] && command -v nginx >/dev/null; then default_nginx=1; fi
start_backend "${USE_NGINX:-$default_nginx}"

# --- the gateway, its leak detector at paranoid --------------------------------------------------------------
GATEWAY_JVM_OPTS="-Dio.netty.leakDetection.level=paranoid -Dio.netty.leakDetection.targetRecords=$LEAK_RECORDS"
[ "$NMT" = 1 ] && GATEWAY_JVM_OPTS="$GATEWAY_JVM_OPTS -XX:NativeMemoryTracking=summary"
# connections stay open longer than the soak: the driver reuses its most recent connections first, so a few sit idle
# for minutes, and a request sent just as the gateway closes one for idleness is reset (the keep-alive race every
# HTTP/1.1 server has, which real clients answer by retrying; the driver counts it as an error)
start_quickstart "$TOLLGATE_PORT" tollgate --management.endpoints.web.exposure.include=health,metrics \
  "--tollgate.server.edge.keep-alive-timeout=$((soak_seconds + 600))s"
gateway=$started_pid
gateway_log="$work/tollgate.log"
wait_for "$TOLLGATE_PORT" tollgate
token=$(demo_token "$TOLLGATE_PORT")
base="http://127.0.0.1:$TOLLGATE_PORT"

# --- the routes: for wrk (a Lua script taking them in turn) and for the driver --------------------------------
pet='{"name":"Rex","type":"dog","price":249.99}'
route_specs=("GET /pets/1" "GET /rest/v1/pets/1" "GET /fn/pets/1" "GET /secure/pets/1" "GET /custom/pets/1"
  "GET /plans/pets/1" "GET /cached/pets/1" "GET /store/inventory?limit=5" "GET /health" "POST /unvalidated/pets"
  "POST /pets")
route_header() { # spec -> the header it needs
  case "$1" in
    *" /secure/"*) echo "Authorization: Bearer $token" ;;
    *" /custom/"*) echo "Authorization: allow" ;;
    *" /plans/"*) echo "x-api-key: $BENCH_KEY" ;;
    *) echo "X-Bench: 1" ;;
  esac
}
driver_routes=()
{
  echo "-- generated by soak.sh: the quickstart's routes in turn"
  echo "local requests = {}"
  echo "local i = 0"
  echo "function init(args)"
  for spec in "${route_specs[@]}"; do
    method=${spec%% *} path=${spec#* }
    header=$(route_header "$spec")
    name=${header%%:*} value=${header#*: }
    if [ "$method" = POST ]; then
      echo "  requests[#requests + 1] = wrk.format(\"POST\", \"$path\", {[\"$name\"] = \"$value\", [\"Content-Type\"] = \"application/json\"}, [[$pet]])"
      driver_routes+=("POST $path $pet" -H "$header")
    else
      echo "  requests[#requests + 1] = wrk.format(\"GET\", \"$path\", {[\"$name\"] = \"$value\"})"
      driver_routes+=("GET $path" -H "$header")
    fi
  done
  echo "end"
  echo "function request()"
  echo "  i = i % #requests + 1"
  echo "  return requests[i]"
  echo "end"
} > "$work/mix.lua"
for spec in "${route_specs[@]}"; do
  method=${spec%% *} path=${spec#* }
  args=(-s -o /dev/null -w '%{http_code}' -X "$method" -H "$(route_header "$spec")")
  [ "$method" = POST ] && args+=(-H 'Content-Type: application/json' -d "$pet")
  code=$(curl "${args[@]}" "$base$path")
  [[ "$code" == 2* ]] || die "$spec answered $code"
done

# --- sampling ----------------------------------------------------------------------------------------------
leaks() { grep -c 'LEAK:' "$gateway_log" || true; }
heap_used_mb() { # survivor, eden and old space in use (jstat -gc, KB)
  jstat -gc "$gateway" 2>/dev/null | awk 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i }
    NR == 2 { printf "%.1f", ($col["S0U"] + $col["S1U"] + $col["EU"] + $col["OU"]) / 1024 }'
}
meter() { # name tag -> the value of a meter of the actuator
  curl -s "$base/actuator/metrics/$1?tag=$2" | sed -nE 's/.*"statistic":"VALUE","value":([-0-9.E]+).*/\1/p'
}
sample() { # elapsed -> a CSV row
  local nmt="" direct count
  direct=$(meter jvm.buffer.memory.used id:direct)
  count=$(meter jvm.buffer.count id:direct)
  [ "$NMT" = 1 ] && nmt=$(jcmd "$gateway" VM.native_memory summary scale=KB 2>/dev/null | awk '
    /^Total:/ { sub(/.*committed=/, ""); sub(/KB.*/, ""); total = $0 }
    /^-  *Other \(/ { sub(/.*committed=/, ""); sub(/KB.*/, ""); other = $0 }
    END { printf "%.1f,%.1f", total / 1024, other / 1024 }')
  [ -n "$nmt" ] || nmt=","
  printf '%s,%s,%s,%s,%s,%s,%s\n' "$1" "$(heap_used_mb)" \
    "$(awk -v b="${direct:-0}" 'BEGIN { printf "%.1f", b / 1048576 }')" "$(awk -v c="${count:-0}" 'BEGIN { printf "%d", c }')" \
    "$nmt" "$(awk '/^VmRSS:/ { printf "%.1f", $2 / 1024 }' "/proc/$gateway/status")" "$(leaks)"
}
settle_and_gc() { # a full GC, then requests, so that the leak detector reports what the GC collected
  for _ in 1 2; do
    jcmd "$gateway" GC.run > /dev/null
    sleep 1
    for _ in $(seq 1 100); do curl -s -o /dev/null "$base/pets/1"; done
  done
}

# --- warm-up and peak (wrk, closed loop) ---------------------------------------------------------------------
echo "backend: $backend_name; gateway: the quickstart with ${GATEWAY_JVM_OPTS}"
"${load_cpu[@]}" wrk -t1 -c"$PEAK_CONNECTIONS" -d"$WARMUP"s -s "$work/mix.lua" "$base" > /dev/null
peak=$(wrk_peak "$PEAK_SECONDS" "$PEAK_CONNECTIONS" "$base" "" "$work/mix.lua")
[ "$peak" -gt 0 ] || die "wrk measured no request through the gateway"
rate=$(awk -v p="$peak" -v f="$HALF" 'BEGIN { h = int(p * f / 10 + 0.5) * 10; print (h < 10 ? 10 : h) }')
settle_and_gc
leaks_before=$(leaks)
echo "peak on the mix: $peak req/s (wrk, paranoid leak detection); soak at $rate req/s for ${soak_seconds}s;" \
  "LEAK reports after warm-up and peak (wrk): $leaks_before"

# --- the soak ------------------------------------------------------------------------------------------------
csv="$out/samples.csv"
echo "elapsed_s,heap_used_mb,direct_mb,direct_buffers,nmt_committed_mb,nmt_other_mb,rss_mb,leaks" > "$csv"
start_row=$(sample 0)
echo "$start_row" >> "$csv"
args=(--label soak --url "$base" --rate "$rate" --duration "$soak_seconds" --settle 0 --connections "$CONNECTIONS"
  --histogram "$out/soak.hgrm" "${driver_routes[@]}")
# shellcheck disable=SC2086 # DRIVER_JVM_OPTS is a list of options
"${load_cpu[@]}" java $DRIVER_JVM_OPTS -jar "$openloop_jar" "${args[@]}" > "$out/driver.out" 2> "$out/driver.err" &
driver=$!
pids+=("$driver")
started=$(date +%s)
next=$SAMPLE
while kill -0 "$driver" 2>/dev/null; do
  # on a fixed schedule: every SAMPLE s from the start, however long a sample takes
  wait_s=$(( started + next - $(date +%s) ))
  [ "$wait_s" -le 0 ] || sleep "$wait_s"
  next=$(( next + SAMPLE ))
  kill -0 "$driver" 2>/dev/null || break
  row=$(sample $(( $(date +%s) - started )))
  echo "$row" >> "$csv"
  echo "sample: $row"
done
wait "$driver" || die "the driver failed (see $out/driver.err)"
settle_and_gc
end_row=$(sample $(( $(date +%s) - started )))
echo "$end_row" >> "$csv"
leaks_after=$(leaks)
cp "$gateway_log" "$out/gateway.log"

# --- the report ----------------------------------------------------------------------------------------------
echo
grep -v '^RESULT' "$out/driver.out" || true
result=$(grep '^RESULT' "$out/driver.out" || true)
echo
echo "| | elapsed s | heap used MB | direct MB | direct buffers | NMT committed MB | NMT other MB | RSS MB | LEAK reports |"
echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
printf '| start (after a full GC) | %s |\n' "$(sed 's/,/ | /g' <<<"$start_row")"
printf '| end (after a full GC) | %s |\n' "$(sed 's/,/ | /g' <<<"$end_row")"
awk -F, 'NR > 1 { n++; if (n == 1 || $2 > maxh) maxh = $2; if (n == 1 || $7 > maxr) maxr = $7; if (n == 1 || $3 > maxd) maxd = $3 }
  END { printf "over %d samples: heap used at most %.1f MB, direct at most %.1f MB, RSS at most %.1f MB\n", n, maxh, maxd, maxr }' "$csv"
echo
soak_leaks=$(( leaks_after - leaks_before ))
echo "LEAK reports: $leaks_after in all; $leaks_before after warm-up and peak (wrk), $soak_leaks during the open-loop soak and after"
if [ "$leaks_after" -gt 0 ]; then
  echo
  echo "The first report, the head of each of its records:"
  awk '/LEAK:/ && !started { started = 1; print; next }
    started && /LEAK:/ { exit }
    started && /^(#[0-9]+:|Created at:)/ { print; left = 4; next }
    started && left > 0 && /^[ \t]/ { print; left--; next }
    started && !/^[ \t]/ && !/^(#|Created|Recent|[ \t]*$)/ { exit }' "$out/gateway.log"
  echo
  echo "Where the leaked buffers were last seen (the first line of each report's record #1, over all reports):"
  awk '/^#1:$/ { getline; gsub(/^[ \t]+/, ""); count[$0]++ }
    END { for (s in count) printf "%6d  %s\n", count[s], s }' "$out/gateway.log" | sort -rn | head -5
  echo
  echo "Where the leaked buffers were created (the first frames under 'Created at:', over all reports):"
  awk '/^Created at:/ { grab = 3; site = ""; next }
    grab > 0 { gsub(/^[ \t]+/, ""); site = site (site ? " < " : "") $0; if (--grab == 0) count[site]++ }
    END { for (s in count) printf "%6d  %s\n", count[s], s }' "$out/gateway.log" | sort -rn | head -5
fi
echo
echo "samples, the gateway's log and the driver's output: $out"
bad_run=$(awk '{ for (f = 2; f <= NF; f++) { split($f, p, "="); kv[p[1]] = p[2] } }
  END { if (kv["failed"] == 1 || kv["responses"] + 0 == 0) print "no answer"; else if (kv["throttled"] == 1) print "saturated" }' <<<"${result:-RESULT failed=1}")
[ -z "$bad_run" ] || die "the soak's driver run: $bad_run (see $out/driver.err)"
[ "$leaks_after" = 0 ] || die "$leaks_after LEAK reports in the gateway's log"
echo "no LEAK report"
[ "$smoke" = 0 ] || echo "smoke run passed"
