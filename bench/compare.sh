#!/usr/bin/env bash
# Side-by-side: Mosquitto, Aedes (Node.js) and our aedes-server on separate 127.0.0.1 ports,
# every load.sh scenario against each in turn (A B C A B C), ROUNDS rounds, then a table of
# medians with our ratios (bench/compare-table.py). Results: bench/results/<timestamp>/.
#
#   bench/compare.sh                      # full scale (issue 5's counts), 3 rounds
#   SCALE=0.1 LATENCY_SECONDS=10 bench/compare.sh   # reduced scale
#
# Environment: ROUNDS (3), SCALE (1.0, multiplies message counts), LATENCY_SECONDS (20),
# CONNECTIONS (50000, capped by ulimit -n), SCENARIOS (all seven), PORT_BASE (18840),
# SECONDS_BOUND (per-scenario time bound, default per scenario), LOAD_ARGS (extra load.sh flags),
# WARMUP_SCALE (0.02: each message scenario once per broker before each round, unmeasured),
# WARMUP_CONNECTIONS (3000: opened and closed before the measured connections span).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bench="$root/bench"
ROUNDS="${ROUNDS:-3}"
SCALE="${SCALE:-1.0}"
LATENCY_SECONDS="${LATENCY_SECONDS:-20}"
SCENARIOS="${SCENARIOS:-fanin-qos0 fanin-qos1 pairs-qos1 fanout-qos0 qos2 latency connections}"
PORT_BASE="${PORT_BASE:-18840}"
LOAD_ARGS="${LOAD_ARGS:-}"
WARMUP_SCALE="${WARMUP_SCALE:-0.02}"
WARMUP_CONNECTIONS="${WARMUP_CONNECTIONS:-3000}"
files=$(ulimit -n)
CONNECTIONS="${CONNECTIONS:-50000}"
if (( CONNECTIONS > files - 1000 )); then
  echo "connections: capped at $((files - 1000)) by ulimit -n ($files) of broker and generator" >&2
  CONNECTIONS=$((files - 1000))
fi
out="$bench/results/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"

# --- what is missing gets installed --------------------------------------------------------
if ! command -v mosquitto >/dev/null && [[ ! -x /usr/sbin/mosquitto ]]; then
  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q mosquitto
fi
MOSQUITTO="$(command -v mosquitto || echo /usr/sbin/mosquitto)"
if ! command -v node >/dev/null; then
  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q nodejs npm
fi
if [[ ! -f "$bench/.aedes/node_modules/aedes/package.json" ]]; then
  mkdir -p "$bench/.aedes"
  [[ -f "$bench/.aedes/package.json" ]] || echo '{"name":"aedes-bench-peer","private":true}' \
    > "$bench/.aedes/package.json"
  (cd "$bench/.aedes" && npm install --no-audit --no-fund aedes)
fi
server_jar="$root/aedes-server/target/aedes-server-0.1.0-SNAPSHOT.jar"
if [[ ! -f "$server_jar" || ! -f "$root/aedes-bench/target/benchmarks.jar" ]]; then
  (cd "$root" && mvn -B -q -ntp -DskipTests package -pl aedes-server,aedes-bench -am)
fi

# --- brokers -------------------------------------------------------------------------------
declare -A pid port
names=(mosquitto aedes ours)
port[mosquitto]=$((PORT_BASE + 1)); port[aedes]=$((PORT_BASE + 2)); port[ours]=$((PORT_BASE + 3))
stop_broker() { # name: SIGTERM, then SIGKILL after 10 s
  local p="${pid[$1]:-}"
  [[ -n "$p" ]] || return 0
  kill "$p" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$p" 2>/dev/null || true
  wait "$p" 2>/dev/null || true
  pid[$1]=""
}
stop_brokers() {
  for name in "${names[@]}"; do stop_broker "$name"; done
}
trap stop_brokers EXIT

# Mosquitto's default max_queued_messages (1000 per client) drops QoS 1/2 messages beyond it;
# Aedes and ours queue without such a limit, so the same delivery guarantee is asked of all.
# Not 0 ("no maximum"): in 2.0.11 that drops or stalls messages (mosquitto issues #1956, #2879).
cat > "$out/mosquitto.conf" <<CONF
listener ${port[mosquitto]} 127.0.0.1
allow_anonymous true
persistence false
max_connections -1
max_queued_messages 100000000
CONF
start_broker() { # name; waits until its port accepts
  local name=$1
  case "$name" in
    mosquitto) "$MOSQUITTO" -c "$out/mosquitto.conf" >> "$out/mosquitto.log" 2>&1 & ;;
    aedes) node --max-old-space-size=8192 --stack-size=7000 "$bench/aedes-server.js" \
             "${port[aedes]}" >> "$out/aedes.log" 2>&1 & ;;
    # in memory, like the other two (Mosquitto: persistence false; Aedes: its default)
    ours) java -jar "$server_jar" --tcp-host 127.0.0.1 --tcp-port "${port[ours]}" \
            --persistence memory --http-enabled false --log-level warn >> "$out/ours.log" 2>&1 & ;;
  esac
  pid[$name]=$!
  for i in $(seq 1 100); do
    if (exec 3<>"/dev/tcp/127.0.0.1/${port[$name]}") 2>/dev/null; then return 0; fi
    (( i == 100 )) && { echo "$name did not start; see $out/$name.log" >&2; exit 1; }
    sleep 0.2
  done
}
for name in "${names[@]}"; do start_broker "$name"; done

{
  echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "cores: $(nproc); memory: $(free -h | awk '/^Mem:/ {print $2}'); kernel: $(uname -r)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
  echo "mosquitto: $("$MOSQUITTO" -h 2>/dev/null | head -1)"
  echo "aedes: $(python3 -c "import json;print(json.load(open('$bench/.aedes/node_modules/aedes/package.json'))['version'])"), node $(node --version)"
  echo "ours: aedes-server 0.1.0-SNAPSHOT ($(git -C "$root" rev-parse --short HEAD)), $(java -version 2>&1 | head -1)"
  echo "settings: rounds=$ROUNDS scale=$SCALE latency_seconds=$LATENCY_SECONDS connections=$CONNECTIONS $LOAD_ARGS"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$out/machine.txt"

run() { # broker scenario
  local name=$1 scenario=$2 extra=()
  if ! kill -0 "${pid[$name]}" 2>/dev/null; then # it died in an earlier scenario: noted, restarted
    echo "$name was not running before $scenario (crashed; see $out/$name.log): restarted" \
      | tee -a "$out/crashes.txt" >&2
    start_broker "$name"
  fi
  case "$scenario" in
    latency) extra=(--seconds "$LATENCY_SECONDS" --latency-warmup-seconds 2) ;;
    connections) extra=(--clients "$CONNECTIONS" --warmup-connections "$WARMUP_CONNECTIONS") ;;
  esac
  [[ -n "${SECONDS_BOUND:-}" && "$scenario" != latency ]] && extra+=(--seconds "$SECONDS_BOUND")
  # shellcheck disable=SC2086
  "$bench/load.sh" --port "${port[$name]}" --broker-pid "${pid[$name]}" --label "$name" \
    --scale "$SCALE" "${extra[@]}" $LOAD_ARGS "$scenario" 2>>"$out/load.err" \
    | tee -a "$out/raw.jsonl" || echo "$name $scenario failed (see $out/load.err)" >&2
}

warm_up() { # every broker alike, every message scenario once, small: the JIT of the JVM
  # broker and of the generator compiles the paths the measured runs take (a server runs warm)
  for name in "${names[@]}"; do
    for scenario in fanin-qos0 fanin-qos1 pairs-qos1 fanout-qos0 qos2; do
      "$bench/load.sh" --port "${port[$name]}" --scale "$WARMUP_SCALE" --seconds 10 \
        "$scenario" > /dev/null 2>>"$out/load.err" || true
    done
  done
}
for round in $(seq 1 "$ROUNDS"); do
  echo "--- round $round" >&2
  warm_up # every round: the restart before connections leaves the brokers cold
  for scenario in $SCENARIOS; do
    for name in "${names[@]}"; do
      if [[ "$scenario" == connections ]]; then
        # RSS per connection is measured on a fresh broker: memory freed by earlier
        # scenarios would otherwise be reused and hide the cost.
        stop_broker "$name"; start_broker "$name"
      fi
      run "$name" "$scenario"
    done
  done
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/machine.txt"
python3 "$bench/compare-table.py" "$out/raw.jsonl" | tee "$out/table.md"
echo "results in $out" >&2
