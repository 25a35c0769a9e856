#!/usr/bin/env bash
# mail-round.sh counts the instructions host and plugin execute per
# stream in a mail incremental round with nothing changed, under
# valgrind's cachegrind (see users-round.sh; BENCHMARKS.md, section 8,
# thirteenth pass).
#
#   tests/cachegrind/mail-round.sh ETL [ETL...]
#
# Each etl binary runs, into a fresh local lake, a first round of the mail
# source on its defaults (plainly, not counted) and then an incremental
# round under cachegrind, against an `etl sim` of SMALL mailboxes and one
# of LARGE (defaults 250 and 500; 11 streams each: ten folders and the
# folder listing). GOMAXPROCS=1 as in users-round.sh. The figures are the
# difference between the two sizes divided by the streams between them:
#
#   <etl>  host <instructions a stream>  plugin <instructions a stream>  (fixed: host <M>, plugin <M>)
#
# The batch judge decides from latencies, which valgrind stretches: the
# plugin's count varies by about 2% from round to round. Needs valgrind
# (apt-get install valgrind).
#
# The figure is too coarse to compare changes of a few percent (two
# noisy totals, their difference divided); kept files show where the
# instructions go: with KEEP=DIR, each process's cachegrind file is kept
# there (<etl>-<small|large>-<host|plugin>.cachegrind), for cg_annotate.
set -euo pipefail

small=${SMALL:-250}
large=${LARGE:-500}
[ $# -ge 1 ] || { sed -n '2,/^set -euo/p' "$0" | sed '$d'; exit 2; }
command -v valgrind >/dev/null || { echo "mail-round.sh: valgrind is not installed (apt-get install valgrind)" >&2; exit 1; }

work=$(mktemp -d)
sims=()
cleanup() {
	for p in "${sims[@]}"; do kill "$p" 2>/dev/null || true; done
	rm -rf "$work"
}
trap cleanup EXIT

# start_sim DIR MAILBOXES: an emulator of MAILBOXES mailboxes, served by
# the first etl; its ready line in DIR/sim.json.
start_sim() {
	mkdir -p "$1"
	"$first_etl" sim --users "$2" --mailboxes "$2" --groups 0 --contacts 0 --devices 0 --applications 0 \
		--administrative-units 0 --directory-roles 0 --ca-out "$1/ca.pem" >"$1/sim.json" 2>"$1/sim.err" &
	sims+=($!)
	for _ in $(seq 100); do
		[ -s "$1/sim.json" ] && return
		sleep 0.1
	done
	echo "mail-round.sh: etl sim did not start: $(cat "$1/sim.err")" >&2
	exit 1
}

# field NAME DIR: a field of the emulator's ready line.
field() { sed -E "s/.*\"$1\":\"([^\"]*)\".*/\1/" "$2/sim.json"; }

# pipeline DIR LAKE: the benchmark's pipeline against the emulator in DIR.
pipeline() {
	cat <<HCL
pipeline "instructions-mail" {
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
  source "mail" {}
}
HCL
}

# count ETL DIR LABEL: runs a first round, then counts an incremental one;
# prints the host's and the plugin's instructions in it.
count() {
	local run=$work/run-$RANDOM$RANDOM
	mkdir -p "$run"
	cp "$2/ca.pem" "$run/"
	pipeline "$2" "$run/lake" >"$run/pipeline.hcl"
	local key
	key=$(head -c 32 /dev/urandom | base64)
	(cd "$run" && GRAPH_CLIENT_SECRET=$(field client_secret "$2") GRAPHLAKE_STATE_KEY=$key \
		"$1" run pipeline.hcl >"$run/first" 2>&1) || { echo "mail-round.sh: the first round failed: $(tail -n 3 "$run/first")" >&2; exit 1; }
	(cd "$run" && GOMAXPROCS=1 GRAPH_CLIENT_SECRET=$(field client_secret "$2") GRAPHLAKE_STATE_KEY=$key \
		valgrind --tool=cachegrind --cache-sim=no --trace-children=yes --cachegrind-out-file="$run/cg.%p" \
		"$1" run pipeline.hcl >"$run/out" 2>"$run/err") || { echo "mail-round.sh: the round failed: $(tail -n 3 "$run/err")" >&2; exit 1; }
	local host plugin
	host=$(grep -l '^cmd: .* run pipeline.hcl' "$run"/cg.* | head -1)
	plugin=$(grep -l '^cmd: .* plugin mail' "$run"/cg.* | head -1)
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
	awk -v etl="$etl" -v hs="$hs" -v ps="$ps" -v hl="$hl" -v pl="$pl" -v s="$((small * 11))" -v l="$((large * 11))" 'BEGIN {
		h = (hl - hs) / (l - s); p = (pl - ps) / (l - s)
		printf "%s  host %.0f  plugin %.0f  together %.0f instructions a stream  (fixed: host %.0fM, plugin %.0fM)\n", etl, h, p, h + p, (hs - h * s) / 1e6, (ps - p * s) / 1e6
	}'
done
