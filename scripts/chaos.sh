#!/usr/bin/env bash
# Chaos run of the uploader: builds the project once, starts three nodes as separate
# processes on 127.0.0.1, drives them with steady uploads and downloads through every node
# in rotation, kills one (SIGKILL), restarts it, stops another (SIGTERM), and prints one
# table: requests, failures by window and cause, latency, detection and convergence
# times, and acknowledged files that no survivor can return.
#
#   scripts/chaos.sh                 # 20 s between events, 8 client threads
#   scripts/chaos.sh 60s 16          # longer and heavier
#
# The run is ChaosIntegrationTests with a longer profile; the default build runs it with
# 3 s phases. Every node process the run starts is killed by PID at the end, whatever
# happens to the run itself.
set -euo pipefail
cd "$(dirname "$0")/.."
phase=${1:-20s}
workers=${2:-8}
logs=dispatch-sample-app/target/it-logs
cleanup() {
	for file in "$logs"/chaos-*.pid; do
		[ -f "$file" ] || continue
		pid=$(cat "$file")
		if ps -p "$pid" -o args= 2>/dev/null | grep -q dispatch-sample-app; then
			kill -9 "$pid" 2>/dev/null || true
		fi
		rm -f "$file"
	done
}
trap cleanup EXIT
cleanup
mvn -q -B -ntp install -DskipTests
mvn -B -ntp verify -pl dispatch-sample-app -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false \
	-Dit.test=ChaosIntegrationTests -Dfailsafe.failIfNoSpecifiedTests=false \
	-Dchaos.phase="$phase" -Dchaos.workers="$workers" \
	| sed -n '/^\[chaos\]/,/^| files lost/p; /Tests run:.*Fail/p; /FAIL/p'
