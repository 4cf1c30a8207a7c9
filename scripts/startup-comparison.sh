#!/usr/bin/env bash
# Start-up of the sample (one Dispatch node, as the README's run command starts it) against a
# plain Spring Boot application with the same jar, starters and classpath and no Dispatch
# (dev.dispatch.baseline.PlainApplication), started alternately: the time from launching the
# JVM to the first 200 from /actuator/health, polled every 20 ms.
#
#   mvn -q -B package -DskipTests
#   scripts/startup-comparison.sh [runs of each, default 5]
#
# Everything runs on 127.0.0.1; every process started is killed by PID.
set -euo pipefail
cd "$(dirname "$0")/.."
jar=dispatch-sample-app/target/dispatch-sample-app-0.1.0-SNAPSHOT.jar
[ -f "$jar" ] || { echo "build first: mvn -q -B package -DskipTests" >&2; exit 1; }
runs=${1:-5}
port=18480
pid=
cleanup() { [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null || true; }
trap cleanup EXIT

now_ms() { date +%s%3N; }

measure() { # label, then the java arguments
	local label=$1; shift
	local start; start=$(now_ms)
	java "$@" --server.port=$port > /dev/null 2>&1 &
	pid=$!
	until curl -sf -o /dev/null "http://127.0.0.1:$port/actuator/health"; do
		kill -0 "$pid" 2>/dev/null || { echo "$label exited before it answered" >&2; exit 1; }
		sleep 0.02
	done
	local took=$(( $(now_ms) - start ))
	kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
	echo "$took"
}

dispatch=(); plain=()
for run in $(seq 1 "$runs"); do
	dispatch+=("$(measure dispatch -jar "$jar")")
	plain+=("$(measure plain -Dloader.main=dev.dispatch.baseline.PlainApplication -cp "$jar" \
		org.springframework.boot.loader.launch.PropertiesLauncher)")
	echo "run $run: dispatch ${dispatch[-1]} ms, plain ${plain[-1]} ms"
done
median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
md=$(median "${dispatch[@]}"); mp=$(median "${plain[@]}")
echo "| | runs | median | min | max |"
echo "|---|---:|---:|---:|---:|"
echo "| sample with Dispatch | $runs | $md ms | $(printf '%s\n' "${dispatch[@]}" | sort -n | head -1) ms | $(printf '%s\n' "${dispatch[@]}" | sort -n | tail -1) ms |"
echo "| plain Spring Boot | $runs | $mp ms | $(printf '%s\n' "${plain[@]}" | sort -n | head -1) ms | $(printf '%s\n' "${plain[@]}" | sort -n | tail -1) ms |"
awk -v d="$md" -v p="$mp" 'BEGIN { printf "Dispatch / plain (medians): %.2f\n", d / p }'
