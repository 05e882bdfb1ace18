#!/usr/bin/env python3
"""Medians of bench/persistence.sh's raw.jsonl as Markdown tables.

Per scenario and configuration (memory, sync, interval): delivered msg/s, delivered messages per
broker CPU-second, broker and generator CPU seconds, broker RSS, p99 latency, worst loss and
duplicates over the rounds; then sync/memory and interval/memory on both throughput figures
against issue 7's targets (sync >= 0.5x, interval >= 0.8x of memory).
Usage: python3 bench/persistence-table.py raw.jsonl
"""
import json
import statistics
import sys
from collections import defaultdict

CONFIGS = ["memory", "sync", "interval"]
TARGETS = {"sync": 0.5, "interval": 0.8}


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def fmt(value, digits=0):
    if value is None:
        return "-"
    return f"{value:,.{digits}f}"


def main(path):
    runs = defaultdict(list)
    order = []
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line.startswith("{"):
                r = json.loads(line)
                runs[(r["scenario"], r["broker"])].append(r)
                if r["scenario"] not in order:
                    order.append(r["scenario"])
    print("| scenario | persistence | rounds | msg/s | msg per broker CPU-s | broker CPU s "
          "| generator CPU s | broker RSS MiB | p99 ms | lost (max) | dup (max) | timed out |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    med = {}
    for scenario in order:
        for config in CONFIGS:
            rs = runs.get((scenario, config), [])
            if not rs:
                continue
            m = {
                "rate": median([r["msg_per_s"] for r in rs]),
                "per_cpu": median([r.get("delivered_per_broker_cpu_s") for r in rs]),
                "cpu": median([r.get("broker_cpu_s") for r in rs]),
                "gen": median([r.get("generator_cpu_s") for r in rs]),
                "rss": median([r.get("broker_rss_kib") for r in rs]),
                "p99": median([r["latency_us_p99"] / 1000 for r in rs]),
            }
            med[(scenario, config)] = m
            print(f"| {scenario} | {config} | {len(rs)} | {fmt(m['rate'])} | {fmt(m['per_cpu'])} "
                  f"| {fmt(m['cpu'], 2)} | {fmt(m['gen'], 2)} "
                  f"| {fmt(m['rss'] / 1024 if m['rss'] else None)} | {fmt(m['p99'], 1)} "
                  f"| {max(r['lost'] for r in rs)} | {max(r['duplicated'] for r in rs)} "
                  f"| {sum(1 for r in rs if r.get('timed_out'))} |")
    print()
    print("| scenario | ratio | msg/s | per broker CPU-s | target (msg/s) |")
    print("|---|---|---:|---:|---|")
    for scenario in order:
        base = med.get((scenario, "memory"))
        for config, target in TARGETS.items():
            m = med.get((scenario, config))
            if not base or not m:
                continue
            rate = m["rate"] / base["rate"] if base["rate"] else None
            cpu = m["per_cpu"] / base["per_cpu"] if base["per_cpu"] and m["per_cpu"] else None
            verdict = "-" if rate is None else ("met" if rate >= target else "not met")
            print(f"| {scenario} | {config}/memory | {fmt(rate, 2)}x | {fmt(cpu, 2)}x "
                  f"| >= {target}x: {verdict} |")


if __name__ == "__main__":
    main(sys.argv[1])
