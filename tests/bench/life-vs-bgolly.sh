#!/bin/sh
# life-vs-bgolly.sh — Cellarium's Life engine against Golly's QuickLife.
#
# Writes one random soup (default: 1024×1024, density 0.5) as an RLE on a
# torus (rule B3/S23:T1024,1024), then
#   1. runs it GENERATIONS steps in bgolly (QuickLife) and in cellarium-cli,
#      timing each whole process with a one-generation run (loading, setup)
#      subtracted, and checks that both end with the same population;
#   2. runs `cellarium-cli bench life` (same size, density and generations,
#      its own soup), which times the stepping alone, single-threaded and
#      with every compute thread.
# bgolly is single-threaded; `cellarium-cli run` uses its default compute
# threads. Prints figures; never fails on time (only on a missing program).
#
# Usage: tests/bench/life-vs-bgolly.sh [CELLARIUM-CLI]
# Environment: SIZE, GENERATIONS, DENSITY, SEED; BGOLLY (default: bgolly).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
cli=${1:-${CELLARIUM_CLI:-$here/../../build/app/cellarium-cli}}
bgolly=${BGOLLY:-bgolly}
size=${SIZE:-1024}
generations=${GENERATIONS:-1000}
density=${DENSITY:-0.5}
seed=${SEED:-1}

if [ ! -x "$cli" ]; then
  echo "life-vs-bgolly: no cellarium-cli at $cli (build first, or pass its path)" >&2
  exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

now () { date +%s.%N; }
elapsed () { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.4f", b - a }'; }
rate () { awk -v s="$size" -v g="$generations" -v t="$1" 'BEGIN { printf "%.3g", s * s * g / t }'; }

# The soup, run-length encoded: runs never split across lines, lines of at
# most 70 characters.
awk -v size="$size" -v density="$density" -v seed="$seed" '
  function put(tok) {
    if (len + length(tok) > 70) { printf "\n"; len = 0 }
    printf "%s", tok; len += length(tok)
  }
  function flush_run() {
    if (run > 0) put((run > 1 ? run : "") cur)
    run = 0
  }
  BEGIN {
    srand(seed)
    printf "#C Random soup, density %s, seed %s\n", density, seed
    printf "x = %d, y = %d, rule = B3/S23:T%d,%d\n", size, size, size, size
    len = 0
    for (y = 0; y < size; y++) {
      run = 0; cur = ""
      for (x = 0; x < size; x++) {
        c = rand() < density ? "o" : "b"
        if (c != cur) { flush_run(); cur = c }
        run++
      }
      if (cur == "o") flush_run()
      put(y < size - 1 ? "$" : "!")
    }
    printf "\n"
  }' > "$work/soup.rle"

echo "Soup: ${size}×${size} torus, density $density, seed $seed, $generations generations"
echo "(process times, less a one-generation run; cellarium-cli with its default threads)"

t0=$(now); "$cli" run "$work/soup.rle" --steps 1 > /dev/null; t1=$(now)
"$cli" run "$work/soup.rle" --steps "$generations" > /dev/null
t2=$(now)
cli_time=$(elapsed "$(elapsed "$t0" "$t1")" "$(elapsed "$t1" "$t2")")
# The final population, from a second (untimed) run with the plot data.
"$cli" run "$work/soup.rle" --steps "$generations" --csv "$work/cellarium.csv" > /dev/null
cli_pop=$(tail -n 1 "$work/cellarium.csv" | cut -d, -f2)
echo "cellarium-cli run:     $cli_time s, $(rate "$cli_time") cell updates/s, final population $cli_pop"

if command -v "$bgolly" > /dev/null 2>&1; then
  t0=$(now); "$bgolly" -a QuickLife -m 1 "$work/soup.rle" > /dev/null 2>&1; t1=$(now)
  "$bgolly" -a QuickLife -m "$generations" "$work/soup.rle" > "$work/bgolly.out" 2>&1
  t2=$(now)
  bg_time=$(elapsed "$(elapsed "$t0" "$t1")" "$(elapsed "$t1" "$t2")")
  bg_pop=$(tail -n 1 "$work/bgolly.out" | sed 's/.*: *//; s/,//g')
  echo "bgolly -a QuickLife:   $bg_time s, $(rate "$bg_time") cell updates/s, final population $bg_pop"
  if [ "$bg_pop" = "$cli_pop" ]; then
    echo "Populations agree."
  else
    echo "POPULATIONS DIFFER: bgolly $bg_pop, cellarium $cli_pop" >&2
  fi
  echo "bgolly time / cellarium time: $(awk -v a="$bg_time" -v b="$cli_time" 'BEGIN { printf "%.1f", a / b }')×"
else
  echo "bgolly not found (Debian package golly); skipping the side-by-side run."
fi

echo
"$cli" bench life --size "$size" --steps "$generations" --density "$density" --seed "$seed"
