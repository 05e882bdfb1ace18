#!/usr/bin/env python3
"""Turns a CodecBenchmark JSON result into the Markdown table of bench/README.md:
ours against Netty per case, with the ratio.

    java -jar aedes-bench/target/benchmarks.jar CodecBenchmark -prof dev.aedes.bench.CpuTimeProfiler \\
        -rf json -rff result.json && python3 bench/jmh-table.py result.json

Throughput is JMH's wall-clock score. CPU ns/op (from CpuTimeProfiler, when present) is the
worker thread's CPU time per operation: on a shared machine it does not move when the worker is
descheduled, so the CPU ratio (Netty ns / our ns, > 1 means ours is faster) is the steadier one."""
import json
import sys

rows = {}
for result in json.load(open(sys.argv[1])):
    method = result["benchmark"].rsplit(".", 1)[1]          # parseOurs, generateNetty, ...
    op, side = ("parse", method[5:]) if method.startswith("parse") else ("generate", method[8:])
    case = result["params"]["packet"]
    metric = result["primaryMetric"]
    cpu = result.get("secondaryMetrics", {}).get("cpu.time.norm")
    rows.setdefault((op, case), {})[side] = (
        metric["score"], metric["scoreError"],
        cpu["score"] if cpu else None, cpu["scoreError"] if cpu else None)

cases = ["PUBLISH_16B", "PUBLISH_1KIB", "CONNECT", "SUBSCRIBE"]
print("| Operation | Packet | Ours (ops/s) | Netty (ops/s) | Ours/Netty (ops/s) "
      "| Ours CPU ns/op | Netty CPU ns/op | Ours/Netty (CPU) |")
print("|---|---|--:|--:|--:|--:|--:|--:|")
for op in ["parse", "generate"]:
    for case in cases:
        r = rows.get((op, case))
        if not r or "Ours" not in r or "Netty" not in r:
            continue
        (o, oe, oc, oce), (n, ne, nc, nce) = r["Ours"], r["Netty"]
        line = f"| {op} | {case} | {o:,.0f} ± {oe:,.0f} | {n:,.0f} ± {ne:,.0f} | {o / n:.2f} "
        if oc and nc:
            line += f"| {oc:.1f} ± {oce:.1f} | {nc:.1f} ± {nce:.1f} | **{nc / oc:.2f}** |"
        else:
            line += "| | | |"
        print(line)
