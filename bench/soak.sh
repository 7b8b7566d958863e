#!/usr/bin/env bash
# The soak test (issue 15; not part of CI): a steady rate for a long time, with a mix of languages and a few
# hostile functions, watching that nothing drifts.
#
#   bench/soak.sh [--minutes N] [--rate R|auto] [--calibrate S] [--pool N] [--port P]
#
#   --minutes N     length of the soak (10)
#   --rate R        calls a second; auto (the default) measures the mix's maximum first, in a closed loop
#                   of 32 clients for --calibrate seconds, and soaks at half of it
#   --calibrate S   seconds of that measurement (30)
#   --pool N        worker processes (4, as ./faas bench)
#   --port P        the gateway's port (a free one)
#
# Starts the suite (./faas up RR, its own run and functions directories, ephemeral metrics ports), deploys
# the mix (C, Rust, Python and JS hellos, and three hostile functions with their limits: an endless loop with
# timeoutMs=200, an output flood with maxOutputKb=16, a Python memory hog with memoryMb=32), and drives it with
# bench/soak/Soak.java (an open loop: each call leaves at its time). It prints per minute the calls, the errors
# (zero expected: a hostile function's own problem type is expected, anything else counts) and the p50/p99 of
# the well-behaved calls, and the RSS, the live heap (after a full collection asked for with jcmd) and the open
# file descriptors of every process of the suite at the start of every minute. Results go to bench/results/soak-<time>/. Everything it started is stopped on exit.
set -euo pipefail

HOME_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MINUTES=10 RATE=auto CALIBRATE=30 POOL=4 PORT=""

usage() { sed -n '2,/^set -euo/p' "$0" | grep '^#' | sed 's/^# \{0,1\}//'; }
say() { printf '[soak] %s\n' "$*" >&2 || true; }
die() { say "$*"; exit 1; }

while [[ $# -gt 0 ]]; do
    case "$1" in
        -h|--help) usage; exit 0 ;;
        --minutes) MINUTES="${2:?}"; shift 2 ;;
        --rate) RATE="${2:?}"; shift 2 ;;
        --calibrate) CALIBRATE="${2:?}"; shift 2 ;;
        --pool) POOL="${2:?}"; shift 2 ;;
        --port) PORT="${2:?}"; shift 2 ;;
        *) usage >&2; die "unknown argument $1" ;;
    esac
done
[[ "$MINUTES" =~ ^[1-9][0-9]*$ ]] || die "--minutes must be a positive whole number"
[[ "$RATE" == auto || "$RATE" =~ ^[0-9]+([.][0-9]+)?$ ]] || die "--rate must be a number of calls a second, or auto"
[[ "$CALIBRATE" =~ ^[1-9][0-9]*$ ]] || die "--calibrate must be a positive whole number of seconds"
for tool in curl python3; do command -v "$tool" >/dev/null 2>&1 || die "$tool is missing (Debian/Ubuntu: apt-get install $tool)"; done

java_of() {
    local c
    for c in "${JAVA_HOME:-/nonexistent}/bin/java" "$(command -v java || true)" $(ls -d /usr/lib/jvm/*/bin/java 2>/dev/null | sort -rV); do
        [[ -x "$c" ]] || continue
        [[ "$("$c" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | cut -d. -f1)" -ge 21 ]] 2>/dev/null \
            && { echo "$c"; return 0; }
    done
    return 1
}
JAVA="$(java_of)" || die "a JDK 21 or newer is required (set JAVA_HOME)"
JAVA_HOME="$(dirname "$(dirname "$(realpath "$JAVA")")")"
export JAVA_HOME

WORK="" SUITE_PID=""
cleanup() {
    local rc=$?
    trap - EXIT
    trap '' INT TERM PIPE
    if [[ -n "$SUITE_PID" ]]; then
        say "stopping the suite"
        FAAS_RUN_DIR="$WORK/run" FAAS_FUNCTIONS_DIR="$WORK/functions" "$HOME_DIR/faas" down >>"$RESULTS/suite.log" 2>&1 || true
        wait "$SUITE_PID" 2>/dev/null || true
    fi
    [[ -z "$WORK" ]] || rm -rf "$WORK"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

WORK="$(realpath "$(mktemp -d /tmp/faas-soak.XXXXXX)")"
RESULTS="$HOME_DIR/bench/results/soak-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$RESULTS"
[[ -n "$PORT" ]] || PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
URL="http://127.0.0.1:$PORT"

say "starting the suite ($POOL workers, $URL; log: $RESULTS/suite.log)"
# A worker JVM may take minutes to start on a busy two-core machine: the start bound is generous.
FAAS_PORT="$PORT" FAAS_RUN_DIR="$WORK/run" FAAS_FUNCTIONS_DIR="$WORK/functions" FAAS_POOL_SIZE="$POOL" \
    FAAS_METRICS_PORT_BASE=0 FAAS_SERVER_ARGS="--faas.server.pool.start-timeout=240s ${FAAS_SERVER_ARGS:-}" \
    "$HOME_DIR/faas" up RR >"$RESULTS/suite.log" 2>&1 &
SUITE_PID=$!
# Ready when the server answers through the gateway (GET /functions), not only the gateway itself.
for _ in $(seq 1 1500); do
    curl -fs "$URL/functions" >/dev/null 2>&1 && break
    kill -0 "$SUITE_PID" 2>/dev/null || die "the suite did not start: see $RESULTS/suite.log"
    sleep 0.2
done
curl -fs "$URL/functions" >/dev/null || die "the suite was not ready within 5 minutes"

EXAMPLES="$HOME_DIR/functions/examples"
HOSTILE="$HOME_DIR/e2e-tests/src/test/resources/functions/hostile"
deploy() {
    local name="$1" lang="$2" file="$3" limits="${4:-}" answer
    answer="$(curl -s -X POST "$URL/deploy?name=$name&lang=$lang$limits" --data-binary @"$file")"
    [[ "$answer" == *'"ok":true'* ]] || die "deploying $name failed: $answer"
}
say "deploying the mix"
deploy soak-c c "$EXAMPLES/hello.c"
deploy soak-rust rust "$EXAMPLES/hello.rs"
deploy soak-py python "$EXAMPLES/hello.py"
deploy soak-js js "$EXAMPLES/hello.js"
deploy soak-loop c "$HOSTILE/loop.c" "&timeoutMs=200"
deploy soak-flood c "$HOSTILE/flood.c" "&maxOutputKb=16"
deploy soak-hog python "$HOSTILE/hog.py" "&memoryMb=32"

say "soaking for $MINUTES minutes (rate: $RATE)"
"$JAVA" "$HOME_DIR/bench/soak/Soak.java" "$URL" "$WORK/run" "$MINUTES" "$RATE" "$CALIBRATE" "$RESULTS" \
    soak-c:40 soak-rust:25 soak-py:10 soak-js:10 soak-loop:5:timeout soak-flood:5:output-limit soak-hog:5:memory-limit \
    2> >(tee "$RESULTS/progress.log" >&2)
say "results in $RESULTS"
