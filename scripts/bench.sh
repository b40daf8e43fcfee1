#!/usr/bin/env bash
# The scale benchmark of docs/performance.md.
#
#   scripts/bench.sh [N...]          default: 10000 100000
#
# Environment: RUNS (default 5), PEER_RUNS (default 1), SEED (default 2026),
# TODAY (default 2026-11-29), NO_PEER=1 to skip the Python peer.
#
# Needs: /usr/bin/time (Debian package `time`), python3 >= 3.11 (tomllib),
# python-dateutil, and optionally hyperfine for the single-treaty timing.
# Missing ones are installed (apt-get as root, pip for dateutil).
#
# Data goes to target/bench-data/N (generated once per N and seed), outputs
# to target/bench-data/out. Nothing here runs in `cargo test`.
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=("$@")
[ ${#SIZES[@]} -eq 0 ] && SIZES=(10000 100000)
RUNS=${RUNS:-5}
PEER_RUNS=${PEER_RUNS:-1}
SEED=${SEED:-2026}
TODAY=${TODAY:-2026-11-29}
PEER_FLAG=()
[ "${NO_PEER:-}" = 1 ] && PEER_FLAG=(--no-peer)

need_apt() {
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get install -y "$@" >/dev/null 2>&1 || { apt-get update >/dev/null 2>&1 && apt-get install -y "$@" >/dev/null 2>&1; }
  else
    echo "please install: $*" >&2
    return 1
  fi
}
[ -x /usr/bin/time ] || need_apt time
command -v hyperfine >/dev/null || need_apt hyperfine || true
python3 -c 'import tomllib' 2>/dev/null || { echo "python3 >= 3.11 is needed (tomllib)" >&2; exit 1; }
python3 -c 'import dateutil' 2>/dev/null || python3 -m pip install --quiet python-dateutil

echo "== building (release)"
cargo build --release --locked --bin treatyline --example gen --example floor

echo "== machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "   (other work on the machine makes wall times noisy: the table keeps the best of $RUNS runs)"

mkdir -p target/bench-data/out
# A data set is reused while the seed and the generator are the same.
stamp=".seed-$SEED-$(cksum < examples/gen.rs | cut -d' ' -f1)"
for n in "${SIZES[@]}"; do
  dir="target/bench-data/$n"
  if [ ! -f "$dir/$stamp" ]; then
    rm -rf "$dir"
    target/release/examples/gen "$n" "$dir" --seed "$SEED"
    touch "$dir/$stamp"
  fi
  python3 benches/harness.py --data "$dir" --label "$n" --runs "$RUNS" \
    --peer-runs "$PEER_RUNS" --today "$TODAY" "${PEER_FLAG[@]}"
done

echo "== one treaty: timeline (wall, including process start)"
# The largest generated file: a stress case with thousands of events.
big=$(find "target/bench-data/${SIZES[0]}" -name '*.toml' -printf '%s %p\n' | sort -n | tail -1 | cut -d' ' -f2)
if command -v hyperfine >/dev/null; then
  hyperfine -N --warmup 5 --runs 50 --style basic \
    "target/release/treatyline timeline sino-dprk-1961 --today $TODAY --color never" \
    "target/release/treatyline timeline $big --today $TODAY --color never" \
    "target/release/treatyline timeline $big --today $TODAY --until 2999-12-31 --color never"
else
  for t in sino-dprk-1961 "$big"; do
    /usr/bin/time -f "timeline $t: %e s wall, %M KB" \
      target/release/treatyline timeline "$t" --today "$TODAY" --color never >/dev/null
  done
fi
