#!/usr/bin/env bash
# Measures how long the other node of a two-node uploader cluster takes to drop a node's
# service after SIGSTOP (frozen), to take it back after SIGCONT, and to drop it after
# SIGKILL, with the registry settings given as arguments (default: the shipped defaults).
#
#   mvn -q -B package -DskipTests
#   scripts/detection-times.sh                                   # 500ms x 3
#   scripts/detection-times.sh --dispatch.registry.broadcast-period=25ms --dispatch.registry.max-silent-periods=3
#
# Everything runs on 127.0.0.1 with a random cluster name; every process started is killed by PID.
set -euo pipefail
cd "$(dirname "$0")/.."
jar=dispatch-sample-app/target/dispatch-sample-app-0.1.0-SNAPSHOT.jar
[ -f "$jar" ] || { echo "build first: mvn -q -B package -DskipTests" >&2; exit 1; }
cluster="detect-$RANDOM$RANDOM"
http_a=18181; http_b=18182; hz_a=15801; hz_b=15802
members="127.0.0.1:$hz_a,127.0.0.1:$hz_b"
logs=$(mktemp -d)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill -CONT "$pid" 2>/dev/null || true; kill -9 "$pid" 2>/dev/null || true; done; }
trap cleanup EXIT

start() { # http hz name
	java -XX:TieredStopAtLevel=1 -jar "$jar" --server.port="$1" --dispatch.pubsub.port="$2" \
		--dispatch.pubsub.port-auto-increment=false --dispatch.pubsub.name="$cluster" \
		--dispatch.pubsub.members="$members" "${@:4}" > "$logs/$3.log" 2>&1 &
	pids+=($!)
	echo $!
}
services() { # how many uploader services node A lists
	{ curl -sf "http://127.0.0.1:$http_a/actuator/dispatch/uploader" || true; } | grep -o '"state"' | wc -l
}
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
wait_for() { # count timeout-seconds
	local deadline=$(( $(now_ms) + $2 * 1000 ))
	until [ "$(services)" -eq "$1" ]; do
		[ "$(now_ms)" -lt "$deadline" ] || { echo "timed out waiting for $1 services" >&2; exit 1; }
		sleep 0.01
	done
}

start $http_a $hz_a a "$@" > /dev/null
pid_b=$(start $http_b $hz_b b "$@")
wait_for 2 120
t0=$(now_ms); kill -STOP "$pid_b"; wait_for 1 120; t1=$(now_ms)
echo "SIGSTOP: service left the other node's view after $(( t1 - t0 )) ms"
t0=$(now_ms); kill -CONT "$pid_b"; wait_for 2 120; t1=$(now_ms)
echo "SIGCONT: service back in the other node's view after $(( t1 - t0 )) ms"
t0=$(now_ms); kill -9 "$pid_b"; wait_for 1 120; t1=$(now_ms)
echo "SIGKILL: service left the other node's view after $(( t1 - t0 )) ms"
