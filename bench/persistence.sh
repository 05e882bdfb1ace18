#!/usr/bin/env bash
# Persistence cost (issue 7): our aedes-server with in-memory persistence, RocksDB `sync` and
# RocksDB `interval`, started in turn on one 127.0.0.1 port (a fresh data directory each time),
# fanin-qos1 and pairs-qos1 against each with persistent-session subscribers (load.sh
# --persistent), A B C A B C for ROUNDS rounds; then medians and the ratios to memory
# (bench/persistence-table.py). Results: bench/results/persistence-<time>/.
#
#   bench/persistence.sh                  # scale 0.1, 3 rounds
#   ROUNDS=2 SCALE=0.05 bench/persistence.sh
#
# Environment: ROUNDS (3), SCALE (0.1), PORT (18850), SECONDS_BOUND (60, per scenario),
# DRAIN_SECONDS (60: how long deliveries may trail the last publish; with RocksDB the fan-in
# subscriber falls far behind the publishers, and load.sh's default of 10 s counts the backlog
# still queued then as lost),
# WARM_RUNS (2: full runs of the same scenarios at the same scale before measuring, not recorded;
# with the earlier warm-up of 20,000 messages the JIT compiler still took a third of the broker's
# CPU samples in the measured run, and more in the configuration with more code on its path;
# WARM_RUNS=0 WARM_MESSAGES=20000 reproduces that), WARM_MESSAGES (20000: a short warm-up of this
# many messages with 50 clients instead, when WARM_RUNS=0), DATA_ROOT (where the temporary data
# directories go; default the results directory, i.e. the same disk as the repository),
# MAX_QUEUED (100000000: --limits-max-queued, so that no configuration drops QoS 1 messages at
# the broker's default of 10,000 waiting per client, which made the RocksDB runs drop most of
# fan-in's messages; MAX_QUEUED=10000 reproduces that), SERVER_ARGS (extra server flags),
# LOAD_ARGS (extra load.sh flags).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bench="$root/bench"
ROUNDS="${ROUNDS:-3}"
SCALE="${SCALE:-0.1}"
PORT="${PORT:-18850}"
SECONDS_BOUND="${SECONDS_BOUND:-60}"
DRAIN_SECONDS="${DRAIN_SECONDS:-60}"
WARM_RUNS="${WARM_RUNS:-2}"
WARM_MESSAGES="${WARM_MESSAGES:-20000}"
MAX_QUEUED="${MAX_QUEUED:-100000000}"
SERVER_ARGS="${SERVER_ARGS:-}"
LOAD_ARGS="${LOAD_ARGS:-}"
out="$bench/results/persistence-$(date -u +%Y%m%dT%H%M%SZ)"
DATA_ROOT="${DATA_ROOT:-$out}"
mkdir -p "$out" "$DATA_ROOT"
server_jar="$root/aedes-server/target/aedes-server-0.1.0-SNAPSHOT.jar"
if [[ ! -f "$server_jar" || ! -f "$root/aedes-bench/target/benchmarks.jar" ]]; then
  (cd "$root" && mvn -B -q -ntp -DskipTests package -pl aedes-server,aedes-bench -am)
fi

configs=(memory sync interval)
flags() { # config -> persistence flags; data directory in $data
  case "$1" in
    memory) echo "--persistence memory" ;;
    sync) echo "--persistence rocksdb --persistence-path $data --persistence-durability sync" ;;
    interval) echo "--persistence rocksdb --persistence-path $data --persistence-durability interval" ;;
  esac
}

pid=""
data=""
stop_server() { # SIGTERM, SIGKILL after 10 s; removes the data directory
  if [[ -n "$pid" ]]; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    pid=""
  fi
  if [[ -n "$data" ]]; then
    du -sk "$data" 2>/dev/null | awk '{print "data directory at stop: " $1 " KiB"}' >> "$out/server.log" || true
    rm -rf "$data"
    data=""
  fi
}
trap stop_server EXIT

start_server() { # config; waits until the port accepts
  data="$(mktemp -d "$DATA_ROOT/data-$1-XXXX")"
  echo "=== $1 $(date -u +%H:%M:%S)" >> "$out/server.log"
  # shellcheck disable=SC2046
  java -jar "$server_jar" --tcp-host 127.0.0.1 --tcp-port "$PORT" --http-enabled false \
    --log-level warn --limits-max-queued "$MAX_QUEUED" $(flags "$1") $SERVER_ARGS \
    >> "$out/server.log" 2>&1 &
  pid=$!
  for i in $(seq 1 150); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then return 0; fi
    kill -0 "$pid" 2>/dev/null || { echo "$1: server exited; see $out/server.log" >&2; exit 1; }
    (( i == 150 )) && { echo "$1: server did not start; see $out/server.log" >&2; exit 1; }
    sleep 0.2
  done
}

{
  echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "cores: $(nproc); memory: $(free -h | awk '/^Mem:/ {print $2}'); kernel: $(uname -r)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
  echo "data directories on: $(df -T "$DATA_ROOT" | awk 'NR==2 {print $1 " (" $2 ")"}')"
  echo "ours: aedes-server 0.1.0-SNAPSHOT ($(git -C "$root" rev-parse --short HEAD)), $(java -version 2>&1 | head -1)"
  echo "settings: rounds=$ROUNDS scale=$SCALE seconds=$SECONDS_BOUND drain=$DRAIN_SECONDS warm_runs=$WARM_RUNS warm=$WARM_MESSAGES --persistent $LOAD_ARGS"
  echo "server: --limits-max-queued $MAX_QUEUED $SERVER_ARGS"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$out/machine.txt"

for round in $(seq 1 "$ROUNDS"); do
  for config in "${configs[@]}"; do
    echo "--- round $round: $config ($(date -u +%H:%M:%S), load $(cut -d' ' -f1 /proc/loadavg))" >&2
    start_server "$config"
    # Warm-up (JIT of the fresh broker JVM), same scenarios, not recorded.
    if (( WARM_RUNS == 0 )); then
      warm_args=(--messages "$WARM_MESSAGES" --clients 50)
    else
      warm_args=(--scale "$SCALE")
    fi
    for _ in $(seq 1 "$(( WARM_RUNS > 0 ? WARM_RUNS : 1 ))"); do
      # shellcheck disable=SC2086
      "$bench/load.sh" --port "$PORT" --persistent "${warm_args[@]}" \
        --seconds "$SECONDS_BOUND" --drain-seconds "$DRAIN_SECONDS" $LOAD_ARGS fanin-qos1 pairs-qos1 > /dev/null 2>>"$out/load.err" \
        || echo "$config warm-up failed (see $out/load.err)" >&2
    done
    # shellcheck disable=SC2086
    "$bench/load.sh" --port "$PORT" --broker-pid "$pid" --label "$config" --persistent \
      --scale "$SCALE" --seconds "$SECONDS_BOUND" --drain-seconds "$DRAIN_SECONDS" $LOAD_ARGS \
      fanin-qos1 pairs-qos1 \
      2>>"$out/load.err" | tee -a "$out/raw.jsonl" \
      || echo "$config round $round failed (see $out/load.err)" >&2
    stop_server
  done
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/machine.txt"
echo "server warnings: $(grep -c WARN "$out/server.log" || true) (see $out/server.log)" \
  | tee -a "$out/machine.txt"
python3 "$bench/persistence-table.py" "$out/raw.jsonl" | tee "$out/table.md"
echo "results in $out" >&2
