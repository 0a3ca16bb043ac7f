#!/usr/bin/env bash
# The broadcast run: the chat sample (samples/chat, AWS's chat: sendmessage sends a message's data to every connection
# of the chat through WebSocketConnections) with COUNT connections (1,000 by default); one of them sends BROADCASTS
# messages, WINDOW under way at a time, and every connection receives each. Reported: deliveries per second and the
# time from sending a message to its last delivery (p50, p99), for all the connections on one instance, then split
# over two instances sharing Redis (every other delivery crosses to the other instance through Redis pub/sub).
# Needs Redis at 127.0.0.1:6379 (REDIS_URL to change it).
#
#   benchmarks/websocket-broadcast.sh            about four minutes (3,000 broadcasts of warm-up: 40 s and more)
#   COUNT=500 benchmarks/websocket-broadcast.sh
#   benchmarks/websocket-broadcast.sh --smoke    50 connections, a few broadcasts (CI runs it so the script cannot rot)
#
# Settings (environment): COUNT, BROADCASTS, WARMUP (broadcasts not measured, first), WINDOW, JVM_OPTS, KEEP_WORK=1.
set -euo pipefail
bench_script=websocket-broadcast.sh
source "$(dirname "$0")/common.sh"
COUNT=${COUNT:-1000} BROADCASTS=${BROADCASTS:-5000} WARMUP=${WARMUP:-3000} WINDOW=${WINDOW:-4}
REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379}
if [ "${1:-}" = --smoke ]; then COUNT=50 BROADCASTS=60 WARMUP=10; fi
bench_init
chat_jar="$bench_root/samples/chat/target/chat.jar"
require_jars "$bench_jar" "$chat_jar"
FIRST_PORT=18090 SECOND_PORT=18091
prefix="tollgate-bench:$$:$RANDOM:"

start_chat() { # port name
  "${gateway_cpu[@]}" java $JVM_OPTS -jar "$chat_jar" --server.port="$1" --spring.data.redis.url="$REDIS_URL" \
    --chat.connections-key="${prefix}chat" --tollgate.websocket.redis-prefix="${prefix}ws:" \
    --tollgate.server.edge.max-connections=$((COUNT + 1000)) > "$work/$2.log" 2>&1 &
  pids+=($!)
}
start_chat "$FIRST_PORT" first
start_chat "$SECOND_PORT" second
wait_for "$FIRST_PORT" "the first chat instance" /
wait_for "$SECOND_PORT" "the second chat instance" /

broadcast() { # urls label
  "${load_cpu[@]}" java $JVM_OPTS -cp "$bench_jar" io.tollgate.benchmarks.WebSocketBroadcast "$1" "$COUNT" \
    "$BROADCASTS" "$WINDOW" "$WARMUP" > "$work/$2.out" 2>&1 || { cat "$work/$2.out"; die "the $2 run failed"; }
  grep '^connections ' "$work/$2.out" || { cat "$work/$2.out"; die "the $2 run reported nothing"; }
}

echo "chat sample, $COUNT connections, $BROADCASTS broadcasts ($WARMUP of them warm-up), $WINDOW under way"
one=$(broadcast "ws://127.0.0.1:$FIRST_PORT/chat/prod" one-instance)
sleep 3 # the first run's connections end ($disconnect removes them from the chat)
two=$(broadcast "ws://127.0.0.1:$FIRST_PORT/chat/prod,ws://127.0.0.1:$SECOND_PORT/chat/prod" two-instances)
rate() { sed -E 's/.*: ([0-9]+) deliveries\/s.*/\1/' <<< "$1"; }
p50() { sed -E 's/.*p50 ([0-9.]+) ms.*/\1/' <<< "$1"; }
p99() { sed -E 's/.*p99 ([0-9.]+) ms.*/\1/' <<< "$1"; }
echo
echo "| connections on | deliveries/s | broadcast p50 ms | p99 ms |"
echo "|---|---:|---:|---:|"
printf '| one instance | %s | %s | %s |\n' "$(rate "$one")" "$(p50 "$one")" "$(p99 "$one")"
printf '| two instances (Redis between them) | %s | %s | %s |\n' "$(rate "$two")" "$(p50 "$two")" "$(p99 "$two")"
