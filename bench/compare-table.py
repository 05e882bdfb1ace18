#!/usr/bin/env python3
"""Medians of bench/compare.sh's raw.jsonl as a Markdown table, with our ratio to each peer.

Per scenario and broker: delivered msg/s (connections: connects/s), delivered messages per broker
CPU-second, broker and generator CPU seconds, p99 latency, the worst loss over the rounds (and
broker RSS per connection for `connections`). Ratios = ours / peer on both throughput figures.
Usage: python3 bench/compare-table.py raw.jsonl
"""
import json
import statistics
import sys
from collections import defaultdict

BROKERS = ["mosquitto", "aedes", "ours"]
PEERS = ["mosquitto", "aedes"]


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def fmt(value, digits=0):
    if value is None:
        return "-"
    if digits == 0:
        return f"{value:,.0f}"
    return f"{value:,.{digits}f}"


def ratio(ours, peer):
    if ours is None or peer in (None, 0):
        return "-"
    return f"{ours / peer:.2f}x"


def main(path):
    runs = defaultdict(list)
    order = []
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line.startswith("{"):
                continue
            r = json.loads(line)
            key = (r["scenario"], r["broker"])
            runs[key].append(r)
            if r["scenario"] not in order:
                order.append(r["scenario"])
    head = ("| scenario | broker | rounds | msg/s | msg per broker CPU-s | broker CPU s "
            "| generator CPU s | p99 ms | lost (max) | dup (max) |")
    print(head)
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    summary = {}
    for scenario in order:
        conn = scenario == "connections"
        for broker in BROKERS:
            rs = runs.get((scenario, broker), [])
            if not rs:
                continue
            rate = median([r.get("connect_per_s" if conn else "msg_per_s") for r in rs])
            per_cpu = median([r.get("connections_per_broker_cpu_s" if conn
                                    else "delivered_per_broker_cpu_s") for r in rs])
            summary[(scenario, broker)] = (rate, per_cpu)
            p99 = median([r.get("latency_us_p99") for r in rs])
            lost = "-" if conn else fmt(max(r.get("lost", 0) for r in rs))
            dup = "-" if conn else fmt(max(r.get("duplicated", 0) for r in rs))
            if conn:
                rss = median([r.get("broker_rss_per_connection_kib") for r in rs])
                connected = median([r.get("connected") for r in rs])
                lost = f"{fmt(connected)} conn, {fmt(rss, 1)} KiB/conn"
            print(f"| {scenario} | {broker} | {len(rs)} | {fmt(rate)} | {fmt(per_cpu)} "
                  f"| {fmt(median([r.get('broker_cpu_s') for r in rs]), 2)} "
                  f"| {fmt(median([r.get('generator_cpu_s') for r in rs]), 2)} "
                  f"| {fmt(p99 / 1000 if p99 is not None else None, 1)} | {lost} | {dup} |")
    print()
    print("| scenario | ours/mosquitto msg/s | ours/mosquitto per CPU-s "
          "| ours/aedes msg/s | ours/aedes per CPU-s |")
    print("|---|---:|---:|---:|---:|")
    for scenario in order:
        ours = summary.get((scenario, "ours"), (None, None))
        cells = []
        for peer in PEERS:
            theirs = summary.get((scenario, peer), (None, None))
            cells += [ratio(ours[0], theirs[0]), ratio(ours[1], theirs[1])]
        print(f"| {scenario} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "raw.jsonl")
