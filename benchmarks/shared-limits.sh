#!/usr/bin/env bash
# Exactness of a limit shared through Redis: three quickstart instances (the redis profile) share one API key whose
# plan allows RATE requests per second with bursts of BURST; requests arrive at OFFERED per second (open loop,
# in turn to each instance) for SECONDS, with HOGS busy CPU loops beside them. Checks (SharedLimitCheck): admitted
# <= burst + rate x T and >= 95 % of rate x T, at most burst + rate in every 1 s window (950 ms at the backend: 50 ms
# of jitter between admission and arrival), no 5xx, nothing failed.
#
#   benchmarks/shared-limits.sh             standalone Redis at 127.0.0.1:6379
#   benchmarks/shared-limits.sh --cluster   the Redis Cluster of .ci/redis-topologies (127.0.0.1:30001-30006)
#   benchmarks/shared-limits.sh --smoke     a few seconds, no hogs (CI: proves the run still works)
#
# Settings (environment): RATE=50 BURST=100 OFFERED=400 (8x the rate) SECONDS_=30 HOGS=2 INSTANCES=3 WARMUP=30 (s of
# the same load with an unlimited key first, hogs running: the instances' JIT at work before anything is measured).
# Needs: a JDK, `./mvnw install -DskipTests` (the benchmarks and quickstart jars), Redis (and the cluster for
# --cluster).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
bench_script=shared-limits.sh
# shellcheck source=benchmarks/common.sh
. "$here/common.sh"

mode=standalone smoke=0
for arg in "$@"; do
  case "$arg" in
    --cluster) mode=cluster ;;
    --smoke) smoke=1 ;;
    *) die "unknown argument $arg" ;;
  esac
done
RATE=${RATE:-50} BURST=${BURST:-100} OFFERED=${OFFERED:-400} SECONDS_=${SECONDS_:-30} HOGS=${HOGS:-2}
INSTANCES=${INSTANCES:-3} WARMUP=${WARMUP:-30}
if [ "$smoke" = 1 ]; then SECONDS_=5 HOGS=0 WARMUP=5 OFFERED=200; fi

bench_init
require_jars "$bench_jar" "$quickstart_jar"
BACKEND_PORT=18099
key="exact-key-$(date +%s)-0123456789"
store_args=(--spring.profiles.active=redis "--tollgate.usage.redis-prefix=tollgate-exact:$$:$(date +%s):" ${EXTRA_ARGS:-})
if [ "$mode" = cluster ]; then
  redis-cli -p 30001 cluster info 2>/dev/null | grep -q cluster_state:ok \
    || die "the Redis Cluster does not answer on 127.0.0.1:30001 (start it with .ci/redis-topologies start)"
  store_args+=("--tollgate.usage.redis-cluster-nodes=127.0.0.1:30001,127.0.0.1:30002,127.0.0.1:30003")
else
  redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 || die "Redis does not answer on 127.0.0.1:6379"
fi
plan_args=(--tollgate.usage-plans.exact.throttle.rate-limit="$RATE" --tollgate.usage-plans.exact.throttle.burst-limit="$BURST"
  --tollgate.usage-plans.exact.quota.limit=1000000000 "--tollgate.usage-plans.exact.api-stages[0].api=petstore"
  --tollgate.api-keys.exact.value="$key" "--tollgate.api-keys.exact.usage-plans[0]=exact")

urls=()
for i in $(seq 1 "$INSTANCES"); do
  port=$((18090 + i))
  start_quickstart "$port" "exact-$i" "${store_args[@]}" "${plan_args[@]}"
  urls+=("http://127.0.0.1:$port")
done
for i in $(seq 1 "$INSTANCES"); do wait_for $((18090 + i)) "instance $i" /actuator/health; done

hog_pids=()
for _ in $(seq 1 "$HOGS"); do
  sh -c 'while :; do :; done' &
  hog_pids+=($!)
  pids+=($!)
done
echo "$INSTANCES instances on $mode Redis, $HOGS CPU hogs; $OFFERED req/s offered for ${SECONDS_}s against rate $RATE, burst $BURST"
status=0
java -cp "$bench_jar" io.tollgate.benchmarks.SharedLimitCheck --backend-port "$BACKEND_PORT" --rate "$RATE" \
  --burst "$BURST" --offered "$OFFERED" --seconds "$SECONDS_" --key "$key" --warmup "$WARMUP" --warmup-key "$BENCH_KEY" \
  "${urls[@]}" | tee "$work/check.log" || status=$?
for pid in "${hog_pids[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done
# any error the instances logged while measured (a dropped error's stack trace, a store failure); the warm-up's are
# shown, not counted (cold JVMs beside the hogs)
since=$(sed -n 's/^measuring since //p' "$work/check.log")
if [ -n "$since" ]; then
  if grep -h -E "onErrorDropped|ERROR|store failed" "$work"/exact-*.log | awk -v since="$since" '$1 < since' | grep .; then
    echo "(logged during the warm-up, not counted)"
  fi
  if grep -h -E "onErrorDropped|ERROR|store failed" "$work"/exact-*.log | awk -v since="$since" '$1 >= since' | grep .; then
    echo "the instances logged errors while measured (above)"
    status=1
  fi
fi
exit $status
