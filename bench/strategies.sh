#!/usr/bin/env bash
# Benchmark of the three balancing strategies, side by side in one run.
#
#   bench/strategies.sh [rounds] [requests per run] [concurrency]
#
# Starts its own suite (4 workers) on a free port, deploys functions/examples/hello.c, then
# runs the load injector against it for RR, FIFO and WEIGHTED in turn, `rounds` times
# interleaved (the machine's noise falls on every strategy alike), and prints the median of
# each figure per strategy as a Markdown table. The raw reports go to bench/results/.
set -euo pipefail

HOME_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROUNDS="${1:-3}"
REQUESTS="${2:-20000}"
CONCURRENCY="${3:-32}"
WORK="$(mktemp -d /tmp/faas-bench.XXXXXX)"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
RESULTS="$HOME_DIR/bench/results/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$RESULTS"
export FAAS_PORT="$PORT" FAAS_RUN_DIR="$WORK/run" FAAS_FUNCTIONS_DIR="$WORK/functions"

cleanup() { "$HOME_DIR/faas" down >/dev/null 2>&1 || true; rm -rf "$WORK"; }
trap cleanup EXIT

"$HOME_DIR/faas" up RR > "$RESULTS/suite.log" 2>&1 &
for _ in $(seq 1 300); do grep -q '\[faas\] ready' "$RESULTS/suite.log" && break; sleep 1; done
grep -q '\[faas\] ready' "$RESULTS/suite.log" || { tail -20 "$RESULTS/suite.log"; exit 1; }

curl -sf -X POST "http://127.0.0.1:$PORT/deploy?name=hello&lang=c" \
    --data-binary @"$HOME_DIR/functions/examples/hello.c" > /dev/null
# Warm every worker's JIT and module cache before measuring.
"$HOME_DIR/faas" load --fn hello --concurrency "$CONCURRENCY" --requests 4000 > /dev/null 2>&1

for round in $(seq 1 "$ROUNDS"); do
    for strategy in RR FIFO WEIGHTED; do
        curl -sf -X PUT "http://127.0.0.1:$PORT/system/strategy" -H 'Content-Type: application/json' \
            -d "{\"strategy\":\"$strategy\"}" > /dev/null
        "$HOME_DIR/faas" load --fn hello --concurrency "$CONCURRENCY" --requests "$REQUESTS" --payload 'bench' \
            2>/dev/null > "$RESULTS/$strategy-$round.txt"
        echo "round $round $strategy: $(grep -E '^(throughput_rps|latency_ms_p50|latency_ms_p99|errors)=' \
            "$RESULTS/$strategy-$round.txt" | tr '\n' ' ')" >&2
    done
done

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
value() { grep -h "^$2=" "$RESULTS"/"$1"-*.txt | cut -d= -f2 | median; }

echo "| strategy | throughput (req/s) | p50 (ms) | p90 (ms) | p99 (ms) | max (ms) | errors |"
echo "|---|---|---|---|---|---|---|"
for strategy in RR FIFO WEIGHTED; do
    echo "| $strategy | $(value "$strategy" throughput_rps) | $(value "$strategy" latency_ms_p50) | $(value "$strategy" latency_ms_p90) | $(value "$strategy" latency_ms_p99) | $(value "$strategy" latency_ms_max) | $(value "$strategy" errors) |"
done
echo
echo "medians of $ROUNDS interleaved rounds, $REQUESTS requests each at concurrency $CONCURRENCY; raw reports in ${RESULTS#"$HOME_DIR/"}"
