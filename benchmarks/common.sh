# The targets of the load runs, shared by load.sh, latency.sh and soak.sh (sourced, never run): where their jars are,
# how each is started and waited for, and how all of them are stopped and cleaned up when the script exits.
#
# The sourcing script sets before calling bench_init: smoke (0 or 1); optionally JVM_OPTS, PIN, SCENARIO_PATH; and
# bench_script (its name, for messages). bench_init makes a work directory ($work) for the targets' logs, and traps
# EXIT to stop every process started here (the pids array) and nginx, then delete $work (KEEP_WORK=1 keeps it).

BACKEND_PORT=18081 TOLLGATE_PORT=18080 BARE_PORT=18082 SCG_PORT=18083 NGINX_PORT=18084 TOLLGATE_REDIS_PORT=18085
TOLLGATE_OBSERVED_PORT=18086

bench_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bench_jar="$bench_root/benchmarks/target/benchmarks.jar"
quickstart_jar="$bench_root/samples/quickstart/target/quickstart.jar"
scg_jar="$bench_root/benchmarks/scg-app/target/scg-app.jar"
openloop_jar="$bench_root/benchmarks/openloop/target/openloop.jar"

# A bench plan with limits no run reaches gives the API-key route a key to use (the account throttle is off by default).
BENCH_KEY=bench-key-0123456789abcdef
BENCH_ARGS=(--tollgate.usage-plans.bench.throttle.rate-limit=10000000 --tollgate.usage-plans.bench.throttle.burst-limit=10000000
  --tollgate.usage-plans.bench.quota.limit=1000000000 "--tollgate.usage-plans.bench.api-stages[0].api=petstore"
  --tollgate.api-keys.bench.value=$BENCH_KEY "--tollgate.api-keys.bench.usage-plans[0]=bench")

die() { echo "${bench_script:-benchmarks}: $*" >&2; exit 1; }

bench_init() {
  JVM_OPTS=${JVM_OPTS:--Xms512m -Xmx512m}
  PIN=${PIN:-0}
  SCENARIO_PATH=${SCENARIO_PATH:-/pets/1}
  command -v java >/dev/null || die "java is not on the PATH"
  command -v curl >/dev/null || die "curl is not installed"
  work="$(mktemp -d)"
  pids=()
  # PIN=1: the JVM targets on CPU 0, the load generators and the backend on CPU 1
  gateway_cpu=() load_cpu=()
  if [ "$PIN" = 1 ] && command -v taskset >/dev/null; then
    gateway_cpu=(taskset -c 0) load_cpu=(taskset -c 1)
  fi
  trap bench_cleanup EXIT
}

bench_cleanup() {
  for pid in "${pids[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done
  if [ -f "$work/nginx.pid" ]; then nginx -p "$work" -c "$work/nginx.conf" -s quit 2>/dev/null || true; fi
  wait 2>/dev/null || true
  if [ "${KEEP_WORK:-0}" = 1 ]; then echo "logs kept in $work" >&2; else rm -rf "$work"; fi
}

require_jars() { # jar... : each must exist
  for jar in "$@"; do
    [ -f "$jar" ] || die "$jar is missing: run ./mvnw install -DskipTests first"
  done
}

wait_for() { # port name [path]: until the port answers an HTTP request for the path (60 s at most)
  for _ in $(seq 1 120); do
    if curl -s -o /dev/null "http://127.0.0.1:$1${3:-$SCENARIO_PATH}"; then return 0; fi
    sleep 0.5
  done
  die "$2 did not answer on port $1 (logs in $work)"
}

# The backend on BACKEND_PORT: nginx returning a small JSON pet when use_nginx=1 (and nginx as a reverse proxy with
# upstream keep-alive on NGINX_PORT), otherwise StaticBackend (Reactor Netty). Sets backend_name.
start_backend() { # use_nginx
  if [ "$1" = 1 ]; then
    mkdir -p "$work/logs"
    cat > "$work/nginx.conf" <<EOF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/logs/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  # longer than any run: the open-loop driver reuses its most recent connections first, so some of its connections
  # stay idle for a whole run, and a request racing nginx's close of one would count as an error
  keepalive_timeout 600s;
  upstream backend { server 127.0.0.1:$BACKEND_PORT; keepalive 128; }
  server {
    listen 127.0.0.1:$BACKEND_PORT;
    location / { default_type application/json; return 200 '{"id":1,"type":"dog","price":249.99}'; }
  }
  server {
    listen 127.0.0.1:$NGINX_PORT;
    location / { proxy_pass http://backend; proxy_http_version 1.1; proxy_set_header Connection ""; }
  }
}
EOF
    "${load_cpu[@]}" nginx -p "$work" -c "$work/nginx.conf"
    backend_name="nginx (static)"
  else
    "${load_cpu[@]}" java $JVM_OPTS -cp "$bench_jar" io.tollgate.benchmarks.StaticBackend "$BACKEND_PORT" > "$work/backend.log" 2>&1 &
    pids+=($!)
    backend_name="Netty (static)"
  fi
  wait_for "$BACKEND_PORT" "the backend"
}

# A quickstart in the background, PETSTORE_BACKEND pointing at the backend, with BENCH_ARGS and the given arguments;
# its log in $work/NAME.log. GATEWAY_JVM_OPTS adds JVM options (after JVM_OPTS). Sets started_pid.
start_quickstart() { # port name [argument...]
  local port=$1 name=$2
  shift 2
  PETSTORE_BACKEND="http://127.0.0.1:$BACKEND_PORT" "${gateway_cpu[@]}" java $JVM_OPTS ${GATEWAY_JVM_OPTS:-} \
    -jar "$quickstart_jar" --server.port="$port" "${BENCH_ARGS[@]}" "$@" > "$work/$name.log" 2>&1 &
  started_pid=$!
  pids+=($started_pid)
}

# BarePassThrough: a Reactor Netty server handing each request to a pooled Reactor Netty client. Sets started_pid.
start_bare() { # port
  "${gateway_cpu[@]}" java $JVM_OPTS -cp "$bench_jar" io.tollgate.benchmarks.BarePassThrough "$1" \
    "http://127.0.0.1:$BACKEND_PORT" > "$work/bare.log" 2>&1 &
  started_pid=$!
  pids+=($started_pid)
}

# Spring Cloud Gateway with one route equivalent to GET /pets/{id}. Sets started_pid.
start_scg() { # port
  PETSTORE_BACKEND="http://127.0.0.1:$BACKEND_PORT" "${gateway_cpu[@]}" java $JVM_OPTS -jar "$scg_jar" \
    --server.port="$1" > "$work/scg.log" 2>&1 &
  started_pid=$!
  pids+=($started_pid)
}

# An RS256 token of the quickstart's demo issuer (scope pets:read, audience petstore, valid a day), on stdout.
demo_token() { # port
  local token
  token=$(curl -s -X POST -H 'content-type: application/json' "http://127.0.0.1:$1/demo/token" \
    -d '{"sub":"bench","scope":"pets:read","aud":"petstore","ttlSeconds":86400}' | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
  [ -n "$token" ] || die "the demo issuer gave no token"
  echo "$token"
}

# Builds the open-loop driver (Hyperfoil; its own parent, outside the root reactor) when its jar is missing or older
# than its sources. Under the machine's Maven lock when flock is there, so it never runs beside another build.
build_openloop() {
  local pom="$bench_root/benchmarks/openloop/pom.xml"
  if [ -f "$openloop_jar" ] && [ -z "$(find "$bench_root/benchmarks/openloop/src" "$pom" -newer "$openloop_jar" -print -quit)" ]; then
    return 0
  fi
  echo "building the open-loop driver (benchmarks/openloop)"
  local lock=()
  command -v flock >/dev/null && lock=(flock /tmp/tollgate-maven.lock)
  (cd "$bench_root" && "${lock[@]}" ./mvnw -B -ntp -q -f benchmarks/openloop/pom.xml package) > "$work/openloop-build.log" 2>&1 \
    || { cat "$work/openloop-build.log" >&2; die "the open-loop driver did not build"; }
}

# wrk for DURATION seconds with CONNECTIONS connections: its Requests/sec, or 0 (the peak of a closed loop)
wrk_peak() { # seconds connections url [header] [lua script]
  local args=(-t1 -c"$2" -d"$1"s)
  [ -n "${4:-}" ] && args+=(-H "$4")
  [ -n "${5:-}" ] && args+=(-s "$5")
  "${load_cpu[@]}" wrk "${args[@]}" "$3" 2>/dev/null | awk '/^Requests\/sec:/ { r = $2 } END { printf "%d\n", r + 0 }'
}
