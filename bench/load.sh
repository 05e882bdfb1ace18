#!/usr/bin/env bash
# The MQTT load generator (issue 5): bench/load.sh [--port N] [--broker-pid PID] SCENARIO... | all
# Builds aedes-bench/target/benchmarks.jar first when it is missing or older than the sources.
# --help lists every flag. One JSON line per scenario goes to stdout.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
jar="$root/aedes-bench/target/benchmarks.jar"
if [[ ! -f "$jar" ]] || [[ -n "$(find "$root/aedes-bench/src/main" "$root/mqtt-connection/src/main" \
    "$root/mqtt-packet/src/main" -newer "$jar" -name '*.java' -print -quit)" ]]; then
  (cd "$root" && mvn -B -q -ntp -DskipTests package -pl aedes-bench -am) >&2
fi
exec java ${LOAD_JAVA_OPTS:--Xms512m -Xmx2g -XX:+UseParallelGC} -Dslf4j.internal.verbosity=ERROR -cp "$jar" \
  dev.aedes.bench.load.LoadGenerator "$@"
