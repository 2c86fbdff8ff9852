#!/usr/bin/env bash
# Incremental runs: a full run on N generated answers, then one new export of N/100 answers
# appears and `teema run` goes again into the same OUT (reusing OUT/cache), against a fresh run
# of the same folder with --no-cache. Checks that both give the same summary.md, themes.json
# and responses.csv, and prints wall time, peak RSS and each stage for the three runs.
#
#   benches/incremental.sh [N]          # default 1000000
#
# Environment: TEEMA_BIN (default target/release/teema, built unless SKIP_BUILD=1),
# TEEMA_BENCH_DIR (default /tmp/teema-bench/survey; the N-answer export is generated there by
# benches/gen_survey.py if missing, as benches/scale.sh does). MB means 2^20 bytes. One run of
# each: the machines are noisy, so repeat the script to see the spread.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000000}
teema=${TEEMA_BIN:-target/release/teema}
bench_dir=${TEEMA_BENCH_DIR:-/tmp/teema-bench/survey}
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 1; }
[ "${SKIP_BUILD:-0}" = 1 ] || cargo build --release --locked --quiet
if [ ! -f "$bench_dir/$n/export.csv" ]; then
  mkdir -p "$bench_dir"
  python3 benches/gen_survey.py "$bench_dir/.partial-$n" "$bench_dir/$n-gold.csv" "$n"
  mv "$bench_dir/.partial-$n" "$bench_dir/$n"
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/in"
cp "$bench_dir/$n/export.csv" "$tmp/in/"
new=$((n / 100))
python3 benches/gen_survey.py "$tmp/new" "$tmp/new-gold.csv" "$new" 7 N export2.csv

run() {  # run NAME ARGS...: teema run under time -v, timings in $tmp/NAME.json
  local name=$1; shift
  /usr/bin/time -v -o "$tmp/$name.time" "$teema" run "$tmp/in" -q --timings "$tmp/$name.json" "$@"
  python3 - "$name" "$tmp/$name.json" "$tmp/$name.time" <<'PY'
import json, re, sys
name, timings, timev = sys.argv[1:]
t = json.load(open(timings))
text = open(timev).read()
wall = re.search(r"Elapsed \(wall clock\) time.*: (.*)", text).group(1)
secs = sum(float(p) * 60 ** i for i, p in enumerate(reversed(wall.split(":"))))
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1)) / 1024
stages = " ".join(f"{s['stage']} {s['seconds']:.2f}" for s in t["stages"])
c = t["cache"]
print(f"{name:12} wall {secs:6.2f} s  peak RSS {rss:7.1f} MB  {stages}")
print(f"{'':12} reused {c['reused']}, analysed {c['analysed']}, changed compounds {c['changed_compounds']}; "
      f"index kept {c['index_kept']}, added {c['index_added']}, removed {c['index_removed']}"
      f"{' (rebuilt)' if c['index_rebuilt'] else ''}")
PY
}

cat "$tmp/in/export.csv" >/dev/null
run first --out "$tmp/out"
cp "$tmp/new/export2.csv" "$tmp/in/"
run incremental --out "$tmp/out"
run fresh --out "$tmp/fresh" --no-cache
for f in summary.md themes.json responses.csv; do
  cmp -s "$tmp/out/$f" "$tmp/fresh/$f" || { echo "$f differs between the incremental and the fresh run" >&2; exit 1; }
done
echo "summary.md, themes.json and responses.csv: the incremental run's are identical to the fresh run's"
