#!/usr/bin/env bash
# Throughput and latency of this checkout against an earlier revision, side by side in one run.
#
#   bench/compare.sh REVISION [rounds] [requests per run] [concurrency]
#
# Builds REVISION in a temporary clone, starts both suites at once (4 workers each, RR, free
# ports), deploys functions/examples/hello.c to each, warms them, then runs the load injector
# against one and the other in turn, `rounds` times interleaved, and prints the medians per
# version as a Markdown table. Raw reports go to bench/results/. COMPARE_WARMUP sets the warm-up's
# requests per suite (3000).
set -euo pipefail

HOME_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BASE="${1:?usage: bench/compare.sh REVISION [rounds] [requests] [concurrency]}"
# Requests of each suite's warm-up (environment): more when a change moves when the JIT compiles.
WARMUP="${COMPARE_WARMUP:-3000}"
ROUNDS="${2:-3}"
REQUESTS="${3:-5000}"
CONCURRENCY="${4:-32}"
WORK="$(mktemp -d /tmp/faas-compare.XXXXXX)"
RESULTS="$HOME_DIR/bench/results/compare-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$RESULTS"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

git clone -q "$HOME_DIR" "$WORK/base"
git -C "$WORK/base" checkout -q "$BASE"
declare -A DIR=([base]="$WORK/base" [head]="$HOME_DIR") PORT=([base]="$(free_port)" [head]="$(free_port)")

env_of() { echo "FAAS_PORT=${PORT[$1]} FAAS_RUN_DIR=$WORK/$1-run FAAS_FUNCTIONS_DIR=$WORK/$1-functions FAAS_METRICS_PORT_BASE=0"; }
faas() { local v="$1"; shift; env $(env_of "$v") "${DIR[$v]}/faas" "$@"; }

cleanup() { faas base down >/dev/null 2>&1 || true; faas head down >/dev/null 2>&1 || true; rm -rf "$WORK"; }
trap cleanup EXIT

for v in base head; do
    faas "$v" build > "$RESULTS/$v-build.log" 2>&1
    faas "$v" up RR > "$RESULTS/$v-suite.log" 2>&1 &
    for _ in $(seq 1 300); do grep -q '\[faas\] ready' "$RESULTS/$v-suite.log" && break; sleep 1; done
    grep -q '\[faas\] ready' "$RESULTS/$v-suite.log" || { tail -20 "$RESULTS/$v-suite.log"; exit 1; }
    curl -sf -X POST "http://127.0.0.1:${PORT[$v]}/deploy?name=hello&lang=c" \
        --data-binary @"$HOME_DIR/functions/examples/hello.c" > /dev/null
    faas "$v" load --fn hello --concurrency "$CONCURRENCY" --requests "$WARMUP" > /dev/null 2>&1
done

for round in $(seq 1 "$ROUNDS"); do
    for v in base head; do
        faas "$v" load --fn hello --concurrency "$CONCURRENCY" --requests "$REQUESTS" --payload 'bench' \
            2>/dev/null > "$RESULTS/$v-$round.txt"
        echo "round $round $v: $(grep -E '^(throughput_rps|latency_ms_p50|latency_ms_p99|errors)=' \
            "$RESULTS/$v-$round.txt" | tr '\n' ' ')" >&2
    done
done

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
value() { grep -h "^$2=" "$RESULTS"/"$1"-[0-9]*.txt | cut -d= -f2 | median; }

echo "| version | throughput (req/s) | p50 (ms) | p90 (ms) | p99 (ms) | errors |"
echo "|---|---|---|---|---|---|"
for v in base head; do
    label="$v"; [[ "$v" == base ]] && label="$BASE" || label="$(git -C "$HOME_DIR" rev-parse --short HEAD)"
    echo "| $label | $(value "$v" throughput_rps) | $(value "$v" latency_ms_p50) | $(value "$v" latency_ms_p90) | $(value "$v" latency_ms_p99) | $(value "$v" errors) |"
done
echo
echo "medians of $ROUNDS interleaved rounds, $REQUESTS requests each at concurrency $CONCURRENCY; raw reports in ${RESULTS#"$HOME_DIR/"}"
