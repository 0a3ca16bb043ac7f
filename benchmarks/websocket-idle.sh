#!/usr/bin/env bash
# The idle-connections run: how much a WebSocket API's open connection costs the gateway. The quickstart (heap capped
# with -Xmx, 512 MB by default) serves its WebSocket API echo; WebSocketIdle opens COUNT connections to it (10,000 by
# default) and holds them, sending nothing. Reported: the gateway's heap in use after a full GC and its resident set
# (RSS), before and with the connections, and what one connection adds.
#
#   benchmarks/websocket-idle.sh            about a minute
#   COUNT=2000 benchmarks/websocket-idle.sh
#   benchmarks/websocket-idle.sh --smoke    200 connections (CI runs it so the script cannot rot)
#
# Settings (environment): COUNT, HEAP (the gateway's -Xmx, default 512m), JVM_OPTS, KEEP_WORK=1.
set -euo pipefail
bench_script=websocket-idle.sh
source "$(dirname "$0")/common.sh"
COUNT=${COUNT:-10000} HEAP=${HEAP:-512m}
[ "${1:-}" = --smoke ] && COUNT=200
bench_init
require_jars "$bench_jar" "$quickstart_jar"
command -v jcmd > /dev/null || die "jcmd (the JDK's) is needed to read the gateway's heap"

GATEWAY_JVM_OPTS="-Xmx$HEAP ${GATEWAY_JVM_OPTS:-}" start_quickstart "$TOLLGATE_PORT" tollgate \
  --tollgate.server.edge.max-connections=$((COUNT + 1000)) --tollgate.observability.metrics.enabled=false
gateway=$started_pid
wait_for "$TOLLGATE_PORT" tollgate /fn/pets/1

heap_used() { # the gateway's heap in use after a full GC, in KiB
  jcmd "$gateway" GC.run > /dev/null
  jcmd "$gateway" GC.heap_info | awk '/used/ { for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub("K", "", v); print v; exit } }'
}
rss() { awk '/VmRSS/ { print $2 }' "/proc/$gateway/status"; }

heap_before=$(heap_used)
rss_before=$(rss)
"${load_cpu[@]}" java $JVM_OPTS -cp "$bench_jar" io.tollgate.benchmarks.WebSocketIdle \
  "ws://127.0.0.1:$TOLLGATE_PORT/echo/prod" "$COUNT" > "$work/idle.log" 2>&1 &
client=$!
pids+=($client)
for _ in $(seq 1 600); do
  grep -q '^open ' "$work/idle.log" && break
  kill -0 "$client" 2> /dev/null || { cat "$work/idle.log"; die "the client ended"; }
  sleep 0.5
done
grep -q '^open ' "$work/idle.log" || die "the connections did not open within 5 minutes"
opened=$(awk '/^open / { print $2 }' "$work/idle.log")
sleep 5
heap_with=$(heap_used)
rss_with=$(rss)
# the gateway still answers while it holds them
curl -sf "http://127.0.0.1:$TOLLGATE_PORT/fn/pets/1" > /dev/null || die "the gateway stopped answering"
echo "$(cat "$work/idle.log")"
echo
echo "| | heap used after GC | RSS |"
echo "|---|---:|---:|"
printf '| before | %d MiB | %d MiB |\n' $((heap_before / 1024)) $((rss_before / 1024))
printf '| with %d idle connections (-Xmx%s) | %d MiB | %d MiB |\n' "$opened" "$HEAP" $((heap_with / 1024)) $((rss_with / 1024))
if [ "$opened" -gt 0 ]; then
  printf '| one connection | %d bytes | %d bytes |\n' $(((heap_with - heap_before) * 1024 / opened)) \
    $(((rss_with - rss_before) * 1024 / opened))
fi
[ "$opened" -eq "$COUNT" ] || die "only $opened of $COUNT connections opened"
