#!/usr/bin/env bash
# Connect/disconnect cost per persistence: bench/connect-cost.sh [SERVER_JAR...]
# For each round, each jar (default: aedes-server/target/aedes-server-*-SNAPSHOT.jar) and each of
# rocksdb (sync, fresh temp directory) and memory: starts the server on 127.0.0.1:$PORT, warms it
# up (5,000 clean connects), runs bench/ConnectLoop.java (COUNT clean connects, then COUNT
# persistent reconnects, 8 threads) and the load generator's `connections` at SCALE, stops it.
# One line per measurement on stdout: jar, persistence, what, JSON.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
PORT=${PORT:-18890} ROUNDS=${ROUNDS:-2} COUNT=${COUNT:-20000} SCALE=${SCALE:-0.2}
jars=("$@")
[[ ${#jars[@]} -gt 0 ]] || jars=("$root"/aedes-server/target/aedes-server-*-SNAPSHOT.jar)
run() {
  local jar=$1 pers=$2 dir pid
  dir=$(mktemp -d)
  local args=(--tcp-host=127.0.0.1 --tcp-port="$PORT" --http-enabled=false --log-level=warn
    --persistence="$pers")
  [[ $pers == rocksdb ]] && args+=(--persistence-path="$dir" --persistence-durability=sync)
  java -Xms256m -Xmx1g -jar "$jar" "${args[@]}" >"$dir.log" 2>&1 &
  pid=$!
  for _ in $(seq 100); do (echo >/dev/tcp/127.0.0.1/"$PORT") 2>/dev/null && break; sleep 0.2; done
  local name; name=$(basename "$jar")
  java "$root/bench/ConnectLoop.java" "$PORT" "$pid" 5000 8 clean >/dev/null
  echo "$name $pers clean $(java "$root/bench/ConnectLoop.java" "$PORT" "$pid" "$COUNT" 8 clean)"
  echo "$name $pers persistent $(java "$root/bench/ConnectLoop.java" "$PORT" "$pid" "$COUNT" 8 persistent)"
  echo "$name $pers connections $("$root/bench/load.sh" --port "$PORT" --broker-pid "$pid" \
    --scale "$SCALE" connections 2>/dev/null)"
  kill "$pid"; wait "$pid" 2>/dev/null || true
  rm -rf "$dir" "$dir.log"
}
for _ in $(seq "$ROUNDS"); do
  for pers in rocksdb memory; do
    for jar in "${jars[@]}"; do run "$jar" "$pers"; done
  done
done
