/*
 * Copyright 2026 the original author or authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

package dev.dispatch.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.dispatch.metrics.MicrometerDispatchMetrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Counters whose values follow their keys, with one backup each, on nodes of the sample
 * running as separate processes on loopback: eight client threads increment 500 counters
 * through every node in rotation while a fourth node joins, then the first node is taken
 * out of rotation and stops gracefully ({@code SIGTERM}), then a second node is killed
 * ({@code SIGKILL}) and taken out of rotation, and 12 seconds later a third, which leaves
 * one survivor. At the end every counter, read through the survivor, must hold at least
 * the increments that were acknowledged and at most those plus the requests that failed
 * (a failed request may have counted): the counters service installs the tally it is
 * given, so an increment missing from the copy that a backup took over shows as a value
 * below the acknowledged increments. The first node must exit with the code of
 * {@code SIGTERM}, and each kill may fail at most 5 % of the requests of its window. It
 * prints a table of the run and writes it to {@code target/stateful-counters.md}.
 *
 * @author Dispatch team
 */
class StatefulCountersIntegrationTests {

	private static final int COUNTERS = 500;

	private static final int WORKERS = 8;

	private static final long PHASE_REQUESTS = Long.getLong("counters.phase-requests", 1500);

	private static final Duration BETWEEN_KILLS = Duration.ofSeconds(12);

	private static final double MOST_FAILED_PER_KILL = 0.05;

	private static final Duration STARTUP = Duration.ofSeconds(60);

	private static final Duration POLL = Duration.ofMillis(50);

	private static final String GRACEFUL = "1st node stopping";

	private final SampleCluster cluster = new SampleCluster("counters", 4);

	@AfterEach
	void killEveryNode() {
		this.cluster.close();
	}

	@Test
	void countersKeepEveryAcknowledgedIncrementThroughAJoinAGracefulStopAndTwoKills() throws IOException {
		List<SampleNode> nodes = new ArrayList<>();
		for (int index = 0; index < 3; index++) {
			nodes.add(this.cluster.start(index, Map.of()));
		}
		SampleCluster.awaitServing(nodes, STARTUP);
		try (CounterLoad load = new CounterLoad(COUNTERS, 80 * PHASE_REQUESTS, Duration.ofSeconds(150))) {
			nodes.forEach(load::addToRotation);
			load.phase("3 nodes");
			load.start(WORKERS);
			load.awaitMoreRequests(PHASE_REQUESTS, STARTUP);

			load.phase("4th node joining");
			long joining = System.nanoTime();
			nodes.add(this.cluster.start(3, Map.of()));
			SampleCluster.awaitServing(nodes, STARTUP);
			Duration join = since(joining);
			load.addToRotation(nodes.get(3));
			load.phase("4 nodes");
			load.awaitMoreRequests(PHASE_REQUESTS, STARTUP);

			SampleNode first = this.cluster.node(0);
			Handoffs firstBeforeStop = Handoffs.read(first);
			load.removeFromRotation(first);
			load.phase(GRACEFUL);
			assertThat(ProcessHandle.of(first.pid()).flatMap((process) -> process.info().command()))
				.as("command of the process that gets SIGTERM")
				.hasValueSatisfying((command) -> assertThat(Path.of(command).getFileName()).hasToString("java"));
			long stopping = System.nanoTime();
			int exitCode = first.stop();
			Duration stop = since(stopping);
			nodes.remove(first);
			SampleCluster.awaitServing(nodes, Duration.ofSeconds(30));
			load.phase("3 nodes after");
			load.awaitMoreRequests(PHASE_REQUESTS, STARTUP);
			Handoffs survivorHandoffs = nodes.stream().map(Handoffs::read).reduce(Handoffs.NONE, Handoffs::plus);
			Map<SampleNode, Backups> beforeFirst = Backups.read(nodes);

			Kill firstKill = kill(load, nodes, this.cluster.node(1), "1st kill");
			await().atMost(BETWEEN_KILLS.plus(STARTUP))
				.pollInterval(POLL)
				.until(() -> since(firstKill.nanos()).compareTo(BETWEEN_KILLS) >= 0 || load.exhausted());
			Map<SampleNode, Backups> beforeSecond = Backups.read(nodes);
			Kill secondKill = kill(load, nodes, this.cluster.node(3), "2nd kill");
			load.awaitMoreRequests(PHASE_REQUESTS, STARTUP);
			assertThat(load.exhausted()).as("load stopped by its bound before the last phase ended").isFalse();
			load.stop();

			Map<Integer, Long> values = load.read(nodes, Duration.ofSeconds(20));
			List<String> wrong = load.wrong(values);
			Map<SampleNode, Backups> atTheEnd = Backups.read(nodes);
			List<Backups> byKill = List.of(Backups.between(beforeFirst, beforeSecond),
					Backups.between(beforeSecond, atTheEnd));
			String table = table(load, join, stop, exitCode, firstBeforeStop, survivorHandoffs,
					Backups.sum(beforeFirst.values()), List.of(firstKill, secondKill), byKill, COUNTERS - values.size(),
					wrong.size(), load.lost(values));
			System.out.println("[stateful-counters] " + WORKERS + " client threads, " + COUNTERS + " counters, "
					+ PHASE_REQUESTS + " requests a phase\n" + table + "wrong: " + wrong);
			Files.writeString(Path.of("target", "stateful-counters.md"), table);

			assertThat(exitCode).as("exit code of %s", first).isEqualTo(143);
			assertThat(load.acknowledged()).as("acknowledged increments").isPositive();
			assertThat(values).as("counters that the survivor could read").hasSize(COUNTERS);
			assertThat(wrong).as("counters wrong: %d", wrong.size()).isEmpty();
			for (Kill kill : List.of(firstKill, secondKill)) {
				assertThat(load.failedIn(kill.phase()))
					.as("requests failed in the %s (of %d)", kill.phase(), load.requestsIn(kill.phase()))
					.isLessThanOrEqualTo((long) (load.requestsIn(kill.phase()) * MOST_FAILED_PER_KILL));
			}
		}
	}

	/**
	 * Take a node out of rotation and kill it, as a load balancer would after its failed
	 * requests, and wait until the other nodes serve without it.
	 */
	private static Kill kill(CounterLoad load, List<SampleNode> nodes, SampleNode victim, String phase) {
		load.phase(phase);
		load.removeFromRotation(victim);
		long killed = System.nanoTime();
		victim.kill();
		nodes.remove(victim);
		SampleCluster.awaitServing(nodes, Duration.ofSeconds(30));
		return new Kill(victim.label(), phase, killed, since(killed));
	}

	private static String table(CounterLoad load, Duration join, Duration stop, int exitCode, Handoffs firstBeforeStop,
			Handoffs survivors, Backups beforeKills, List<Kill> kills, List<Backups> byKill, int unread, int wrong,
			long lost) {
		RunTable table = new RunTable();
		long failed = load.failuresByCause().values().stream().mapToLong(Long::longValue).sum();
		table.row("requests", String.format("%d in %.1f s (%.0f/s)", load.requests(),
				load.duration().toMillis() / 1000.0, load.requests() * 1e9 / Math.max(1, load.duration().toNanos())));
		table.row("acknowledged (200)", Long.toString(load.acknowledged()));
		table.row("failed", Long.toString(failed));
		for (String phase : List.of("3 nodes", "4th node joining", "4 nodes", GRACEFUL, "3 nodes after",
				kills.get(0).phase(), kills.get(1).phase())) {
			long requests = load.requestsIn(phase);
			table.row("  " + phase + ": requests / failed", String.format("%d / %d (%.2f %%)", requests,
					load.failedIn(phase), 100.0 * load.failedIn(phase) / Math.max(1, requests)));
		}
		load.failuresByCause().forEach((cause, count) -> table.row("  " + cause, Long.toString(count)));
		table.row("4th node start -> serving", join.toMillis() + " ms");
		table.row("SIGTERM of 1st node -> exit", stop.toMillis() + " ms (exit code " + exitCode + ")");
		Handoffs all = firstBeforeStop.plus(survivors);
		table.row("keys moved (outcome=moved)",
				all.reported() ? String.format("%.0f (1st node before SIGTERM %.0f, others %.0f)", all.moved(),
						firstBeforeStop.moved(), survivors.moved()) : "no metric");
		table.row("hand-offs timed out / failed",
				all.reported() ? String.format("%.0f / %.0f", all.timedOut(), all.failed()) : "no metric");
		table.row("hand-off time max / total", all.timed() ? String.format("%.1f ms / %.1f ms (%.0f hand-offs)",
				all.maxSeconds() * 1000, all.totalSeconds() * 1000, all.timerCount()) : "no metric");
		table.row("keys promoted / lost before the kills", beforeKills.promoted() + " / " + beforeKills.lost());
		for (int i = 0; i < kills.size(); i++) {
			Kill kill = kills.get(i);
			table.row("SIGKILL of " + kill.node() + " -> survivors serving", kill.serving().toMillis() + " ms");
			table.row("  keys promoted / lost (backups.promoted/lost)",
					byKill.get(i).promoted() + " / " + byKill.get(i).lost());
		}
		table.row("counters unread at the end", Integer.toString(unread));
		table.row("counters wrong", Integer.toString(wrong));
		table.row("acknowledged increments lost", Long.toString(lost));
		return table.toString();
	}

	private static Duration since(long startNanos) {
		return Duration.ofNanos(System.nanoTime() - startNanos);
	}

	/**
	 * A node killed under load.
	 *
	 * @param node the node's label
	 * @param phase the load's phase from the kill on
	 * @param nanos when it was killed, by {@link System#nanoTime()}
	 * @param serving from the kill to the other nodes serving without it
	 */
	record Kill(String node, String phase, long nanos, Duration serving) {

	}

	/**
	 * The hand-off metrics of one node or the sum of several, from
	 * {@code /actuator/metrics}.
	 *
	 * @param reported whether a node had the {@code dispatch.handoffs} metric
	 * @param moved keys moved
	 * @param timedOut hand-offs that timed out
	 * @param failed hand-offs that failed
	 * @param timed whether a node had the {@code dispatch.handoff.duration} timer
	 * @param timerCount hand-offs timed
	 * @param totalSeconds their total time
	 * @param maxSeconds the longest one
	 */
	record Handoffs(boolean reported, double moved, double timedOut, double failed, boolean timed, double timerCount,
			double totalSeconds, double maxSeconds) {

		static final Handoffs NONE = new Handoffs(false, 0, 0, 0, false, 0, 0, 0);

		static Handoffs read(SampleNode node) {
			OptionalDouble moved = measurement(node, "dispatch.handoffs?tag=outcome:moved", "COUNT");
			OptionalDouble timedOut = measurement(node, "dispatch.handoffs?tag=outcome:timeout", "COUNT");
			OptionalDouble failed = measurement(node, "dispatch.handoffs?tag=outcome:failed", "COUNT");
			OptionalDouble count = measurement(node, "dispatch.handoff.duration", "COUNT");
			return new Handoffs(moved.isPresent() || timedOut.isPresent() || failed.isPresent(), moved.orElse(0),
					timedOut.orElse(0), failed.orElse(0), count.isPresent(), count.orElse(0),
					measurement(node, "dispatch.handoff.duration", "TOTAL_TIME").orElse(0),
					measurement(node, "dispatch.handoff.duration", "MAX").orElse(0));
		}

		Handoffs plus(Handoffs other) {
			return new Handoffs(this.reported || other.reported, this.moved + other.moved,
					this.timedOut + other.timedOut, this.failed + other.failed, this.timed || other.timed,
					this.timerCount + other.timerCount, this.totalSeconds + other.totalSeconds,
					Math.max(this.maxSeconds, other.maxSeconds));
		}

		/**
		 * Return one statistic of a metric, empty when the node has no such metric or no
		 * such tag value (the endpoint answers 404).
		 */
		private static OptionalDouble measurement(SampleNode node, String metric, String statistic) {
			Optional<JsonNode> body = SampleCluster.json(node, "/actuator/metrics/" + metric);
			if (body.isEmpty()) {
				return OptionalDouble.empty();
			}
			for (JsonNode measurement : body.get().path("measurements")) {
				if (statistic.equals(measurement.path("statistic").asString())) {
					return OptionalDouble.of(measurement.path("value").asDouble());
				}
			}
			return OptionalDouble.empty();
		}

	}

	/**
	 * The backup metrics of one node or the sum of several, from
	 * {@code /actuator/metrics}.
	 *
	 * @param promoted keys taken over from their backup copies
	 * @param lost keys lost with their owner and every copy
	 */
	record Backups(long promoted, long lost) {

		static Map<SampleNode, Backups> read(List<SampleNode> nodes) {
			Map<SampleNode, Backups> read = new HashMap<>();
			for (SampleNode node : nodes) {
				read.put(node,
						new Backups(SampleCluster.count(node, MicrometerDispatchMetrics.BACKUPS_PROMOTED).orElse(0),
								SampleCluster.count(node, MicrometerDispatchMetrics.BACKUPS_LOST).orElse(0)));
			}
			return read;
		}

		static Backups sum(Collection<Backups> all) {
			return new Backups(all.stream().mapToLong(Backups::promoted).sum(),
					all.stream().mapToLong(Backups::lost).sum());
		}

		/**
		 * Return what the nodes of a later reading counted since an earlier one.
		 */
		static Backups between(Map<SampleNode, Backups> earlier, Map<SampleNode, Backups> later) {
			return sum(later.entrySet()
				.stream()
				.map((entry) -> entry.getValue().minus(earlier.getOrDefault(entry.getKey(), new Backups(0, 0))))
				.toList());
		}

		Backups minus(Backups earlier) {
			return new Backups(this.promoted - earlier.promoted, this.lost - earlier.lost);
		}

	}

}
