#!/bin/sh
# test-cli.sh — cellarium-cli end to end, as TAP. CELLARIUM_CLI names the
# binary (meson sets it).
set -u

CLI=${CELLARIUM_CLI:?"CELLARIUM_CLI must name the cellarium-cli binary"}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
cd "$TMP" || exit 1

n=0
ok () { n=$((n + 1)); echo "ok $n - $1"; }
not_ok () { n=$((n + 1)); echo "not ok $n - $1"; }
# check DESCRIPTION COMMAND…: one test point from a command's status.
check () {
  desc=$1
  shift
  if "$@"; then ok "$desc"; else not_ok "$desc"; fi
}

# Runs the CLI with stdout in out.txt and stderr in err.txt; its status in $rc.
cli () {
  "$CLI" "$@" > out.txt 2> err.txt
  rc=$?
}

# The last command failed with status $1 and one line "cellarium-cli: …".
failed_with () {
  [ "$rc" -eq "$1" ] && [ "$(wc -l < err.txt)" -eq 1 ] && grep -q '^cellarium-cli: ..*' err.txt
}

# The population column of a --csv file equals $2 on every data row, and
# there are $3 or $4 data rows.
population_is () {
  awk -F, -v want="$2" -v r1="$3" -v r2="$4" '
    NR == 1 { for (i = 1; i <= NF; i++) if ($i == "population") col = i; next }
    { rows++; if ($col != want) bad++ }
    END { exit !(col > 0 && (rows == r1 || rows == r2) && bad == 0) }' "$1"
}

# A glider (Golly's orientation: moves down and right), written here so the
# test needs nothing else.
cat > glider.rle <<'EOF'
#N Glider
#C The smallest spaceship.
x = 3, y = 3, rule = B3/S23
bob$2bo$3o!
EOF

# list, describe, help ----------------------------------------------------
cli list
check "list succeeds" [ "$rc" -eq 0 ]
check "list shows life" grep -q '^life ' out.txt
check "list shows eca" grep -q '^eca ' out.txt

cli describe life
check "describe life succeeds" [ "$rc" -eq 0 ]
for p in rule width height topology; do
  check "describe life lists $p" grep -q "^  $p — " out.txt
done
check "describe life lists topology's choices" grep -q 'torus.*bounded' out.txt

cli describe eca
check "describe eca lists rule and boundary" sh -c 'grep -q "^  rule — " out.txt && grep -q "^  boundary — " out.txt'

cli describe nosuchmodel
check "describe of an unknown model fails with one line" failed_with 1

for c in list describe run bench import sweep; do
  cli "$c" --help
  check "$c --help" sh -c "[ $rc -eq 0 ] && grep -q 'cellarium-cli $c' out.txt"
done

cli frobnicate
check "an unknown command exits 2" failed_with 2
cli run --no-such-option life
check "an unknown option exits 2" failed_with 2
cli
check "no command exits 2" [ "$rc" -eq 2 ]

# run a pattern -------------------------------------------------------------
# From the centre of a 64×64 bounded grid, a glider moves 25 cells
# diagonally in 100 generations and stays clear of the edge, so the
# population is 5 after every step.
cli run glider.rle --set width=64 --set height=64 --set topology=bounded --steps 100 --csv out.csv
check "run glider.rle with --csv succeeds" [ "$rc" -eq 0 ]
check "the CSV header names step and population" sh -c 'head -n 1 out.csv | grep -q "^step,.*population"'
check "the glider's population is 5 on each of 100 rows" population_is out.csv 5 100 101
check "the last CSV row is step 100" sh -c 'tail -n 1 out.csv | grep -q "^100,"'

# save, reload and resume: the same pictures byte for byte
cli run glider.rle --set width=64 --set height=64 --set topology=bounded --steps 100 --save glider.cellarium --png a.png
check "run with --save and --png succeeds" [ "$rc" -eq 0 ]
check "the picture is a PNG" sh -c '[ "$(dd if=a.png bs=1 skip=1 count=3 2>/dev/null)" = PNG ]'
cli run glider.cellarium --steps 0 --png b.png
check "the saved experiment reloads to the same picture" cmp -s a.png b.png
cli run glider.rle --set width=64 --set height=64 --set topology=bounded --steps 150 --png c.png
cli run glider.cellarium --steps 50 --png d.png
check "the saved experiment resumes to the same picture" cmp -s c.png d.png
# Without its state the file holds only the parameters (density 0: an
# empty grid), so it reloads as an empty 64×64 torus.
cli run glider.cellarium --steps 50 --no-state --save params.cellarium
cli run params.cellarium --steps 0 --png e.png
cli run life --set width=64 --set height=64 --steps 0 --png empty.png
check "a --no-state save reloads from its parameters alone" cmp -s e.png empty.png
check "... which differ from the saved state" sh -c '! cmp -s e.png a.png'

# errors -------------------------------------------------------------------
for bad in width=0 width=abc unknown=1 noequals topology=sphere; do
  rm -f bad.csv
  cli run glider.rle --set "$bad" --steps 5 --csv bad.csv
  check "--set $bad fails with one line" failed_with 1
  check "--set $bad writes no output" [ ! -e bad.csv ]
done
cli run no-such-file.rle --steps 1
check "a missing file fails with one line" failed_with 1
printf 'not an experiment' > broken.json
cli run broken.json
check "a corrupt experiment fails with one line" failed_with 1
cli run life --steps -3
check "negative --steps fails" failed_with 1

# run a model ---------------------------------------------------------------
cli run eca --set width=101 --steps 10 --csv eca.csv --png eca.png
check "run eca succeeds" [ "$rc" -eq 0 ]
check "run eca writes 10 or 11 data rows" sh -c 'r=$(($(wc -l < eca.csv) - 1)); [ $r -eq 10 ] || [ $r -eq 11 ]'
check "run eca's CSV has a density column" sh -c 'head -n 1 eca.csv | grep -q "^step,.*density"'

cli run life --seed 5 --set density=0.5 --set width=32 --set height=32 --steps 20 --png s1.png
cli run life --seed 5 --set density=0.5 --set width=32 --set height=32 --steps 20 --png s2.png
cli run life --seed 6 --set density=0.5 --set width=32 --set height=32 --steps 20 --png s3.png
check "the same seed gives the same picture" cmp -s s1.png s2.png
check "another seed gives another picture" sh -c '! cmp -s s1.png s3.png'

# import -----------------------------------------------------------------
cli import glider.rle -o imported.cellarium
check "import succeeds" [ "$rc" -eq 0 ]
cli run imported.cellarium --steps 4 --csv imported.csv
check "the imported experiment runs the glider" population_is imported.csv 5 4 5
printf 'x = 3, y = 3, rule = B3/S23:P20,10\nbob$2bo$3o!\n' > bounded.rle
cli import bounded.rle -o bounded.cellarium
check "import keeps a :P bounded-grid suffix" sh -c 'grep -q "\"topology\" *: *\"bounded\"" bounded.cellarium && grep -q "\"width\" *: *\"20\"" bounded.cellarium && grep -q "\"height\" *: *\"10\"" bounded.cellarium'

# sweep ------------------------------------------------------------------
cli sweep eca --csv sweep.csv --width 64 --steps 32
check "sweep eca succeeds" [ "$rc" -eq 0 ]
check "sweep eca writes a header and 256 rules" [ "$(wc -l < sweep.csv)" -eq 257 ]
cli sweep eca
check "sweep without --csv is a usage error" failed_with 2

# bench ------------------------------------------------------------------
cli bench life --size 64 --steps 10 --threads 1
check "bench life runs" sh -c "[ $rc -eq 0 ] && grep -q 'cell updates/s' out.txt"
cli bench eca --size 256 --steps 10 --threads 1
check "bench eca runs" sh -c "[ $rc -eq 0 ] && grep -q 'cell updates/s' out.txt"

# Ctrl+C -----------------------------------------------------------------
if command -v timeout > /dev/null 2>&1; then
  rm -f int.csv
  timeout -k 20 -s INT --preserve-status 2 "$CLI" run life --steps 1000000000 --csv int.csv > out.txt 2> err.txt
  rc=$?
  check "SIGINT stops a run with status 130" failed_with 130
  check "an interrupted run writes nothing" [ ! -e int.csv ]
else
  ok "SIGINT stops a run with status 130 # SKIP timeout(1) is missing"
  ok "an interrupted run writes nothing # SKIP timeout(1) is missing"
fi

echo "1..$n"
