#!/usr/bin/env bash
# round.sh counts the instructions host and plugin execute in a round,
# under valgrind's cachegrind: a figure that, unlike CPU time on a shared
# machine, does not move with the load, so that two builds compare in one
# run of each (BENCHMARKS.md, section 8, thirteenth pass).
#
#   tests/cachegrind/round.sh users ETL [ETL...]   instructions a row of a users initial round
#   tests/cachegrind/round.sh mail ETL [ETL...]    instructions a stream of a mail incremental round
#
# users: each etl binary runs one initial round of the benchmark's users
# source (ten selected properties, pages of 200) into a fresh local lake,
# against an `etl sim` of SMALL users and one of LARGE (defaults 30000
# and 60000).
# mail: each etl binary runs, into a fresh local lake, a first round of
# the mail source on its defaults (plainly, not counted), then an
# incremental round with nothing changed, against an `etl sim` of SMALL
# mailboxes and one of LARGE (defaults 250 and 500; 11 streams each: ten
# folders and the folder listing). The batch judge decides from
# latencies, which valgrind stretches: the plugin's count varies by about
# 2% from round to round, and the figure a stream (two noisy totals'
# difference, divided) is too coarse to compare changes of a few percent;
# the kept files still show where the instructions go.
#
# The counted round's processes run under cachegrind with GOMAXPROCS=1:
# with more, the Go scheduler's idle spinning, serialised by valgrind,
# adds billions of instructions that vary from run to run. The figures
# are the difference between the two sizes divided by the rows (streams)
# between them, which leaves out each process's fixed start-up
# (certificates, the plugin's launch, the state read):
#
#   <etl>  host <instructions>  plugin <instructions>  together <...> a row|stream  (fixed: host <M>, plugin <M>)
#
# With KEEP=DIR, each process's cachegrind file is kept there
# (<etl>-<small|large>-<host|plugin>.cachegrind), for cg_annotate.
# Needs valgrind (apt-get install valgrind); a users round of 60,000
# users takes about a minute under it.
set -euo pipefail

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d'; exit 2; }
[ $# -ge 2 ] || usage
source_name=$1
shift
case $source_name in
users)
	small=${SMALL:-30000} large=${LARGE:-60000} per=1 unit=row
	sim_sizes() { echo --users "$1" --mailboxes 0; }
	source_hcl='source "users" {
    select = ["displayName", "givenName", "surname", "userPrincipalName", "mail", "jobTitle", "department", "officeLocation", "mobilePhone", "accountEnabled"]
  }'
	;;
mail)
	small=${SMALL:-250} large=${LARGE:-500} per=11 unit=stream
	sim_sizes() { echo --users "$1" --mailboxes "$1"; }
	source_hcl='source "mail" {}'
	;;
*) usage ;;
esac
command -v valgrind >/dev/null || { echo "round.sh: valgrind is not installed (apt-get install valgrind)" >&2; exit 1; }

work=$(mktemp -d)
sims=()
cleanup() {
	for p in "${sims[@]}"; do kill "$p" 2>/dev/null || true; done
	rm -rf "$work"
}
trap cleanup EXIT

# start_sim DIR SIZE: an emulator of SIZE users (and mailboxes, for mail),
# served by the first etl; its ready line in DIR/sim.json.
start_sim() {
	mkdir -p "$1"
	# shellcheck disable=SC2046 # sim_sizes is a list of flags
	"$first_etl" sim $(sim_sizes "$2") --groups 0 --contacts 0 --devices 0 --applications 0 \
		--administrative-units 0 --directory-roles 0 --ca-out "$1/ca.pem" >"$1/sim.json" 2>"$1/sim.err" &
	sims+=($!)
	for _ in $(seq 100); do
		[ -s "$1/sim.json" ] && return
		sleep 0.1
	done
	echo "round.sh: etl sim did not start: $(cat "$1/sim.err")" >&2
	exit 1
}

# field NAME DIR: a field of the emulator's ready line.
field() { sed -E "s/.*\"$1\":\"([^\"]*)\".*/\1/" "$2/sim.json"; }

# pipeline DIR LAKE: the pipeline of the source against the emulator in DIR.
pipeline() {
	cat <<HCL
pipeline "instructions" {
  graph {
    endpoint       = "$(field graph "$1")"
    authority_host = "$(field authority "$1")"
    tenant_id      = "$(field tenant "$1")"
    client_id      = "$(field client_id "$1")"
    client_secret  = env("GRAPH_CLIENT_SECRET")
    ca_file        = "ca.pem"
  }
  state { key = env("GRAPHLAKE_STATE_KEY") }
  destination "local" { path = "$2" }
  $source_hcl
}
HCL
}

# count ETL DIR LABEL: runs the round to count (for mail, after a first
# round not counted); prints the host's and the plugin's instructions.
count() {
	local run=$work/run-$RANDOM$RANDOM key
	mkdir -p "$run"
	cp "$2/ca.pem" "$run/"
	pipeline "$2" "$run/lake" >"$run/pipeline.hcl"
	key=$(head -c 32 /dev/urandom | base64)
	export GRAPH_CLIENT_SECRET GRAPHLAKE_STATE_KEY=$key
	GRAPH_CLIENT_SECRET=$(field client_secret "$2")
	if [ "$source_name" = mail ]; then
		(cd "$run" && "$1" run pipeline.hcl >"$run/first" 2>&1) ||
			{ echo "round.sh: the first round failed: $(tail -n 3 "$run/first")" >&2; exit 1; }
	fi
	(cd "$run" && GOMAXPROCS=1 valgrind --tool=cachegrind --cache-sim=no --trace-children=yes \
		--cachegrind-out-file="$run/cg.%p" "$1" run pipeline.hcl >"$run/out" 2>"$run/err") ||
		{ echo "round.sh: the round failed: $(tail -n 3 "$run/err")" >&2; exit 1; }
	local host plugin
	host=$(grep -l '^cmd: .* run pipeline.hcl' "$run"/cg.* | head -1)
	plugin=$(grep -l "^cmd: .* plugin $source_name" "$run"/cg.* | head -1)
	if [ -n "${KEEP:-}" ]; then
		mkdir -p "$KEEP"
		cp "$host" "$KEEP/$(basename "$1")-$3-host.cachegrind"
		cp "$plugin" "$KEEP/$(basename "$1")-$3-plugin.cachegrind"
	fi
	echo "$(grep '^summary:' "$host" | cut -d' ' -f2) $(grep '^summary:' "$plugin" | cut -d' ' -f2)"
}

first_etl=$1
start_sim "$work/small" "$small"
start_sim "$work/large" "$large"
for etl in "$@"; do
	read -r hs ps <<<"$(count "$etl" "$work/small" small)"
	read -r hl pl <<<"$(count "$etl" "$work/large" large)"
	awk -v etl="$etl" -v hs="$hs" -v ps="$ps" -v hl="$hl" -v pl="$pl" -v s="$((small * per))" -v l="$((large * per))" -v unit="$unit" 'BEGIN {
		h = (hl - hs) / (l - s); p = (pl - ps) / (l - s)
		printf "%s  host %.0f  plugin %.0f  together %.0f instructions a %s  (fixed: host %.0fM, plugin %.0fM)\n", etl, h, p, h + p, unit, (hs - h * s) / 1e6, (ps - p * s) / 1e6
	}'
done
