#!/usr/bin/env bash
# Whole-command times of okr against its peers on the same generated data:
# okr validate against schema-only validators a user could pick instead
# (@sourcemeta/jsonschema, a native binary from npm, and js-yaml + ajv), and
# okr log against git log -p over the same commits. See bench/README.md.
#
#   bench/run.sh                  # every benchmark, results in $BENCH_WORK/results.md
#   BENCH_QUICK=1 bench/run.sh    # fewer runs
#
# Environment:
#   BENCH_QUICK=1        3 runs of the medium-scale commands, 1 of the full-scale ones
#   BENCH_RUNS_FAST=N    runs of each medium-scale command (default 10)
#   BENCH_RUNS_SLOW=N    runs of each full-scale command (default 3)
#   BENCH_SKIP_FULL=1    only the medium-scale benchmarks
#   BENCH_NO_HYPERFINE=1 time with the /usr/bin/time loop even when hyperfine is there
#   BENCH_AT=DATE        --at of okr validate, score, kpi (default 2026-11-15)
#   OKR_BENCH_DIR=DIR    where generated repositories are kept (default $TMPDIR
#                        or /tmp), as okr-bench-<scale>-1 like okr/perf's
#   OKR_FULL=DIR         the full-scale repository with history (default
#                        /tmp/okr-full when it exists, else generated)
#   BENCH_WORK=DIR       binaries, file lists and results (default
#                        $OKR_BENCH_DIR/okr-bench-run)
set -Eeuo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
peers=$here/peers
schema=$root/schema/okr.schema.json

quick=${BENCH_QUICK:-0}
if [[ $quick == 1 ]]; then
	runs_fast=${BENCH_RUNS_FAST:-3}
	runs_slow=${BENCH_RUNS_SLOW:-1}
else
	runs_fast=${BENCH_RUNS_FAST:-10}
	runs_slow=${BENCH_RUNS_SLOW:-3}
fi
skip_full=${BENCH_SKIP_FULL:-0}
at=${BENCH_AT:-2026-11-15}
base=${OKR_BENCH_DIR:-${TMPDIR:-/tmp}}
work=${BENCH_WORK:-$base/okr-bench-run}

say() { printf '==> %s\n' "$*" >&2; }
die() {
	printf 'bench/run.sh: %s\n' "$*" >&2
	exit 1
}
trap 'printf "bench/run.sh: line %s failed: %s\n" "$LINENO" "$BASH_COMMAND" >&2' ERR

# --- tools -------------------------------------------------------------------

for t in go git node npm xargs; do
	command -v "$t" >/dev/null || die "$t is not installed; it is needed to run the benchmarks"
done
node_major=$(node -p 'process.versions.node.split(".")[0]')
((node_major >= 18)) || die "node $(node --version) is too old: the peers need node 18 or later"

apt_install() { # PACKAGE: install a Debian package if apt can; quiet on failure
	command -v apt-get >/dev/null || return 1
	[[ $(id -u) == 0 ]] || return 1
	say "installing $1 with apt-get"
	apt-get install -y -qq "$1" >/dev/null 2>&1 && return 0
	apt-get update -qq >/dev/null 2>&1 || return 1
	apt-get install -y -qq "$1" >/dev/null 2>&1
}

if ! command -v hyperfine >/dev/null && [[ ${BENCH_NO_HYPERFINE:-0} != 1 ]]; then
	apt_install hyperfine || say "hyperfine is not installed and apt-get could not install it: timing with a loop of /usr/bin/time"
fi
have_hyperfine=0
if command -v hyperfine >/dev/null && [[ ${BENCH_NO_HYPERFINE:-0} != 1 ]]; then have_hyperfine=1; fi
if [[ ! -x /usr/bin/time ]]; then
	apt_install time || true
fi
have_time=0
[[ -x /usr/bin/time ]] && have_time=1
if ((!have_hyperfine && !have_time)); then
	die "neither hyperfine nor /usr/bin/time (Debian package 'time') is available: nothing to time with"
fi
((have_time)) || say "/usr/bin/time is missing: peak RSS is not measured"

mkdir -p "$work/bin"
rm -f "$work"/*.json "$work"/rss-*.txt "$work/rows.tsv"

# --- okr ---------------------------------------------------------------------

say "building okr and okrgen into $work/bin"
(cd "$root" && go build -o "$work/bin/okr" ./cmd/okr && go build -o "$work/bin/okrgen" ./cmd/okrgen) ||
	die "go build failed"
okr=$work/bin/okr

# repo SCALE DIR: make DIR a generated repository of SCALE with history,
# reusing it when its .okr-bench-done marker (as okr/perf writes it) is there.
repo() {
	local scale=$1 dir=$2
	if [[ -f $dir/.okr-bench-done ]]; then
		say "reusing the $scale repository $dir"
		return
	fi
	if [[ -e $dir ]]; then
		say "removing the unfinished repository $dir"
		rm -rf -- "$dir"
	fi
	say "generating the $scale repository with history into $dir"
	"$work/bin/okrgen" -scale "$scale" -history -o "$dir" >&2 || die "okrgen -scale $scale failed"
	: >"$dir/.okr-bench-done"
}

medium=$base/okr-bench-medium-1
repo medium "$medium"

full=
if [[ $skip_full != 1 ]]; then
	if [[ -n ${OKR_FULL:-} ]]; then
		[[ -d $OKR_FULL/.git ]] || die "OKR_FULL=$OKR_FULL is not a git repository"
		full=$OKR_FULL
		say "using the full repository $full (OKR_FULL)"
	elif [[ -d /tmp/okr-full/.git ]]; then
		full=/tmp/okr-full
		say "using the full repository $full"
	else
		full=$base/okr-bench-full-1
		repo full "$full"
	fi
fi

# --- peers -------------------------------------------------------------------

say "installing the peers (npm install in bench/peers)"
(cd "$peers" && npm install --no-audit --no-fund --loglevel=error >&2) || die "npm install in $peers failed"

# The npm package's bin (node_modules/.bin/jsonschema) is a node script that
# spawns the native binary it ships; time the binary itself, as a user who
# installs the CLI any other way would run it.
case $(uname -m) in
x86_64 | amd64) arch=x86_64 ;;
aarch64 | arm64) arch=arm64 ;;
*) arch=$(uname -m) ;;
esac
libc=
if ldd --version 2>&1 | grep -qi musl; then libc=-musl; fi
jsonschema=$peers/node_modules/@sourcemeta/jsonschema/build/github-releases/jsonschema-$(uname -s | tr '[:upper:]' '[:lower:]')-$arch$libc
if [[ ! -x $jsonschema ]]; then
	say "no native jsonschema binary at $jsonschema: timing the npm wrapper (adds a node start)"
	jsonschema=$peers/node_modules/.bin/jsonschema
fi

# jsonschema validate reads multi-document YAML files when they are named on
# the command line but not when it finds them in a directory (there it fails
# with "Unexpected content after document" at the first ---), so it is given
# the list of every *.yaml and *.yml file, through one xargs invocation.
argmax=$(($(getconf ARG_MAX) / 2))
filelist() { # DIR OUT: the YAML files of DIR, relative to it
	(cd "$1" && find . -path ./.git -prune -o -type f \( -name '*.yaml' -o -name '*.yml' \) -print | sed 's|^\./||' | LC_ALL=C sort) >"$2"
	local bytes
	bytes=$(wc -c <"$2")
	((bytes < argmax - 65536)) || die "$2 lists $bytes bytes of paths: more than one jsonschema command line ($argmax) holds"
}
filelist "$medium" "$work/files-medium.txt"
[[ -n $full ]] && filelist "$full" "$work/files-full.txt"

# --- correctness, once, outside the timing -----------------------------------

say "checking that every validator accepts the medium repository"
summary_sm=$(cd "$medium" && xargs -s "$argmax" -a "$work/files-medium.txt" "$jsonschema" validate --fast "$schema" 2>&1 | tail -n 1) ||
	{ printf '%s\n' "$summary_sm" >&2; die "jsonschema validate rejects the medium repository"; }
summary_ajv=$(node "$peers/validate.mjs" "$medium" 2>&1) ||
	{ printf '%s\n' "$summary_ajv" >&2; die "js-yaml + ajv reject the medium repository"; }
summary_okr=$("$okr" -C "$medium" --at "$at" validate 2>&1 | tail -n 1) ||
	{ printf '%s\n' "$summary_okr" >&2; die "okr validate rejects the medium repository"; }
say "jsonschema: $summary_sm"
say "$summary_ajv"
say "okr validate: $summary_okr"

# --- timing ------------------------------------------------------------------

printf 'id\tcommand\trepo\tmean\tstddev\tuser\tsystem\trss_kb\truns\n' >"$work/rows.tsv"

# bench ID LABEL REPO-NAME DIR RUNS WARMUP CMD...: time CMD in DIR, add a row.
bench() {
	local id=$1 label=$2 rname=$3 dir=$4 runs=$5 warmup=$6
	shift 6
	local rss=$work/rss-$id.txt json=$work/$id.json
	local -a cmd=("$@")
	: >"$rss"
	if ((have_time)); then
		cmd=(/usr/bin/time -a -o "$rss" -f %M "$@")
	fi
	say "timing [$rname] $label ($runs runs)"
	if ((have_hyperfine)); then
		local line
		line=$(printf '%q ' "${cmd[@]}")
		(cd "$dir" && hyperfine -N --style basic --runs "$runs" --warmup "$warmup" \
			--export-json "$json" -n "$label" "$line" >&2) ||
			die "hyperfine failed on: $label (in $dir); run it by hand to see why"
		node -e '
			const r = require(process.argv[1]).results[0];
			const f = (x) => x.toFixed(4);
			process.stdout.write([f(r.mean), f(r.stddev ?? 0), f(r.user), f(r.system), r.times.length].join("\t") + "\n");
		' "$json" >"$work/stats-$id.txt"
	else
		# No hyperfine: a loop of /usr/bin/time (wall at 10 ms resolution).
		local i times=$work/times-$id.txt
		: >"$times"
		for ((i = 0; i < warmup + runs; i++)); do
			((i == warmup)) && : >"$times"
			(cd "$dir" && /usr/bin/time -a -o "$times" -f '%e %U %S %M' "$@" >/dev/null 2>&1) ||
				die "failed: $label (in $dir); run it by hand to see why"
		done
		awk '$4 ~ /^[0-9]+$/ { print $4 }' "$times" >"$rss"
		awk '
			NF == 4 { w[n++] = $1; u += $2; s += $3 }
			END {
				for (i = 0; i < n; i++) sum += w[i]
				mean = sum / n
				for (i = 0; i < n; i++) v += (w[i] - mean) ^ 2
				sd = n > 1 ? sqrt(v / (n - 1)) : 0
				printf "%.4f\t%.4f\t%.4f\t%.4f\t%d\n", mean, sd, u / n, s / n, n
			}' "$times" >"$work/stats-$id.txt"
	fi
	local rsskb=NA
	if [[ -s $rss ]]; then
		rsskb=$(awk '$1 ~ /^[0-9]+$/ && $1 > m { m = $1 } END { print m + 0 }' "$rss")
	fi
	local mean sd user sys n
	IFS=$'\t' read -r mean sd user sys n <"$work/stats-$id.txt"
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$id" "$label" "$rname" "$mean" "$sd" "$user" "$sys" "$rsskb" "$n" >>"$work/rows.tsv"
}

load_before=$(cut -d' ' -f1-3 /proc/loadavg)
say "load average before: $load_before"

wf=1 # warm-up runs of the medium-scale commands
ws=0 # and of the full-scale ones, which are long: their files are read once instead

bench validate-medium "okr validate" medium "$medium" "$runs_fast" "$wf" "$okr" --at "$at" validate
bench sm-medium "jsonschema validate (YAML)" medium "$medium" "$runs_fast" "$wf" \
	xargs -s "$argmax" -a "$work/files-medium.txt" "$jsonschema" validate "$schema"
bench smfast-medium "jsonschema validate --fast (YAML)" medium "$medium" "$runs_fast" "$wf" \
	xargs -s "$argmax" -a "$work/files-medium.txt" "$jsonschema" validate --fast "$schema"
bench ajv-medium "node validate.mjs (js-yaml + ajv)" medium "$medium" "$runs_fast" "$wf" \
	node "$peers/validate.mjs" "$medium"
bench gitlog-medium "git log -p" medium "$medium" "$runs_fast" "$wf" git log -p
bench log-medium "okr log --format csv" medium "$medium" "$runs_fast" "$wf" "$okr" log --format csv

if [[ -n $full ]]; then
	say "reading $full once to warm the page cache"
	find "$full" -type f -exec cat {} + >/dev/null
	bench validate-full "okr validate" full "$full" "$runs_slow" "$ws" "$okr" --at "$at" validate
	bench smfast-full "jsonschema validate --fast (YAML)" full "$full" "$runs_slow" "$ws" \
		xargs -s "$argmax" -a "$work/files-full.txt" "$jsonschema" validate --fast "$schema"
	bench ajv-full "node validate.mjs (js-yaml + ajv)" full "$full" "$runs_slow" "$ws" \
		node "$peers/validate.mjs" "$full"
	bench score-full "okr score" full "$full" "$runs_slow" "$ws" "$okr" --at "$at" score
	bench kpi-full "okr kpi" full "$full" "$runs_slow" "$ws" "$okr" --at "$at" kpi
	bench diff-full "okr diff HEAD~20" full "$full" "$runs_slow" "$ws" "$okr" diff HEAD~20
	bench gitlog-full "git log -p" full "$full" "$runs_slow" "$ws" git log -p
	bench log-full "okr log --format csv" full "$full" "$runs_slow" "$ws" "$okr" log --format csv
fi

load_after=$(cut -d' ' -f1-3 /proc/loadavg)
say "load average after: $load_after"

# --- report ------------------------------------------------------------------

commits() { git -C "$1" rev-list --count HEAD; }
ver() { node -p "require('$peers/node_modules/$1/package.json').version"; }
{
	echo "# okr against its peers"
	echo
	echo "- okr: $(git -C "$root" describe --always --dirty 2>/dev/null || echo unknown), $(go version | cut -d' ' -f3)"
	echo "- peers: @sourcemeta/jsonschema $(ver @sourcemeta/jsonschema) (native binary, YAML instances), js-yaml $(ver js-yaml) + ajv $(ver ajv) on node $(node --version), $(git --version)"
	echo "- machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2- | sed 's/^ *//' || echo unknown cpu)"
	echo "- load average (1, 5, 15 min): before $load_before, after $load_after"
	echo "- timing: $( ((have_hyperfine)) && hyperfine --version || echo 'a /usr/bin/time loop')$( ((quick == 1)) && echo ', BENCH_QUICK=1')"
	echo "- medium: $medium ($(wc -l <"$work/files-medium.txt") YAML files, $(commits "$medium") commits)"
	[[ -n $full ]] && echo "- full: $full ($(wc -l <"$work/files-full.txt") YAML files, $(commits "$full") commits)"
	echo
	echo "| command | repo | mean wall (s) | ± sd | user (s) | sys (s) | peak RSS (MiB) | runs |"
	echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"
	awk -F'\t' 'NR > 1 {
		rss = $8 == "NA" ? "n/a" : sprintf("%.0f", $8 / 1024)
		printf "| `%s` | %s | %.3f | %.3f | %.3f | %.3f | %s | %d |\n", $2, $3, $4, $5, $6, $7, rss, $9
	}' "$work/rows.tsv"
	echo
	echo "Targets (mean wall-clock ratios):"
	echo
	awk -F'\t' '
		NR > 1 { t[$1] = $4 }
		function line(what, a, b, max) {
			if (!(a in t) || !(b in t)) return
			r = t[a] / t[b]
			printf "- %s: %.2f (target at most %.2f): %s\n", what, r, max, r <= max ? "met" : "NOT met"
		}
		END {
			fastest = "sm-medium"
			if (t["smfast-medium"] < t[fastest]) fastest = "smfast-medium"
			if (t["ajv-medium"] < t[fastest]) fastest = "ajv-medium"
			line("okr validate ÷ fastest schema-only peer (" fastest "), medium", "validate-medium", fastest, 1)
			line("okr validate ÷ js-yaml + ajv, medium", "validate-medium", "ajv-medium", 0.5)
			line("okr log ÷ git log -p, full", "log-full", "gitlog-full", 3)
			line("okr log ÷ git log -p, medium (for comparison)", "log-medium", "gitlog-medium", 3)
		}' "$work/rows.tsv"
} >"$work/results.md"

cat "$work/results.md"
if ((have_hyperfine)); then
	say "results in $work/results.md, hyperfine JSON beside it"
else
	say "results in $work/results.md, each run's /usr/bin/time line in $work/times-*.txt"
fi
