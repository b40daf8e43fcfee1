#!/usr/bin/env python3
"""Side-by-side benchmark of treatyline against its floor and a Python peer.

    python3 benches/harness.py --data DIR --label 100000 \\
        [--bin target/release/treatyline] [--floor target/release/examples/floor] \\
        [--runs 5] [--peer-runs 1] [--today 2026-11-29] [--out target/bench-data/out]

Runs, interleaved and in one session on the same generated data:

  floor         read every file and parse it into a generic TOML table (examples/floor.rs)
  check         treatyline check
  project-json  treatyline project --format json (to a file)
  upcoming      treatyline upcoming --within 1y (skipped, and said so, when the binary has none)
  peer          benches/peer.py: tomllib + dateutil doing the same projection, to a file

Each run is timed by /usr/bin/time (CPU = user + system, peak RSS) and by a
monotonic clock (wall). The table shows the best wall and best CPU of the
runs (the least disturbed by other work on the machine) and the largest peak
RSS, then the ratios to the floor and the peer's time over each command's,
and whether each target of docs/performance.md is met. Results are also
appended to OUT/results.jsonl.

To add a command, add one line to COMMANDS.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time

# name, argv (DIR, BIN, FLOOR, TODAY substituted), stdout file (None: discarded),
# target ratio to the floor (None: no target), probe argv to see whether the
# binary has the command (None: always run).
COMMANDS = [
    ("floor", ["FLOOR", "DIR"], None, None, None),
    ("check", ["BIN", "check", "--data", "DIR", "--today", "TODAY", "--color", "never"],
     None, 1.5, None),
    ("project-json", ["BIN", "project", "--format", "json", "--data", "DIR", "--today", "TODAY"],
     "project.json", 2.0, None),
    ("upcoming", ["BIN", "upcoming", "--within", "1y", "--data", "DIR", "--today", "TODAY",
                  "--color", "never"],
     "upcoming.txt", 1.5, ["BIN", "upcoming", "--help"]),
    ("peer", [sys.executable, "benches/peer.py", "DIR", "--today", "TODAY"],
     "peer.json", None, None),
]

PEER_SPEEDUP_TARGET = 30.0
RSS_TARGET_MB = 300.0


def substitute(argv, args):
    table = {"DIR": args.data, "BIN": args.bin, "FLOOR": args.floor, "TODAY": args.today}
    return [table.get(a, a) for a in argv]


def measure(argv, stdout_path):
    """One run: (wall s, cpu s, peak RSS MB, exit code)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        out = open(stdout_path, "wb") if stdout_path else subprocess.DEVNULL
        try:
            start = time.perf_counter()
            rc = subprocess.call(
                ["/usr/bin/time", "-f", "%e %U %S %M", "-o", tf.name] + argv,
                stdout=out, stderr=subprocess.DEVNULL)
            wall = time.perf_counter() - start
        finally:
            if stdout_path:
                out.close()
        fields = tf.read().split()[-4:]
    _, user, system, rss_kb = fields
    return wall, float(user) + float(system), int(rss_kb) / 1024.0, rc


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--data", required=True)
    p.add_argument("--label", default="")
    p.add_argument("--bin", default="target/release/treatyline")
    p.add_argument("--floor", default="target/release/examples/floor")
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--peer-runs", type=int, default=1)
    p.add_argument("--today", default="2026-11-29")
    p.add_argument("--out", default="target/bench-data/out")
    p.add_argument("--no-peer", action="store_true")
    args = p.parse_args()
    os.makedirs(args.out, exist_ok=True)

    active, skipped = [], []
    for name, argv, stdout, target, probe in COMMANDS:
        if name == "peer" and args.no_peer:
            skipped.append((name, "--no-peer given"))
            continue
        if probe is not None:
            rc = subprocess.call(substitute(probe, args), stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
            if rc != 0:
                skipped.append((name, f"`{' '.join(probe[1:-1])}` is not a command of this binary"))
                continue
        active.append((name, substitute(argv, args), stdout, target))

    # One untimed pass of the floor warms the page cache for everyone.
    measure(substitute(COMMANDS[0][1], args), None)

    runs = {name: [] for name, *_ in active}
    for r in range(max(args.runs, args.peer_runs)):
        for name, argv, stdout, _ in active:
            limit = args.peer_runs if name == "peer" else args.runs
            if r >= limit:
                continue
            path = os.path.join(args.out, f"{args.label or 'run'}-{stdout}") if stdout else None
            wall, cpu, rss, rc = measure(argv, path)
            if rc != 0:
                print(f"error: {name} exited {rc}: {' '.join(argv)}", file=sys.stderr)
                sys.exit(1)
            runs[name].append((wall, cpu, rss))

    best = {name: (min(x[0] for x in v), min(x[1] for x in v), max(x[2] for x in v), len(v))
            for name, v in runs.items()}
    floor = best.get("floor")
    peer = best.get("peer")
    title = f"{args.label} treaties" if args.label else args.data
    print(f"\n### {title} ({os.cpu_count()} cores; best of {args.runs} runs, peer {args.peer_runs})\n")
    print("| command | wall s | CPU s | peak RSS MB | wall / floor | CPU / floor | peer wall / this wall | target |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    verdicts = []
    for name, _, _, target in active:
        wall, cpu, rss, n = best[name]
        rw = wall / floor[0] if floor else float("nan")
        rc = cpu / floor[1] if floor else float("nan")
        speed = f"{peer[0] / wall:.0f}x" if peer and name not in ("peer",) else ""
        goal = ""
        if target is not None:
            ok = rw <= target and rc <= target
            goal = f"<= {target}x floor: {'met' if ok else 'MISSED'}"
            verdicts.append((name, ok))
        if name == "project-json" and peer:
            ok = peer[0] / wall >= PEER_SPEEDUP_TARGET
            goal += f"; >= {PEER_SPEEDUP_TARGET:.0f}x peer: {'met' if ok else 'MISSED'}"
        if name != "floor" and name != "peer" and args.label == "100000":
            ok = rss < RSS_TARGET_MB
            goal += f"; RSS < {RSS_TARGET_MB:.0f} MB: {'met' if ok else 'MISSED'}"
        print(f"| {name} | {wall:.2f} | {cpu:.2f} | {rss:.0f} | {rw:.2f} | {rc:.2f} | {speed} | {goal} |")
    for name, why in skipped:
        print(f"| {name} | - | - | - | - | - | - | skipped: {why} |")
    print()
    with open(os.path.join(args.out, "results.jsonl"), "a") as f:
        f.write(json.dumps({"label": args.label, "data": args.data, "time": time.time(),
                            "best": best, "runs": runs,
                            "skipped": skipped}) + "\n")


if __name__ == "__main__":
    main()
