#!/usr/bin/env bash
# Counts how often three live nodes declare each other silent while a separate process
# busy-spins next to them (dev.dispatch.benchmarks.LivenessFlaps with dev.dispatch.benchmarks.CpuHog).
#
#   scripts/liveness-flaps.sh [seconds] [hog-threads] [period-ms] [max-silent-periods]
#   scripts/liveness-flaps.sh --base c775364 [seconds] ...   # the same benchmark on an older registry
#
# Defaults: 60 s, 4 hog threads, 500 ms x 3. With --base, the given commit is exported to a
# temporary directory, this tree's benchmark classes are copied over it, and it is built there;
# this tree is left alone. Everything runs on 127.0.0.1; the hog process exits on its own at
# the end of the window and is killed by the benchmark if it has not.
set -euo pipefail
cd "$(dirname "$0")/.."
src=.
if [ "${1:-}" = "--base" ]; then
	base=$2
	shift 2
	src=$(mktemp -d)
	trap 'rm -rf "$src"' EXIT
	git archive "$base" | tar -x -C "$src"
	cp dispatch-benchmarks/src/main/java/dev/dispatch/benchmarks/{Node,CpuHog,LivenessFlaps}.java \
		"$src/dispatch-benchmarks/src/main/java/dev/dispatch/benchmarks/"
fi
(cd "$src" && mvn -o -B -q -pl dispatch-spring-boot-autoconfigure,dispatch-benchmarks package -DskipTests)
java -cp "$src/dispatch-benchmarks/target/benchmarks.jar" dev.dispatch.benchmarks.LivenessFlaps "$@" 2>&1 \
	| grep '^liveness flaps:'
