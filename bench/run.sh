#!/usr/bin/env bash
# Whole-build benchmark: Annals against Hugo and against the bare floor
# program, on the same corpus, runs alternating so that machine noise hits
# all three alike. Prints a markdown table of medians and ratios.
#
#   bench/run.sh                               # synthetic 10k corpus, 5 runs each
#   SIZES="10000 100000" bench/run.sh          # add the 100k corpus
#   MODE=real bench/run.sh                     # the Current events corpus only
#   MODE=all SIZES="10000 100000" bench/run.sh # everything
#   MODE=growth SIZES="10000 100000" TOOLS=floor,annals bench/run.sh
#                                              # sizes alternate within each run
#
# Settings (environment): SIZES, RUNS (5), WARMUP (1: one untimed build per
# tool first; 0 skips it, for 100k where a Hugo build takes minutes), SEED (1),
# MODE (synthetic|real|all|growth),
# WORK (/tmp/annals-bench; corpora, outputs and raw timings go there),
# OUTS (where the outputs go, default WORK: e.g. /dev/shm/annals-bench to
# write them to memory, where a virtual disk's noise does not reach them),
# TOOLS (hugo,floor,annals), HUGO_FLAGS (extra flags for hugo), REAL_TARBALL.
#
# Hugo: `hugo` from PATH, else $HOME/go/bin/hugo. Use a current release, as
# Debian's 0.111 is much slower and would flatter Annals:
#   go install github.com/gohugoio/hugo@v0.165.0
# Needs GNU time at /usr/bin/time (Debian: apt-get install time).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${WORK:-/tmp/annals-bench}
OUTS=${OUTS:-$WORK}
SIZES=${SIZES:-10000}
RUNS=${RUNS:-5}
WARMUP=${WARMUP:-1}
SEED=${SEED:-1}
MODE=${MODE:-synthetic}
TOOLS=${TOOLS:-hugo,floor,annals}
HUGO_FLAGS=${HUGO_FLAGS:-}
REAL_TARBALL=${REAL_TARBALL:-$ROOT/../shared/corpora/current-events-2022-2026.tar.gz}

mkdir -p "$WORK/bin" "$WORK/timings" "$OUTS"
BIN=$WORK/bin

say() { printf '%s\n' "$*" >&2; }

[ -x /usr/bin/time ] || { say "run.sh: /usr/bin/time (GNU time) is required"; exit 2; }

say "building benchmark tools"
(cd "$ROOT" && go build -o "$BIN/" ./bench/cmd/gencorpus ./bench/cmd/floor ./bench/cmd/currentevents)

ANNALS=""
if [ -d "$ROOT/cmd/annals" ] && (cd "$ROOT" && go build -o "$BIN/annals" ./cmd/annals) 2>"$WORK/annals-build.log"; then
	ANNALS=$BIN/annals
else
	say "run.sh: ./cmd/annals does not build yet; skipping annals (see $WORK/annals-build.log)"
fi

HUGO=$(command -v hugo || true)
[ -n "$HUGO" ] || { [ -x "$HOME/go/bin/hugo" ] && HUGO=$HOME/go/bin/hugo; } || true
if [ -z "$HUGO" ]; then
	say "run.sh: hugo not found; skipping hugo (go install github.com/gohugoio/hugo@v0.165.0)"
fi

has_tool() { [[ ",$TOOLS," == *",$1,"* ]]; }

# cmd_for TOOL SITE HUGOSITE OUT: the command line that builds SITE with TOOL.
cmd_for() {
	case $1 in
	hugo) echo "$HUGO build --quiet --noBuildLock --source $ROOT/bench/hugo --contentDir $3/content --destination $4 --minify $HUGO_FLAGS" ;;
	floor) echo "$BIN/floor -src $2 -out $4" ;;
	annals) echo "$ANNALS build -src $2 -out $4" ;;
	esac
}

available() {
	case $1 in
	hugo) [ -n "$HUGO" ] ;;
	floor) true ;;
	annals) [ -n "$ANNALS" ] ;;
	esac
}

# measure LABEL TOOL SITE HUGOSITE RUN: one timed build from an empty output
# directory; appends "tool run wall cpu rss_kib" to the label's timings.
measure() {
	local label=$1 tool=$2 site=$3 hsite=$4 run=$5
	local out=$OUTS/out-$tool tv=$WORK/time.txt
	rm -rf "$out"
	sync
	# shellcheck disable=SC2046
	if ! /usr/bin/time -v -o "$tv" $(cmd_for "$tool" "$site" "$hsite" "$out") >"$WORK/$tool.log" 2>&1; then
		say "run.sh: $tool failed on $label (run $run):"
		tail -n 20 "$WORK/$tool.log" >&2
		return 1
	fi
	awk -v tool="$tool" -v run="$run" '
		/Elapsed \(wall clock\)/ { n = split($NF, p, ":"); wall = (n == 3) ? p[1]*3600 + p[2]*60 + p[3] : p[1]*60 + p[2] }
		/User time \(seconds\)/ { user = $NF }
		/System time \(seconds\)/ { sys = $NF }
		/Maximum resident set size/ { rss = $NF }
		END { printf "%s\t%s\t%.2f\t%.2f\t%d\n", tool, run, wall, user + sys, rss }
	' "$tv" >>"$WORK/timings/$label.tsv"
}

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print v[(NR+1)/2]; else print (v[NR/2] + v[NR/2+1]) / 2 }'; }

col() { awk -v t="$2" -v c="$3" -F'\t' '$1 == t { print $c }' "$WORK/timings/$1.tsv" | median; }

# bench LABEL SITE HUGOSITE
bench() {
	local label=$1 site=$2 hsite=$3 tools=() t run
	for t in hugo floor annals; do
		if has_tool "$t" && available "$t"; then tools+=("$t"); fi
	done
	: >"$WORK/timings/$label.tsv"
	say "== $label: $RUNS runs of: ${tools[*]}"
	if [ "$WARMUP" != 0 ]; then
		for t in "${tools[@]}"; do
			warm "$label" "$t" "$site" "$hsite" || { say "   dropping $t"; tools=("${tools[@]/$t/}"); }
		done
	fi
	for run in $(seq 1 "$RUNS"); do
		for t in "${tools[@]}"; do
			[ -n "$t" ] || continue
			timed "$label" "$t" "$site" "$hsite" "$run" "run $run $t"
		done
	done
	report "$label" "$site" "$hsite"
}

# warm LABEL TOOL SITE HUGOSITE: one untimed build; fails, saying why, if
# the tool does.
warm() {
	local label=$1 t=$2
	say "   warm-up $t on $label (untimed)"
	rm -rf "$OUTS/out-$t"
	# shellcheck disable=SC2046
	$(cmd_for "$t" "$3" "$4" "$OUTS/out-$t") >"$WORK/$t.log" 2>&1 ||
		{ say "run.sh: $t failed on $label:"; tail -n 20 "$WORK/$t.log" >&2; return 1; }
}

# timed LABEL TOOL SITE HUGOSITE RUN WHAT: measure, and say what it took.
timed() {
	if measure "$1" "$2" "$3" "$4" "$5"; then
		say "   $6: $(tail -n 1 "$WORK/timings/$1.tsv" | cut -f3- | tr '\t' ' ') (wall s, CPU s, RSS KiB)"
	fi
}

report() {
	local label=$1 t
	{
		echo
		echo "### $label"
		echo
		echo "| tool | wall (s) | CPU user+sys (s) | max RSS (MiB) | runs | command |"
		echo "|---|---:|---:|---:|---:|---|"
		for t in hugo floor annals; do
			local n
			n=$(awk -v t="$t" -F'\t' '$1 == t' "$WORK/timings/$label.tsv" | wc -l)
			[ "$n" -gt 0 ] || continue
			printf '| %s | %.2f | %.2f | %.0f | %d | `%s` |\n' "$t" "$(col "$label" "$t" 3)" "$(col "$label" "$t" 4)" \
				"$(awk -v k="$(col "$label" "$t" 5)" 'BEGIN { print k / 1024 }')" "$n" "$(cmd_for "$t" "$2" "$3" OUT | sed "s|$HOME|~|g")"
		done
		ratio annals hugo "$label"
		ratio annals floor "$label"
	} | tee -a "$WORK/report.md"
}

ratio() {
	local a=$1 b=$2 label=$3
	grep -q "^$a	" "$WORK/timings/$label.tsv" && grep -q "^$b	" "$WORK/timings/$label.tsv" || return 0
	awk -v a="$(col "$label" "$a" 3)" -v b="$(col "$label" "$b" 3)" \
		-v ca="$(col "$label" "$a" 4)" -v cb="$(col "$label" "$b" 4)" \
		-v ra="$(col "$label" "$a" 5)" -v rb="$(col "$label" "$b" 5)" -v n="$a/$b" \
		'BEGIN { printf "\n%s: wall %.2f×, CPU %.2f×, max RSS %.2f×\n", n, a/b, ca/cb, ra/rb }'
}

{
	echo "## Annals build benchmark"
	echo
	echo "- machine: $(nproc) cores, $(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo), $(free -g | awk '/Mem:/ { print $2 }') GiB RAM, $(uname -sr)"
	echo "- $(go version)"
	[ -z "$HUGO" ] || echo "- $("$HUGO" version | cut -d' ' -f1-3)"
	echo "- load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
	echo "- runs: $RUNS per tool (warm-up: $WARMUP), alternating, median reported; outputs written to an emptied directory in $OUTS ($(df -P "$OUTS" | awk 'NR == 2 { print $1 }'))"
} | tee "$WORK/report.md"

# generate N: the synthetic corpus of N articles, for Annals and for Hugo.
generate() {
	say "generating $1 articles (seed $SEED)"
	"$BIN/gencorpus" -n "$1" -seed "$SEED" -out "$WORK/corpus-$1"
	"$BIN/gencorpus" -n "$1" -seed "$SEED" -out "$WORK/corpus-$1-hugo" -format hugo
}

if [ "$MODE" = synthetic ] || [ "$MODE" = all ]; then
	for n in $SIZES; do
		generate "$n"
		bench "synthetic-$n" "$WORK/corpus-$n" "$WORK/corpus-$n-hugo"
	done
fi

# growth: every size in each run, so that the machine's drift, which can
# double a build's time within minutes, reaches all sizes alike and the
# ratio of the largest to the smallest is fair.
if [ "$MODE" = growth ]; then
	read -r -a sizes <<<"$SIZES"
	tools=()
	for t in hugo floor annals; do
		if has_tool "$t" && available "$t"; then tools+=("$t"); fi
	done
	for n in "${sizes[@]}"; do
		generate "$n"
		: >"$WORK/timings/synthetic-$n.tsv"
		if [ "$WARMUP" != 0 ]; then
			for t in "${tools[@]}"; do
				warm "synthetic-$n" "$t" "$WORK/corpus-$n" "$WORK/corpus-$n-hugo" || exit 1
			done
		fi
	done
	say "== growth over ${sizes[*]}: $RUNS runs of: ${tools[*]}"
	for run in $(seq 1 "$RUNS"); do
		for n in "${sizes[@]}"; do
			for t in "${tools[@]}"; do
				timed "synthetic-$n" "$t" "$WORK/corpus-$n" "$WORK/corpus-$n-hugo" "$run" "run $run, $n articles, $t"
			done
		done
	done
	for n in "${sizes[@]}"; do
		report "synthetic-$n" "$WORK/corpus-$n" "$WORK/corpus-$n-hugo"
	done
	first=synthetic-${sizes[0]} last=synthetic-${sizes[${#sizes[@]}-1]}
	{
		echo
		echo "### growth from ${sizes[0]} to ${sizes[${#sizes[@]}-1]} articles (medians)"
		echo
		for t in "${tools[@]}"; do
			awk -v t="$t" -v a="$(col "$first" "$t" 3)" -v b="$(col "$last" "$t" 3)" \
				'BEGIN { printf "- %s: %.2f s → %.2f s, %.1f×\n", t, a, b, b/a }'
		done
	} | tee -a "$WORK/report.md"
fi

if [ "$MODE" = real ] || [ "$MODE" = all ]; then
	site=$WORK/current-events hsite=$WORK/current-events-hugo
	say "converting $REAL_TARBALL"
	"$BIN/currentevents" -in "$REAL_TARBALL" -out "$site"
	"$BIN/currentevents" -in "$REAL_TARBALL" -out "$hsite" -format hugo
	bench "current-events" "$site" "$hsite"
fi

say "report: $WORK/report.md"
