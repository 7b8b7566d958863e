#!/usr/bin/env bash
# The invocation path against a one-hop floor, and what the suite costs around it (issue 11).
#
#   bench/invoke.sh [options] [rounds] [duration] [warm-up]      (or: ./faas bench ...)
#
#   --rounds N        rounds, platform and floor interleaved in each (3)
#   --duration S      seconds of each load run, per target and client count (10)
#   --requests N      a fixed count of requests per load run instead of a duration
#   --warmup S        seconds of load at 64 clients on each target before measuring (120),
#                     logged in 10 s windows so the plateau can be seen
#   --idle S          the window over which idle CPU is measured (20)
#   --settle S        quiet seconds before that window (5)
#   --payload TEXT    the request body of every invocation and echo (bench)
#   --help
#
# Starts the suite (./faas up RR with the launcher's pool, FAAS_POOL_SIZE to FAAS_POOL_MAX (2 to 4), a free port, its own run and functions directories,
# ephemeral metrics ports) and the floor (bench/floor: one Spring MVC endpoint echoing its body,
# on the same JDK with the same JVM flags and class cache as the services), deploys
# functions/examples/hello.c, warms both, then each round measures with hey, at 1 and 64 clients,
# POST /invoke?fn=hello on the suite and POST /echo on the floor; the first invoke after a deploy;
# and the idle CPU and RSS of every JVM of the suite. Then it restarts the suite `rounds` times to
# time ./faas up to ready. It prints the medians as a Markdown table with the targets of issue 11;
# raw figures go to bench/results/invoke-<time>/. Everything it started is stopped on exit.
set -euo pipefail

HOME_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROUNDS=3 DURATION=10 REQUESTS="" WARMUP=120 IDLE=20 SETTLE=5 PAYLOAD=bench
# The launcher's pool unless told otherwise: 2 workers at start, grown to 4 by the autoscaler under load.
POOL_SIZE="${FAAS_POOL_SIZE:-2}" POOL_MAX="${FAAS_POOL_MAX:-4}" WINDOW=10

usage() { sed -n '2,/^set -euo/p' "$0" | grep '^#' | sed 's/^# \{0,1\}//'; }
say() { printf '[bench] %s\n' "$*" >&2 || true; }
die() { say "$*"; exit 1; }
positive() { [[ "$2" =~ ^[0-9]+$ && "$2" -gt 0 ]] || die "$1 must be a positive whole number, not '$2'"; }

positional=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        -h|--help) usage; exit 0 ;;
        --rounds) ROUNDS="${2:?}"; shift 2 ;;
        --duration) DURATION="${2:?}"; shift 2 ;;
        --requests) REQUESTS="${2:?}"; shift 2 ;;
        --warmup) WARMUP="${2:?}"; shift 2 ;;
        --idle) IDLE="${2:?}"; shift 2 ;;
        --settle) SETTLE="${2:?}"; shift 2 ;;
        --payload) PAYLOAD="${2:?}"; shift 2 ;;
        --*=*) set -- "${1%%=*}" "${1#*=}" "${@:2}" ;;
        -*) usage >&2; die "unknown option $1" ;;
        *) positional+=("$1"); shift ;;
    esac
done
[[ ${#positional[@]} -le 3 ]] || { usage >&2; die "at most three positional arguments: rounds, duration, warm-up"; }
ROUNDS="${positional[0]:-$ROUNDS}" DURATION="${positional[1]:-$DURATION}" WARMUP="${positional[2]:-$WARMUP}"
positive --rounds "$ROUNDS"; positive --duration "$DURATION"; positive --idle "$IDLE"
[[ "$WARMUP" =~ ^[0-9]+$ ]] || die "--warmup must be a whole number of seconds"
[[ "$SETTLE" =~ ^[0-9]+$ ]] || die "--settle must be a whole number of seconds"
[[ -z "$REQUESTS" ]] || { positive --requests "$REQUESTS"; [[ "$REQUESTS" -ge 64 ]] || die "--requests must be at least 64 (the clients of the second run)"; }
[[ -n "$PAYLOAD" ]] || die "--payload must not be empty"

# --- tools ---------------------------------------------------------------------------------

if ! command -v hey >/dev/null 2>&1; then
    if [[ -z "${FAAS_NO_INSTALL:-}" && $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
        say "installing: hey"
        apt-get update -qq >&2 || true
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends hey >&2
    fi
    command -v hey >/dev/null 2>&1 || die "the load tool hey is missing (Debian/Ubuntu: apt-get install hey)"
fi
for tool in curl python3 git; do command -v "$tool" >/dev/null 2>&1 || die "$tool is missing (Debian/Ubuntu: apt-get install $tool)"; done

# --- stopping everything, whatever happens -------------------------------------------------

WORK="" SUITE_PID="" SUITE_LOG="" FLOOR_PID="" CHILD=""

# A child in the background, its output into a file, waited for: a signal to this script is
# handled at once, not after the child (and the trap's own messages do not go into that file).
await() {
    local out="$1"; shift
    "$@" >"$out" 2>&1 &
    CHILD=$!
    local rc=0
    wait "$CHILD" || rc=$?
    CHILD=""
    return "$rc"
}

stop_floor() {
    [[ -n "$FLOOR_PID" ]] || return 0
    kill -TERM "$FLOOR_PID" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$FLOOR_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$FLOOR_PID" 2>/dev/null || true
    wait "$FLOOR_PID" 2>/dev/null || true
    FLOOR_PID=""
}

stop_suite() {
    [[ -n "$SUITE_PID" ]] || return 0
    local log="$SUITE_LOG"
    # Stopping must not depend on the log still being writable.
    [[ -w "$log" ]] || log=/dev/null
    "$HOME_DIR/faas" down >>"$log" 2>&1 || true
    wait "$SUITE_PID" 2>/dev/null || true
    SUITE_PID=""
}

cleanup() {
    local rc=$?
    trap - EXIT
    # A second Ctrl-C must not cut the stopping short and leave processes behind.
    trap '' INT TERM PIPE
    [[ -z "$CHILD" ]] || { kill -TERM "$CHILD" 2>/dev/null || true; wait "$CHILD" 2>/dev/null || true; }
    say "stopping the floor and the suite"
    stop_floor
    stop_suite
    if [[ -n "$WORK" ]]; then
        # What a killed launcher could not stop (./faas down sweeps too): the JVMs of this run's
        # directory, and only those, may not stay.
        local left
        left="$(pgrep -f -- "-Dfaas.instance=$WORK/run" | tr '\n' ' ' || true)"
        if [[ -n "${left// /}" ]]; then
            say "left behind, killing: $left"
            # shellcheck disable=SC2086
            kill -KILL $left 2>/dev/null || true
        fi
        rm -rf "$WORK"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- where ---------------------------------------------------------------------------------

WORK="$(realpath "$(mktemp -d /tmp/faas-invoke.XXXXXX)")"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
RESULTS="$HOME_DIR/bench/results/invoke-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$RESULTS"
PORT="$(free_port)"
FLOOR_PORT="$(free_port)"
[[ "$PORT" != "$FLOOR_PORT" ]] || FLOOR_PORT="$(free_port)"
# The suite of this run only: its own port, directories and ephemeral metrics ports, no API keys.
export FAAS_PORT="$PORT" FAAS_BIND=127.0.0.1 FAAS_POOL_SIZE="$POOL_SIZE" FAAS_POOL_MAX="$POOL_MAX" FAAS_RUN_DIR="$WORK/run" \
    FAAS_FUNCTIONS_DIR="$WORK/functions" FAAS_METRICS_PORT_BASE=0
unset FAAS_API_KEY FAAS_MANAGEMENT_KEY FAAS_INVOKE_KEY
SUITE="http://127.0.0.1:$PORT"
FLOOR="http://127.0.0.1:$FLOOR_PORT"
if [[ -n "$REQUESTS" ]]; then RUN_SIZE=(-n "$REQUESTS"); else RUN_SIZE=(-z "${DURATION}s"); fi

# --- the suite -----------------------------------------------------------------------------

now_ms() { date +%s%3N; }
seconds_since() { awk -v a="$1" -v b="$(now_ms)" 'BEGIN {printf "%.1f", (b - a) / 1000}'; }

# Every JVM of the suite (gateway, server, balancer, workers and spare): they all carry -Dfaas.instance.
suite_pids() {
    local pid
    for pid in $(pgrep -f -- "-Dfaas.instance=$FAAS_RUN_DIR" || true); do
        [[ "$(readlink "/proc/$pid/exe" 2>/dev/null)" == */java ]] && echo "$pid"
    done
    return 0
}

role_of() {
    local cmd
    cmd="$(tr '\0' ' ' < "/proc/$1/cmdline" 2>/dev/null || true)"
    case "$cmd" in
        *--faas.worker.id=*) sed -E 's/.*--faas\.worker\.id=([^ ]+).*/\1/' <<<"$cmd" ;;
        *gateway-service*) echo gateway ;;
        *server-service*) echo server ;;
        *balancer-service*) echo balancer ;;
        *) echo "java-$1" ;;
    esac
}

workers_json() { curl -sf --max-time 5 "$SUITE/system/workers" 2>/dev/null || true; }

# Counts the workers (not spares) that are ready.
ready_workers() {
    workers_json | python3 -c 'import json,sys
try: print(sum(1 for w in json.load(sys.stdin)["workers"] if not w["spare"] and w["state"].lower() == "ready"))
except Exception: print(0)'
}

# Starts ./faas up and waits for its "ready", then for every worker: sets UP_S and WORKERS_S.
start_suite() {
    local log="$1" t0 waited=0
    SUITE_LOG="$log"
    : >"$log"
    t0="$(now_ms)"
    "$HOME_DIR/faas" up RR >"$log" 2>&1 &
    SUITE_PID=$!
    until grep -q '^\[faas\] ready' "$log"; do
        kill -0 "$SUITE_PID" 2>/dev/null || { tail -30 "$log" >&2; die "./faas up exited before ready (log: $log)"; }
        sleep 0.1
        waited=$((waited + 1))
        [[ $waited -lt 3000 ]] || die "./faas up not ready within 300 s (log: $log)"
    done
    UP_S="$(seconds_since "$t0")"
    until [[ "$(ready_workers)" -ge "$POOL_SIZE" ]]; do
        kill -0 "$SUITE_PID" 2>/dev/null || die "the suite stopped while its workers started (log: $log)"
        sleep 0.1
        waited=$((waited + 1))
        [[ $waited -lt 3000 ]] || die "the $POOL_SIZE workers not ready within 300 s (log: $log)"
    done
    WORKERS_S="$(seconds_since "$t0")"
}

# --- the floor -----------------------------------------------------------------------------
# The same java binary and the flags the launcher gave the gateway (less its own -Dfaas.* and
# class-cache flags), and a class cache trained the way the launcher trains the services'.

FLOOR_JAR="$HOME_DIR/bench/floor/target/bench-floor.jar"
FLOOR_AOT="$HOME_DIR/bench/floor/target/aot"

take_jvm_of_gateway() {
    local pid="" p arg cache=""
    for p in $(suite_pids); do [[ "$(role_of "$p")" == gateway ]] && pid="$p"; done
    [[ -n "$pid" ]] || die "no gateway process found"
    JAVA="$(readlink -f "/proc/$pid/exe")"
    JVM_FLAGS=()
    while IFS= read -r -d '' arg; do
        case "$arg" in
            */java) ;;
            -jar) break ;;
            -XX:AOTCache=*) cache=aot ;;
            -XX:SharedArchiveFile=*) cache=cds ;;
            -Xshare:*|-Dfaas.*) ;;
            *) JVM_FLAGS+=("$arg") ;;
        esac
    done < "/proc/$pid/cmdline"
    CACHE_KIND="$cache"
    printf '%s %s (class cache: %s)\n' "$JAVA" "${JVM_FLAGS[*]}" "${CACHE_KIND:-none}" >"$RESULTS/floor-jvm.txt"
}

prepare_floor() {
    if [[ ! -f "$FLOOR_JAR" || -n "$(find "$HOME_DIR/bench/floor/src/main" "$HOME_DIR/bench/floor/pom.xml" \
            -newer "$FLOOR_JAR" -print -quit 2>/dev/null)" ]]; then
        say "building the floor (./mvnw -pl bench/floor package)"
        (cd "$HOME_DIR" && JAVA_HOME="$(dirname "$(dirname "$JAVA")")" ./mvnw -B -q -DskipTests -pl bench/floor -am package) \
            >"$RESULTS/floor-build.log" 2>&1 || { tail -30 "$RESULTS/floor-build.log" >&2; die "the floor's build failed"; }
    fi
    FLOOR_CACHE=()
    [[ -n "$CACHE_KIND" ]] || return 0
    # A cache is only good for the JVM and flags it was trained with.
    local marker output
    marker="$FLOOR_AOT/trained-$CACHE_KIND-$(printf '%s ' "$JAVA" "${JVM_FLAGS[@]}" | md5sum | cut -c1-12)"
    if [[ ! -f "$marker" || "$FLOOR_JAR" -nt "$marker" ]]; then
        say "training the floor's class cache ($CACHE_KIND), as ./faas does for the services"
        rm -rf "$FLOOR_AOT"
        "$JAVA" -Djarmode=tools -jar "$FLOOR_JAR" extract --destination "$FLOOR_AOT" >/dev/null
        if [[ "$CACHE_KIND" == aot ]]; then output=(-XX:AOTCacheOutput="$FLOOR_AOT/app.aot"); else output=(-XX:ArchiveClassesAtExit="$FLOOR_AOT/app.jsa"); fi
        await "$RESULTS/floor-train.log" "$JAVA" "${JVM_FLAGS[@]}" "${output[@]}" -Dspring.context.exit=onRefresh \
            -jar "$FLOOR_AOT/bench-floor.jar" --server.port=0 || true
        touch "$marker"
    fi
    if [[ "$CACHE_KIND" == aot ]]; then FLOOR_CACHE=(-XX:AOTCache="$FLOOR_AOT/app.aot");
    else FLOOR_CACHE=(-XX:SharedArchiveFile="$FLOOR_AOT/app.jsa" -Xshare:auto); fi
}

start_floor() {
    local jar="$FLOOR_JAR" t0 waited=0
    [[ ${#FLOOR_CACHE[@]} -eq 0 ]] || jar="$FLOOR_AOT/bench-floor.jar"
    t0="$(now_ms)"
    "$JAVA" "${JVM_FLAGS[@]}" ${FLOOR_CACHE[@]+"${FLOOR_CACHE[@]}"} -jar "$jar" \
        --server.port="$FLOOR_PORT" --server.address=127.0.0.1 >"$RESULTS/floor.log" 2>&1 &
    FLOOR_PID=$!
    until [[ "$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/octet-stream' \
            --data-binary "$PAYLOAD" "$FLOOR/echo" 2>/dev/null)" == 200 ]]; do
        kill -0 "$FLOOR_PID" 2>/dev/null || { tail -30 "$RESULTS/floor.log" >&2; die "the floor exited during start"; }
        sleep 0.1
        waited=$((waited + 1))
        [[ $waited -lt 600 ]] || die "the floor did not answer within 60 s (log: $RESULTS/floor.log)"
    done
    say "floor up in $(seconds_since "$t0") s: $FLOOR (pid $FLOOR_PID)"
}

# --- load ----------------------------------------------------------------------------------

url_of() { [[ "$1" == platform ]] && echo "$SUITE/invoke?fn=hello" || echo "$FLOOR/echo"; }

# hey against one target: TARGET CLIENTS OUTPUT [hey's size flags...]
drive() {
    local target="$1" clients="$2" out="$3"; shift 3
    await "$out" hey "$@" -c "$clients" -m POST -T application/octet-stream -d "$PAYLOAD" "$(url_of "$target")" || true
}

# hey's summary as key=value lines: rps, p50 and p99 in ms, count, non200 (other statuses and
# transport errors). Latencies have hey's resolution: 0.1 ms.
parse_hey() {
    awk '
        /Requests\/sec:/ { rps = $2 }
        / 50% in / { p50 = $3 * 1000 }
        / 99% in / { p99 = $3 * 1000 }
        /^Status code distribution:/ { section = "status"; next }
        /^Error distribution:/ { section = "error"; next }
        /^[ \t]+\[[0-9]+\]/ {
            n = $1; gsub(/[\[\]]/, "", n)
            if (section == "status") { count += $2; if (n != 200) bad += $2 }
            else if (section == "error") { count += n; bad += n }
        }
        END {
            printf "rps=%s\np50=%s\np99=%s\ncount=%d\nnon200=%d\n", (rps == "" ? "NA" : rps),
                (p50 == "" ? "NA" : sprintf("%.2f", p50)), (p99 == "" ? "NA" : sprintf("%.2f", p99)), count, bad
        }' "$1"
}

record() { echo "$1=$2" >> "$ROUND_FILE"; }

measure_load() {
    local target="$1" clients="$2" out="$RESULTS/r$round-$1-c$2.txt" key value
    drive "$target" "$clients" "$out" "${RUN_SIZE[@]}"
    while IFS='=' read -r key value; do record "${target}_c${clients}_$key" "$value"; done < <(parse_hey "$out")
    say "round $round $target, $clients client(s): $(parse_hey "$out" | tr '\n' ' ')"
}

warm_up() {
    local target="$1" out="$RESULTS/warmup-$1.txt" i windows
    windows=$(((WARMUP + WINDOW - 1) / WINDOW))
    : >"$out"
    for ((i = 1; i <= windows; i++)); do
        drive "$target" 64 "$RESULTS/warmup-$target-$i.txt" -z "${WINDOW}s"
        echo "window $i ($(((i - 1) * WINDOW))-$((i * WINDOW)) s): $(parse_hey "$RESULTS/warmup-$target-$i.txt" | tr '\n' ' ')" >>"$out"
        rm -f "$RESULTS/warmup-$target-$i.txt"
    done
    [[ $windows -eq 0 ]] || say "warm-up $target, last window: $(tail -1 "$out")"
}

# --- first invoke after a deploy -----------------------------------------------------------

json_field() { { grep -o "\"$1\":[^,}]*" "$2" | head -1 | cut -d: -f2- | tr -d '"'; } 2>/dev/null || true; }

first_invoke() {
    local name="first$round" dir="$RESULTS/r$round-first" code time i worker cold seen=() cold_count=0
    mkdir -p "$dir"
    read -r code time < <(curl -s -o "$dir/deploy.json" -w '%{http_code} %{time_total}\n' \
        -X POST "$SUITE/deploy?name=$name&lang=c" --data-binary @"$HOME_DIR/functions/examples/hello.c")
    [[ "$code" == 201 ]] || say "round $round: deploy of $name answered $code: $(cat "$dir/deploy.json")"
    record deploy_ms "$(awk -v t="$time" 'BEGIN {printf "%.1f", t * 1000}')"
    read -r code time < <(curl -s -o "$dir/invoke-0.json" -w '%{http_code} %{time_total}\n' -X POST \
        -H 'Content-Type: application/octet-stream' --data-binary "$PAYLOAD" "$SUITE/invoke?fn=$name")
    [[ "$code" == 200 ]] || say "round $round: first invoke of $name answered $code: $(cat "$dir/invoke-0.json")"
    record first_ms "$(awk -v t="$time" 'BEGIN {printf "%.1f", t * 1000}')"
    record first_status "$code"
    record first_cold "$(json_field coldStart "$dir/invoke-0.json")"
    record first_worker "$(json_field worker "$dir/invoke-0.json")"
    for ((i = 1; i <= POOL_MAX; i++)); do
        curl -s -o "$dir/invoke-$i.json" -X POST -H 'Content-Type: application/octet-stream' \
            --data-binary "$PAYLOAD" "$SUITE/invoke?fn=$name"
        worker="$(json_field worker "$dir/invoke-$i.json")"
        cold="$(json_field coldStart "$dir/invoke-$i.json")"
        seen+=("${worker:-?}:${cold:-?}")
        [[ "$cold" == true ]] && cold_count=$((cold_count + 1))
    done
    record next_cold "$(IFS=,; echo "${seen[*]}")"
    record next_cold_count "$cold_count"
    say "round $round first invoke: deploy $(grep '^deploy_ms=' "$ROUND_FILE" | tail -1 | cut -d= -f2) ms," \
        "invoke $(grep '^first_ms=' "$ROUND_FILE" | tail -1 | cut -d= -f2) ms," \
        "coldStart $(grep '^first_cold=' "$ROUND_FILE" | tail -1 | cut -d= -f2); next: ${seen[*]}"
}

# --- idle cost -----------------------------------------------------------------------------

cpu_ticks() { { sed 's/^.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'; } 2>/dev/null || true; }
rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2>/dev/null || true; }
# Proportional set size: each page shared by several processes (class caches, libraries) counted once in all.
pss_kib() { awk '/^Pss:/ {print $2}' "/proc/$1/smaps_rollup" 2>/dev/null || true; }

# Every thread of the given processes: pid, tid, utime+stime ticks, name. One pass, so that the
# snapshot costs no more than a blink at either end of the window.
thread_ticks() {
    python3 - "$@" <<'PY'
import os, sys
for pid in sys.argv[1:]:
    try:
        tids = os.listdir(f"/proc/{pid}/task")
    except OSError:
        continue
    for tid in tids:
        try:
            with open(f"/proc/{pid}/task/{tid}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        name = stat[stat.index("(") + 1:stat.rindex(")")].replace(" ", "_")
        fields = stat[stat.rindex(")") + 2:].split()
        print(pid, tid, int(fields[11]) + int(fields[12]), name)
PY
}

# The name of a process in the report: gateway, server, balancer, worker-N, worker-N-spare, floor.
label_of() {
    local pid="$1" spares="$2"
    if [[ "$pid" == "$FLOOR_PID" ]]; then echo floor; return; fi
    echo "$(role_of "$pid")$([[ " $spares " != *" $pid "* ]] || echo -spare)"
}

measure_idle() {
    local out="$RESULTS/r$round-idle.txt" hz pids=() pid before=() after=() spares role cpu rss i
    local cpu_sum=0 rss_sum=0 pss_sum=0 pss
    hz="$(getconf CLK_TCK)"
    spares="$(workers_json | python3 -c 'import json,sys
try: print(" ".join(str(w["pid"]) for w in json.load(sys.stdin)["workers"] if w["spare"]))
except Exception: pass')"
    await /dev/null sleep "$SETTLE"
    mapfile -t pids < <(suite_pids)
    pids+=("$FLOOR_PID")
    for pid in "${pids[@]}"; do before+=("$(cpu_ticks "$pid")"); done
    thread_ticks "${pids[@]}" >"$WORK/threads-before"
    await /dev/null sleep "$IDLE"
    for pid in "${pids[@]}"; do after+=("$(cpu_ticks "$pid")"); done
    thread_ticks "${pids[@]}" >"$WORK/threads-after"
    printf '%-14s %8s %14s %10s\n' process pid "cpu % of core" "rss MiB" >"$out"
    for i in "${!pids[@]}"; do
        pid="${pids[$i]}"
        role="$(label_of "$pid" "$spares")"
        [[ -n "${before[$i]}" && -n "${after[$i]}" ]] || { say "round $round: process $pid ($role) ended during the idle window"; continue; }
        cpu="$(awk -v a="${before[$i]}" -v b="${after[$i]}" -v hz="$hz" -v s="$IDLE" 'BEGIN {printf "%.2f", (b - a) / hz / s * 100}')"
        rss="$(awk -v k="$(rss_kib "$pid")" 'BEGIN {printf "%.1f", k / 1024}')"
        pss="$(awk -v k="$(pss_kib "$pid")" 'BEGIN {printf "%.1f", k / 1024}')"
        printf '%-14s %8s %14s %10s\n' "$role" "$pid" "$cpu" "$rss" >>"$out"
        if [[ "$role" == floor ]]; then
            record floor_idle_cpu "$cpu"; record floor_rss_mib "$rss"
        else
            record "cpu_$role" "$cpu"; record "rss_$role" "$rss"
            cpu_sum="$(awk -v a="$cpu_sum" -v b="$cpu" 'BEGIN {print a + b}')"
            rss_sum="$(awk -v a="$rss_sum" -v b="$rss" 'BEGIN {print a + b}')"
            pss_sum="$(awk -v a="$pss_sum" -v b="$pss" 'BEGIN {print a + b}')"
        fi
    done
    # Where the idle time goes: the three busiest threads of each process over the window.
    {
        echo
        printf '%-14s %-16s %14s\n' process thread "cpu % of core"
        awk 'NR == FNR {b[$1 " " $2] = $3; next} {d = $3 - b[$1 " " $2]; if (d > 0) print $1, $4, d}' \
            "$WORK/threads-before" "$WORK/threads-after" | sort -k1,1n -k3,3nr | awk '++n[$1] <= 3' |
            while read -r pid name ticks; do
                role="$(label_of "$pid" "$spares")"
                printf '%-14s %-16s %14s\n' "$role" "$name" "$(awk -v t="$ticks" -v hz="$hz" -v s="$IDLE" 'BEGIN {printf "%.2f", t / hz / s * 100}')"
            done
    } >>"$out"
    record idle_jvms "$((${#pids[@]} - 1))"
    record idle_cpu "$(awk -v a="$cpu_sum" 'BEGIN {printf "%.2f", a}')"
    record idle_rss_mib "$(awk -v a="$rss_sum" 'BEGIN {printf "%.0f", a}')"
    record idle_pss_mib "$(awk -v a="$pss_sum" 'BEGIN {printf "%.0f", a}')"
    say "round $round idle over ${IDLE} s: suite $(grep '^idle_cpu=' "$ROUND_FILE" | cut -d= -f2) % of a core," \
        "$(grep '^idle_rss_mib=' "$ROUND_FILE" | cut -d= -f2) MiB in $((${#pids[@]} - 1)) JVMs"
}

# --- the run -------------------------------------------------------------------------------

REVISION="$(git -C "$HOME_DIR" rev-parse --short HEAD)$([[ -z "$(git -C "$HOME_DIR" status --porcelain --untracked-files=no)" ]] || echo "+dirty")"
say "results: ${RESULTS#"$HOME_DIR/"}; suite on $SUITE, floor on $FLOOR"

say "starting the suite (./faas up RR, $POOL_SIZE to $POOL_MAX workers; builds and trains its class caches if needed)"
start_suite "$RESULTS/suite-0.log"
echo "first_up_s=$UP_S" >"$RESULTS/first-start.txt"
echo "first_workers_s=$WORKERS_S" >>"$RESULTS/first-start.txt"
say "suite ready in $UP_S s, $POOL_SIZE workers ready in $WORKERS_S s (first start of this run)"

take_jvm_of_gateway
prepare_floor
start_floor

code="$(curl -s -o "$RESULTS/deploy-hello.json" -w '%{http_code}' -X POST "$SUITE/deploy?name=hello&lang=c" \
    --data-binary @"$HOME_DIR/functions/examples/hello.c")"
[[ "$code" == 201 ]] || die "the deploy of hello.c answered $code: $(cat "$RESULTS/deploy-hello.json")"

say "warming up: ${WARMUP} s at 64 clients on each (bench/results/.../warmup-*.txt)"
warm_up platform
warm_up floor

for ((round = 1; round <= ROUNDS; round++)); do
    ROUND_FILE="$RESULTS/round-$round.txt"
    : >"$ROUND_FILE"
    # The machine is shared: its load average says how much else ran during the round.
    record load_before "$(cut -d' ' -f1 /proc/loadavg)"
    # Alternate which target goes first, so that a drift of the machine falls on both.
    if ((round % 2)); then order=(platform floor); else order=(floor platform); fi
    for clients in 1 64; do
        for target in "${order[@]}"; do measure_load "$target" "$clients"; done
    done
    first_invoke
    measure_idle
    record load_after "$(cut -d' ' -f1 /proc/loadavg)"
done

# ./faas up to ready with everything built: a stop, then a timed start, `rounds` times.
for ((i = 1; i <= ROUNDS; i++)); do
    stop_suite
    LOAD_BEFORE="$(cut -d' ' -f1 /proc/loadavg)"
    start_suite "$RESULTS/suite-$i.log"
    printf 'up_s=%s\nworkers_s=%s\nload_before=%s\n' "$UP_S" "$WORKERS_S" "$LOAD_BEFORE" >"$RESULTS/up-$i.txt"
    say "restart $i: ready in $UP_S s, $POOL_SIZE workers ready in $WORKERS_S s"
done

# --- the report ----------------------------------------------------------------------------

median() {
    grep -v '^NA$' | sort -g | awk '{a[NR] = $1} END {if (NR == 0) print "NA"; else if (NR % 2) print a[(NR + 1) / 2];
        else printf "%.2f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2}'
}
values() { grep -h "^$1=" "${@:2}" | cut -d= -f2-; }
med() { values "$1" "$RESULTS"/round-*.txt | median; }
med_up() { values "$1" "$RESULTS"/up-*.txt | median; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (a == "NA" || b == "NA" || b == 0) print "NA"; else printf "%.3f", a / b}'; }
# meets VALUE OP LIMIT: yes or no
meets() { awk -v v="$1" -v op="$2" -v l="$3" 'BEGIN {if (v == "NA") {print "no"; exit}
    ok = (op == "<=" ? v + 0 <= l + 0 : v + 0 >= l + 0); print (ok ? "yes" : "**no**")}'; }
both() { [[ "$1" == yes && "$2" == yes ]] && echo yes || echo "**no**"; }
fmt() { awk -v v="$1" -v d="${2:-1}" 'BEGIN {if (v == "NA") print v; else printf "%." d "f", v}'; }

p1_rps="$(med platform_c1_rps)" f1_rps="$(med floor_c1_rps)"
p1_p50="$(med platform_c1_p50)" f1_p50="$(med floor_c1_p50)" p1_p99="$(med platform_c1_p99)" f1_p99="$(med floor_c1_p99)"
p1_bad="$(med platform_c1_non200)" f1_bad="$(med floor_c1_non200)"
p64_rps="$(med platform_c64_rps)" f64_rps="$(med floor_c64_rps)"
p64_p50="$(med platform_c64_p50)" f64_p50="$(med floor_c64_p50)" p64_p99="$(med platform_c64_p99)" f64_p99="$(med floor_c64_p99)"
p64_bad_max="$(values platform_c64_non200 "$RESULTS"/round-*.txt | sort -n | tail -1)"
p64_bad="$(med platform_c64_non200)" f64_bad="$(med floor_c64_non200)"
first="$(med first_ms)" deploy="$(med deploy_ms)"
idle_cpu="$(med idle_cpu)" idle_rss="$(med idle_rss_mib)" idle_pss="$(med idle_pss_mib)" floor_cpu="$(med floor_idle_cpu)" floor_rss="$(med floor_rss_mib)"
up="$(med_up up_s)" workers="$(med_up workers_s)"
r1_p50="$(ratio "$p1_p50" "$f1_p50")" r64_rps="$(ratio "$p64_rps" "$f64_rps")"
first_cold="$(values first_cold "$RESULTS"/round-*.txt | grep -c '^true$' || true)"
next_cold="$(values next_cold_count "$RESULTS"/round-*.txt | awk '{s += $1} END {print s + 0}')"
run_size="$([[ -n "$REQUESTS" ]] && echo "$REQUESTS requests" || echo "${DURATION} s")"

{
    echo "Revision $REVISION; $ROUNDS rounds; each load run $run_size; warm-up ${WARMUP} s at 64 clients per target;"
    echo "idle window ${IDLE} s after ${SETTLE} s; payload '${PAYLOAD}'; $(nproc) CPUs; $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo);"
    echo "$("$JAVA" -version 2>&1 | head -1); hey $(dpkg-query -W -f='${Version}' hey 2>/dev/null || echo '?'). Medians of the rounds."
    echo
    echo "| figure | platform | floor | ratio | target | met |"
    echo "|---|---|---|---|---|---|"
    echo "| 1 client: throughput (inv/s), non-200 | $(fmt "$p1_rps") / $(fmt "$p1_bad" 0) | $(fmt "$f1_rps") / $(fmt "$f1_bad" 0) | $(ratio "$p1_rps" "$f1_rps") | | |"
    echo "| 1 client: p50 / p99 (ms) | $(fmt "$p1_p50" 2) / $(fmt "$p1_p99" 2) | $(fmt "$f1_p50" 2) / $(fmt "$f1_p99" 2) | $r1_p50 (p50) | p50 ≤ 1.5, p99 ≤ 5, ratio ≤ 7.5 |" \
        "$(both "$(both "$(meets "$p1_p50" '<=' 1.5)" "$(meets "$p1_p99" '<=' 5)")" "$(meets "$r1_p50" '<=' 7.5)") |"
    echo "| 64 clients: throughput (inv/s), non-200 | $(fmt "$p64_rps") / $(fmt "$p64_bad" 0) | $(fmt "$f64_rps") / $(fmt "$f64_bad" 0) | $r64_rps | ≥ 2000, 0 non-200 in every round, ratio ≥ 0.08 |" \
        "$(both "$(both "$(meets "$p64_rps" '>=' 2000)" "$(meets "$p64_bad_max" '<=' 0)")" "$(meets "$r64_rps" '>=' 0.08)") |"
    echo "| 64 clients: p50 / p99 (ms) | $(fmt "$p64_p50" 2) / $(fmt "$p64_p99" 2) | $(fmt "$f64_p50" 2) / $(fmt "$f64_p99" 2) | $(ratio "$p64_p50" "$f64_p50") (p50) | | |"
    echo "| first invoke after deploy (ms) | $(fmt "$first") | | | ≤ 30 | $(meets "$first" '<=' 30) |"
    echo "| deploy of hello.c (ms) | $(fmt "$deploy" 0) | | | | |"
    echo "| coldStart: first invoke; next $POOL_MAX calls | true in $first_cold of $ROUNDS; true in $next_cold of $((ROUNDS * POOL_MAX)) | | | | |"
    echo "| idle CPU over ${IDLE} s (% of one core) | $(fmt "$idle_cpu" 2) | $(fmt "$floor_cpu" 2) | | ≤ 2 | $(meets "$idle_cpu" '<=' 2) |"
    echo "| idle RSS (MiB) | $(fmt "$idle_rss" 0) | $(fmt "$floor_rss" 0) | | ≤ 1536 | $(meets "$idle_rss" '<=' 1536) |"
    echo "| idle PSS, shared pages counted once (MiB) | $(fmt "$idle_pss" 0) | | | | |"
    echo "| ./faas up to ready (s) | $(fmt "$up") | | | ≤ 15 | $(meets "$up" '<=' 15) |"
    echo "| ./faas up to $POOL_SIZE workers ready (s) | $(fmt "$workers") | | | | |"
    echo
    echo "Rounds, in the order they ran (throughput in inv/s / p50 / p99 in ms; non-200 in brackets when any):"
    echo
    echo "| round | 1 client platform | 1 client floor | 64 clients platform | 64 clients floor | first invoke (ms) | idle CPU (%) | idle RSS (MiB) | ./faas up (s) | load average before / after |"
    echo "|---|---|---|---|---|---|---|---|---|---|"
    for ((round = 1; round <= ROUNDS; round++)); do
        f="$RESULTS/round-$round.txt"
        cell() {
            local bad; bad="$(values "$1_non200" "$f")"
            echo "$(fmt "$(values "$1_rps" "$f")") / $(fmt "$(values "$1_p50" "$f")" 2) / $(fmt "$(values "$1_p99" "$f")" 2)$([[ "$bad" == 0 ]] || echo " [$bad]")"
        }
        echo "| $round | $(cell platform_c1) | $(cell floor_c1) | $(cell platform_c64) | $(cell floor_c64) |" \
            "$(values first_ms "$f") | $(values idle_cpu "$f") | $(values idle_rss_mib "$f") | $(values up_s "$RESULTS/up-$round.txt") | $(values load_before "$f") / $(values load_after "$f") |"
    done
    echo
    echo "Idle, per process (medians of the rounds):"
    echo
    echo "| process | CPU (% of one core) | RSS (MiB) |"
    echo "|---|---|---|"
    for role in $(grep -h '^cpu_' "$RESULTS"/round-*.txt | cut -d= -f1 | sed 's/^cpu_//' | sort -uV); do
        echo "| $role | $(med "cpu_$role") | $(med "rss_$role") |"
    done
    echo "| floor (reference) | $floor_cpu | $floor_rss |"
    echo
    echo "Raw figures: ${RESULTS#"$HOME_DIR/"}"
} | tee "$RESULTS/summary.md"
