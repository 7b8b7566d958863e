#!/usr/bin/env bash
# The worker's in-process invocation benchmark (JMH): functions/examples/hello.c, compiled as the
# server compiles C, run by WasmtimeRuntime on 1 and on 2 threads, stdin in and stdout captured.
#
#   bench/worker-jmh.sh [JMH options...]      e.g. bench/worker-jmh.sh -f 3 -wi 5 -i 5
#
# Builds the worker's test classes, then runs JMH on them in a forked JVM.
set -euo pipefail

HOME_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$HOME_DIR"
# shellcheck source=/dev/null
source <(sed -n '/^java_major()/,/^}/p; /^find_java()/,/^}/p' ./faas)
find_java || { echo "a JDK 21 or newer is required (set JAVA_HOME)" >&2; exit 1; }
CP_FILE="$(mktemp)"
trap 'rm -f "$CP_FILE"' EXIT
# One reactor build, so the worker's classpath names the sibling modules' class folders: nothing of this
# project has to be installed in the local repository first (each module writes the file; the worker is last).
./mvnw -B -q -pl worker-service -am test-compile dependency:build-classpath -DskipTests \
    -Dmdep.outputFile="$CP_FILE" -Dmdep.includeScope=test >&2
CP="worker-service/target/test-classes:worker-service/target/classes:$(cat "$CP_FILE")"
exec "$JAVA" --enable-native-access=ALL-UNNAMED -cp "$CP" org.openjdk.jmh.Main InvocationBenchmark "$@"
