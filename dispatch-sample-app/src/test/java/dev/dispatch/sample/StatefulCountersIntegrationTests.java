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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Counters whose values follow their keys, on nodes of the sample running as separate
 * processes on loopback: eight client threads increment 500 counters through every node
 * in rotation while a fourth node joins and then the first node stops gracefully
 * ({@code SIGTERM}). At the end every counter, read through a survivor, must hold at
 * least the increments that were acknowledged and at most those plus the requests that
 * failed (a failed request may have counted). It prints a table of the run and writes it
 * to {@code target/stateful-counters.md}.
 *
 * @author Dispatch team
 */
class StatefulCountersIntegrationTests {

	private static final int COUNTERS = 500;

	private static final int WORKERS = 8;

	private static final long PHASE_REQUESTS = Long.getLong("counters.phase-requests", 3000);

	private static final Duration STARTUP = Duration.ofSeconds(60);

	private static final Duration POLL = Duration.ofMillis(50);

	private static final String CLUSTER = "counters-" + UUID.randomUUID();

	private static final int[] clusterPorts = IntStream.range(0, 4).map((index) -> SampleNode.freePort()).toArray();

	private static final SampleNode[] nodes = new SampleNode[4];

	private static final List<SampleNode> started = new CopyOnWriteArrayList<>();

	@AfterAll
	static void killEveryNode() {
		started.forEach(SampleNode::close);
	}

	@Test
	void countersKeepEveryAcknowledgedIncrementWhileANodeJoinsAndTheFirstStopsGracefully() throws IOException {
		for (int index = 0; index < 3; index++) {
			start(index);
		}
		awaitServing(List.of(nodes[0], nodes[1], nodes[2]));
		try (CounterLoad load = new CounterLoad(COUNTERS, 40 * PHASE_REQUESTS, Duration.ofSeconds(75))) {
			List.of(nodes[0], nodes[1], nodes[2]).forEach(load::addToRotation);
			load.phase("3 nodes");
			load.start(WORKERS);
			awaitMoreRequests(load);

			load.phase("4th node joining");
			long joining = System.nanoTime();
			start(3);
			awaitServing(List.of(nodes));
			Duration join = since(joining);
			load.addToRotation(nodes[3]);
			load.phase("4 nodes");
			awaitMoreRequests(load);

			SampleNode first = nodes[0];
			Handoffs firstBeforeStop = Handoffs.read(first);
			load.removeFromRotation(first);
			load.phase("1st node stopping");
			assertThat(ProcessHandle.of(first.pid()).flatMap((process) -> process.info().command()))
				.as("command of the process that gets SIGTERM")
				.hasValueSatisfying((command) -> assertThat(Path.of(command).getFileName()).hasToString("java"));
			long stopping = System.nanoTime();
			int exitCode = first.stop();
			Duration stop = since(stopping);
			List<SampleNode> survivors = List.of(nodes[1], nodes[2], nodes[3]);
			awaitServing(survivors);
			load.phase("3 nodes after");
			awaitMoreRequests(load);
			assertThat(load.exhausted()).as("load stopped by its bound before the last phase ended").isFalse();
			load.stop();

			Map<Integer, Long> values = load.read(survivors, Duration.ofSeconds(20));
			List<String> wrong = load.wrong(values);
			Handoffs survivorHandoffs = survivors.stream().map(Handoffs::read).reduce(Handoffs.NONE, Handoffs::plus);
			String table = table(load, join, stop, exitCode, firstBeforeStop, survivorHandoffs,
					COUNTERS - values.size(), wrong.size());
			System.out.println("[stateful-counters] " + WORKERS + " client threads, " + COUNTERS + " counters, "
					+ PHASE_REQUESTS + " requests a phase\n" + table);
			Files.writeString(Path.of("target", "stateful-counters.md"), table);

			assertThat(exitCode).as("exit code of %s", first).isEqualTo(143);
			assertThat(load.acknowledged()).as("acknowledged increments").isPositive();
			assertThat(values).as("counters that a survivor could read").hasSize(COUNTERS);
			assertThat(wrong).as("counters wrong: %d", wrong.size()).isEmpty();
		}
	}

	private static void start(int index) {
		String members = Arrays.stream(clusterPorts)
			.mapToObj((port) -> "127.0.0.1:" + port)
			.collect(Collectors.joining(","));
		SampleNode node = SampleNode.start("counters-" + (char) ('a' + index), SampleNode.freePort(),
				List.of("--dispatch.pubsub.name=" + CLUSTER, "--dispatch.pubsub.port=" + clusterPorts[index],
						"--dispatch.pubsub.port-auto-increment=false", "--dispatch.pubsub.members=" + members,
						"--dispatch.registry.log-level=INFO"));
		started.add(node);
		nodes[index] = node;
	}

	/**
	 * Wait until every node of the group is up and lists the online counters services of
	 * exactly the group's nodes.
	 */
	private static void awaitServing(List<SampleNode> group) {
		await().atMost(STARTUP).pollInterval(POLL).until(() -> serving(group));
	}

	private static boolean serving(List<SampleNode> group) {
		List<String> nodeIds = new ArrayList<>();
		List<JsonNode> views = new ArrayList<>();
		for (SampleNode node : group) {
			Optional<JsonNode> health = json(node, "/actuator/health");
			Optional<JsonNode> view = json(node, "/actuator/dispatch");
			if (health.isEmpty() || !"UP".equals(health.get().path("status").asString()) || view.isEmpty()) {
				return false;
			}
			nodeIds.add(view.get().path("node").asString());
			views.add(view.get());
		}
		List<String> expected = nodeIds.stream().sorted().toList();
		for (JsonNode view : views) {
			List<String> listed = new ArrayList<>();
			for (JsonNode service : view.path("types").path(CountersController.TYPE).path("services")) {
				if (!"ONLINE".equals(service.path("state").asString())) {
					return false;
				}
				listed.add(service.path("node").asString());
			}
			if (!listed.stream().sorted().toList().equals(expected)) {
				return false;
			}
		}
		return true;
	}

	private static void awaitMoreRequests(CounterLoad load) {
		load.awaitMoreRequests(PHASE_REQUESTS, Duration.ofSeconds(60));
	}

	private static Optional<JsonNode> json(SampleNode node, String path) {
		return node.get(path)
			.filter((response) -> response.statusCode() == 200)
			.map((response) -> JsonMapper.shared().readTree(response.body()));
	}

	private static String table(CounterLoad load, Duration join, Duration stop, int exitCode, Handoffs firstBeforeStop,
			Handoffs survivors, int unread, int wrong) {
		RunTable table = new RunTable();
		long failed = load.failuresByCause().values().stream().mapToLong(Long::longValue).sum();
		table.row("requests", String.format("%d in %.1f s (%.0f/s)", load.requests(),
				load.duration().toMillis() / 1000.0, load.requests() * 1e9 / Math.max(1, load.duration().toNanos())));
		table.row("acknowledged (200)", Long.toString(load.acknowledged()));
		table.row("failed", Long.toString(failed));
		load.failuresByCause().forEach((cause, count) -> table.row("  " + cause, Long.toString(count)));
		table.row("4th node start -> serving", join.toMillis() + " ms");
		table.row("SIGTERM of 1st node -> exit", stop.toMillis() + " ms (exit code " + exitCode + ")");
		Handoffs all = firstBeforeStop.plus(survivors);
		table.row("keys moved (outcome=moved)",
				all.reported() ? String.format("%.0f (1st node before SIGTERM %.0f, survivors %.0f)", all.moved(),
						firstBeforeStop.moved(), survivors.moved()) : "no metric");
		table.row("hand-offs timed out / failed",
				all.reported() ? String.format("%.0f / %.0f", all.timedOut(), all.failed()) : "no metric");
		table.row("hand-off time max / total", all.timed() ? String.format("%.1f ms / %.1f ms (%.0f hand-offs)",
				all.maxSeconds() * 1000, all.totalSeconds() * 1000, all.timerCount()) : "no metric");
		table.row("counters unread at the end", Integer.toString(unread));
		table.row("counters wrong", Integer.toString(wrong));
		return table.toString();
	}

	private static Duration since(long startNanos) {
		return Duration.ofNanos(System.nanoTime() - startNanos);
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
			Optional<JsonNode> body = json(node, "/actuator/metrics/" + metric);
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

}
