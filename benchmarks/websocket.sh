#!/usr/bin/env bash
# The WebSocket run: round trips of small text messages through a WebSocket session, side by side in one run:
#   direct       the echo backend itself (WebSocketEchoBackend, Reactor Netty)
#   tollgate     the quickstart, an HTTP_PROXY route (GET /ws/echo) passing the upgrade through to the backend
#   tollgate-api the quickstart's WebSocket API (ws://.../echo/prod): each message routed ($default) to a function that
#                answers with it, sent back on the connection (a two-way route); no backend behind it
#   bare-relay   BareWebSocketRelay: a Reactor Netty server relaying each session to the backend, no framework
#
#   benchmarks/websocket.sh            about 7 minutes: warm-up 45 s per target, 5 rounds of 15 s
#   benchmarks/websocket.sh --smoke    a few seconds, tollgate and tollgate-api only (CI runs it so the script cannot rot)
#
# Settings (environment): WARMUP, ROUNDS, DURATION (seconds), SESSIONS (concurrent sessions, default 64), SIZE (bytes
# per message, default 64), JVM_OPTS, PIN=1 (gateways on CPU 0, the load and the backend on CPU 1), KEEP_WORK=1.
set -euo pipefail
bench_script=websocket.sh
source "$(dirname "$0")/common.sh"
smoke=0
[ "${1:-}" = --smoke ] && smoke=1
WS_BACKEND_PORT=18091 WS_BARE_PORT=18092
if [ "$smoke" = 1 ]; then
  WARMUP=${WARMUP:-2} ROUNDS=${ROUNDS:-1} DURATION=${DURATION:-3}
else
  WARMUP=${WARMUP:-45} ROUNDS=${ROUNDS:-5} DURATION=${DURATION:-15}
fi
SESSIONS=${SESSIONS:-64} SIZE=${SIZE:-64}
bench_init
require_jars "$bench_jar" "$quickstart_jar"

"${load_cpu[@]}" java $JVM_OPTS -cp "$bench_jar" io.tollgate.benchmarks.WebSocketEchoBackend "$WS_BACKEND_PORT" \
  > "$work/ws-backend.log" 2>&1 &
pids+=($!)
wait_for "$WS_BACKEND_PORT" "the WebSocket echo backend" /echo

start_quickstart "$TOLLGATE_PORT" tollgate --tollgate.observability.metrics.enabled=false \
  --tollgate.apis.ws.base-path=/ws "--tollgate.apis.ws.routes[0].route-key=GET /echo" \
  --tollgate.apis.ws.routes[0].integration.type=HTTP_PROXY \
  "--tollgate.apis.ws.routes[0].integration.uri=http://127.0.0.1:$WS_BACKEND_PORT/echo"
tollgate_pid=$started_pid
wait_for "$TOLLGATE_PORT" tollgate /ws/echo
targets=("tollgate=ws://127.0.0.1:$TOLLGATE_PORT/ws/echo@$tollgate_pid"
  "tollgate-api=ws://127.0.0.1:$TOLLGATE_PORT/echo/prod@$tollgate_pid")

if [ "$smoke" = 0 ]; then
  "${gateway_cpu[@]}" java $JVM_OPTS -cp "$bench_jar" io.tollgate.benchmarks.BareWebSocketRelay "$WS_BARE_PORT" \
    "ws://127.0.0.1:$WS_BACKEND_PORT/echo" > "$work/ws-bare.log" 2>&1 &
  bare_pid=$!
  pids+=($bare_pid)
  wait_for "$WS_BARE_PORT" "the bare relay" /echo
  targets=("direct=ws://127.0.0.1:$WS_BACKEND_PORT/echo" "${targets[@]}" "bare-relay=ws://127.0.0.1:$WS_BARE_PORT/echo@$bare_pid")
fi

"${load_cpu[@]}" java $JVM_OPTS -cp "$bench_jar" io.tollgate.benchmarks.WebSocketLoad "$WARMUP" "$ROUNDS" "$DURATION" \
  "$SESSIONS" "$SIZE" "${targets[@]}"
