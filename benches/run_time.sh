#!/usr/bin/env bash
# Wall time and peak memory of `teema run` on a folder, measured with /usr/bin/time -v.
#
#   benches/run_time.sh [INPUT_DIR] [REPEATS]
#
# Builds the release binary, runs it REPEATS times (default 5) on INPUT_DIR (default the
# bundled corpus), and prints every run and the median wall time and peak RSS. The machines
# are noisy: compare medians from the same invocation, never single runs.
set -euo pipefail
cd "$(dirname "$0")/.."
input=${1:-corpora/yhteisomanagerit}
repeats=${2:-5}
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 1; }
cargo build --release --quiet
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
walls=(); rss=()
for i in $(seq "$repeats"); do
  /usr/bin/time -v ./target/release/teema run "$input" --out "$out/run" --quiet 2>"$out/time.txt"
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,p,":"); s=0; for(j=1;j<=n;j++) s=s*60+p[j]; print s}' "$out/time.txt")
  kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$out/time.txt")
  printf 'run %d: wall %.2f s, peak RSS %.1f MB\n' "$i" "$wall" "$(awk -v k="$kb" 'BEGIN {print k/1024}')"
  walls+=("$wall"); rss+=("$kb")
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
answers=$(python3 -c "import json,sys; print(json.load(open('$out/run/themes.json'))['counts']['answers'])" 2>/dev/null || echo '?')
printf 'input %s, %s answers, %d runs: median wall %.2f s, median peak RSS %.1f MB\n' \
  "$input" "$answers" "$repeats" "$(median "${walls[@]}")" "$(awk -v k="$(median "${rss[@]}")" 'BEGIN {print k/1024}')"
