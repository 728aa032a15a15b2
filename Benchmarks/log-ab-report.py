"""Summarises a Benchmarks/log-ab.sh run: medians over the repeats, before and after side by side."""
import json
import statistics
import sys
from pathlib import Path

results, ticks_per_second = Path(sys.argv[1]), float(sys.argv[2])


def phase(which, rep, scenario):
    path = results / f"{which}-{rep}-{scenario}.json"
    if not path.exists():
        return None
    data = json.loads(path.read_text())
    return data["phases"][0] if data.get("phases") else None


def figures(which, scenario):
    rows = []
    rep = 1
    while (results / f"{which}-{rep}-{scenario}.json").exists() or rep == 1:
        p = phase(which, rep, scenario)
        if p:
            ticks = results / f"{which}-{rep}-{scenario}.redis-ticks"
            redis = float(ticks.read_text()) / ticks_per_second if ticks.exists() else None
            rows.append({
                "fps": p["framesPerSecond"], "p50": p["latencyMs"]["p50"], "p99": p["latencyMs"]["p99"],
                "lost": p["lostFrames"], "frames": p["deliveredFrames"], "messages": p["messages"],
                "cpu_ns": (p["serverCPUSeconds"] or 0) / max(1, p["deliveredFrames"]) * 1e9,
                "redis_us": (redis or 0) / max(1, p["messages"]) * 1e6,
                "wall": p["wallSeconds"],
            })
        rep += 1
        if rep > 20:
            break
    return rows


def median(rows, key):
    return statistics.median(r[key] for r in rows) if rows else float("nan")


def cell(rows, key, fmt):
    if not rows:
        return "—"
    values = ", ".join(fmt(r[key]) for r in rows)
    return f"{fmt(median(rows, key))} ({values})"


k = lambda v: f"{v / 1000:.0f}k"
ms = lambda v: f"{v:.1f}"
ns = lambda v: f"{v:.0f}"
us = lambda v: f"{v:.1f}"
print("| scenario: figure, median (runs) | before (pub/sub) | after (shared log) |")
print("|---|---|---|")
for scenario, lines in [
    ("burst", [("10k × burst of 200: frames/s", "fps", k), ("bridge CPU per frame, ns", "cpu_ns", ns),
               ("p50 / p99 ms", None, None), ("Redis CPU per message, µs", "redis_us", us)]),
    ("rate", [("1k × 100 msg/s: p50 ms", "p50", ms), ("p99 ms", "p99", ms), ("bridge CPU per frame, ns", "cpu_ns", ns),
              ("Redis CPU per message, µs", "redis_us", us)]),
    ("light", [("100 × 20 msg/s: p50 ms", "p50", ms), ("p99 ms", "p99", ms)]),
    ("ingest", [("10 sessions × 8,000-message burst: frames/s", "fps", k), ("Redis CPU per message, µs", "redis_us", us)]),
]:
    before, after = figures("before", scenario), figures("after", scenario)
    for label, key, fmt in lines:
        if key is None:
            print(f"| {label} | {ms(median(before, 'p50'))} / {ms(median(before, 'p99'))} | {ms(median(after, 'p50'))} / {ms(median(after, 'p99'))} |")
            continue
        print(f"| {label} | {cell(before, key, fmt)} | {cell(after, key, fmt)} |")
    lost = sum(r["lost"] for r in before + after)
    if lost:
        print(f"| {scenario}: frames lost | {sum(r['lost'] for r in before)} | {sum(r['lost'] for r in after)} |")
events = figures("after", "ingest")
if events:
    rate = median(events, "fps") / 10
    print(f"\nIngest with the log: {rate / 1000:.1f}k events/s appended and delivered (10 sessions each received every event).")
