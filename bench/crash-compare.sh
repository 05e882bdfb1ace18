#!/usr/bin/env bash
# Crash comparison (issue 7): the crash test of aedes-server's CrashRecoveryIT against our
# packaged server (RocksDB, sync durability) and against Mosquitto with its default persistence
# (persistence true, autosave_interval 1800 s, a fresh persistence_location). For each broker
# and kill moment (10%, 50%, 90% of all messages acknowledged): two persistent-session
# subscribers (QoS 1, QoS 2) subscribe and go offline, two publishers send N QoS 1 and N QoS 2
# messages, the broker gets SIGKILL, restarts on the same data, the subscribers reconnect.
# The client side is dev.aedes.bench.crash.CrashCompare (one JSON line per run).
#
#   bench/crash-compare.sh                    # N=10000, both brokers, 10/50/90 %
#   N=2000 BROKERS=mosquitto bench/crash-compare.sh
#
# Environment: N (10000 per QoS), BROKERS ("ours mosquitto"), PERCENTS ("10 50 90"),
# PORT (18860), MOSQUITTO_MAX_QUEUED (0 = no limit: Mosquitto's default of 1000 queued
# messages per client would drop most of N for the offline subscribers before any crash;
# "default" keeps Mosquitto's own). Mosquitto is installed with apt-get when missing.
# Results: bench/results/crash-<time>/ (raw.jsonl, table.md, broker logs).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bench="$root/bench"
N="${N:-10000}"
BROKERS="${BROKERS:-ours mosquitto}"
PERCENTS="${PERCENTS:-10 50 90}"
PORT="${PORT:-18860}"
MOSQUITTO_MAX_QUEUED="${MOSQUITTO_MAX_QUEUED:-0}"
out="$bench/results/crash-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
server_jar="$root/aedes-server/target/aedes-server-0.1.0-SNAPSHOT.jar"
bench_jar="$root/aedes-bench/target/benchmarks.jar"
if [[ ! -f "$server_jar" || ! -f "$bench_jar" ]]; then
  (cd "$root" && mvn -B -q -ntp -DskipTests package -pl aedes-server,aedes-bench -am)
fi
if [[ " $BROKERS " == *" mosquitto "* ]] && ! command -v mosquitto > /dev/null \
    && [[ ! -x /usr/sbin/mosquitto ]]; then
  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q mosquitto
fi
mosquitto_bin="$(command -v mosquitto || echo /usr/sbin/mosquitto)"

start_command() { # broker data-dir -> the shell command that starts it (ends in exec)
  case "$1" in
    ours)
      echo "exec java -jar '$server_jar' --tcp-host 127.0.0.1 --tcp-port $PORT \
--http-enabled false --log-level warn --persistence rocksdb --persistence-durability sync \
--persistence-path '$2/data'" ;;
    mosquitto)
      {
        echo "listener $PORT 127.0.0.1"
        echo "allow_anonymous true"
        echo "persistence true"
        echo "persistence_location $2/"
        echo "user root" # stay root: the data directory is ours
        [[ "$MOSQUITTO_MAX_QUEUED" != default ]] && echo "max_queued_messages $MOSQUITTO_MAX_QUEUED"
      } > "$2/mosquitto.conf"
      echo "exec '$mosquitto_bin' -c '$2/mosquitto.conf'" ;;
  esac
}

{
  echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'); cores: $(nproc); kernel: $(uname -r)"
  echo "data directories on: $(df -T "$out" | awk 'NR==2 {print $1 " (" $2 ")"}')"
  echo "ours: aedes-server 0.1.0-SNAPSHOT ($(git -C "$root" rev-parse --short HEAD)), rocksdb sync"
  [[ " $BROKERS " == *" mosquitto "* ]] && echo "mosquitto: $("$mosquitto_bin" -h 2>&1 | head -1), max_queued_messages $MOSQUITTO_MAX_QUEUED"
  echo "N=$N per QoS; kill at $PERCENTS % acknowledged"
} | tee "$out/machine.txt"

for broker in $BROKERS; do
  for percent in $PERCENTS; do
    data="$(mktemp -d "$out/data-$broker-$percent-XXXX")"
    echo "--- $broker, kill at $percent % ($(date -u +%H:%M:%S))" >&2
    java -cp "$bench_jar" dev.aedes.bench.crash.CrashCompare --broker "$broker" --port "$PORT" \
      --messages "$N" --percent "$percent" --log "$out/$broker.log" \
      --start "$(start_command "$broker" "$data")" | tee -a "$out/raw.jsonl" \
      || echo "$broker $percent % failed" >&2
    rm -rf "$data"
  done
done

python3 - "$out/raw.jsonl" <<'PY' | tee "$out/table.md"
import json, sys
rows = [json.loads(line) for line in open(sys.argv[1]) if line.startswith("{")]
print("| broker | killed at | acknowledged QoS 1 / QoS 2 | acknowledged but lost QoS 1 / QoS 2 "
      "| QoS 2 duplicates | QoS 1 duplicates | sessions kept |")
print("|---|---:|---:|---:|---:|---:|---|")
for r in rows:
    print(f"| {r['broker']} | {r['kill_percent']}% | {r['acked_qos1']:,} / {r['acked_qos2']:,} "
          f"| {r['lost_qos1']:,} / {r['lost_qos2']:,} | {r['duplicated_qos2']} "
          f"| {r['duplicated_qos1']} | {'yes' if r['sessions_present'] else 'no'} |")
PY
echo "results in $out" >&2
