#!/usr/bin/env bash
# Several nodes of the sample started at the same moment, as the README's run command starts
# one (members 127.0.0.1, so ports 5701 to 5703; each node takes the first free one): the
# time from launching the JVMs to every node's /actuator/health counting all of them as
# members of its cluster, polled every 50 ms. Nodes that formed clusters of their own would
# only be merged by Hazelcast's split-brain handler, minutes later: a run that has not
# converged after 60 s is reported as such.
#
#   mvn -q -B package -DskipTests
#   scripts/join-convergence.sh [nodes, 1 to 3, default 3] [runs, default 3]
#
# Everything runs on 127.0.0.1; every process started is killed by PID.
set -euo pipefail
cd "$(dirname "$0")/.."
jar=${JAR:-dispatch-sample-app/target/dispatch-sample-app-0.1.0-SNAPSHOT.jar}
[ -f "$jar" ] || { echo "build first: mvn -q -B package -DskipTests" >&2; exit 1; }
nodes=${1:-3}
runs=${2:-3}
first_port=18580
pids=()
cleanup() { for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

now_ms() { date +%s%3N; }

members() { # web port: the members the node counts, or 0 until it answers
	curl -sf "http://127.0.0.1:$1/actuator/health" 2>/dev/null \
		| grep -o '"dispatch":{"details":{[^}]*"members":[0-9]*' | grep -o '[0-9]*$' || echo 0
}

for run in $(seq 1 "$runs"); do
	pids=()
	start=$(now_ms)
	for i in $(seq 0 $((nodes - 1))); do
		java -jar "$jar" --server.port=$((first_port + i)) > /dev/null 2>&1 &
		pids+=($!)
	done
	took=
	while [ -z "$took" ]; do
		converged=1
		for i in $(seq 0 $((nodes - 1))); do
			kill -0 "${pids[$i]}" 2>/dev/null || { echo "node $i exited" >&2; exit 1; }
			[ "$(members $((first_port + i)))" = "$nodes" ] || converged=0
		done
		if [ $converged = 1 ]; then
			took=$(( $(now_ms) - start ))
		elif [ $(( $(now_ms) - start )) -gt 60000 ]; then
			took="not converged after 60000"
		else
			sleep 0.05
		fi
	done
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
	echo "run $run: $nodes nodes, $took ms to one cluster of $nodes"
done
