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

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.dispatch.metrics.MicrometerDispatchMetrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Counters with one backup each, on nodes of the sample running as separate processes on
 * loopback: eight client threads increment 300 counters through every node in rotation
 * while a fourth node joins, then one node is killed ({@code SIGKILL}) and taken out of
 * rotation, and 12 seconds later a second one. At the end every counter, read through a
 * survivor, must hold at least the increments that were acknowledged and at most those
 * plus the requests that failed: the counters service's {@code takeOver} replaces the
 * count, so an acknowledged increment missing from the copy that a backup took over shows
 * as a value below the acknowledged increments. It writes a table of the run to
 * {@code target/backups-crash.md}.
 *
 * @author Dispatch team
 */
class BackupsCrashIntegrationTests {

	private static final int COUNTERS = 300;

	private static final int WORKERS = 8;

	private static final long PHASE_REQUESTS = Long.getLong("backups.phase-requests", 2000);

	private static final Duration BETWEEN_KILLS = Duration.ofSeconds(12);

	private static final double MOST_FAILED_PER_KILL = 0.05;

	private static final Duration STARTUP = Duration.ofSeconds(60);

	private static final Duration POLL = Duration.ofMillis(50);

	private final SampleCluster cluster = new SampleCluster("backups", 4);

	@AfterEach
	void killEveryNode() {
		this.cluster.close();
	}

	@Test
	void countersKeepEveryAcknowledgedIncrementWhenTwoNodesAreKilledOneAfterTheOther() throws IOException {
		List<SampleNode> nodes = new ArrayList<>();
		for (int index = 0; index < 3; index++) {
			nodes.add(this.cluster.start(index, Map.of()));
		}
		SampleCluster.awaitServing(nodes, STARTUP);
		try (CounterLoad load = new CounterLoad(COUNTERS, 40 * PHASE_REQUESTS, Duration.ofSeconds(90))) {
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

			Kill first = kill(load, nodes, this.cluster.node(0), "1st kill");
			await().atMost(BETWEEN_KILLS.plus(STARTUP))
				.pollInterval(POLL)
				.until(() -> since(first.nanos()).compareTo(BETWEEN_KILLS) >= 0 || load.exhausted());
			Map<SampleNode, Backups> beforeSecond = Backups.read(nodes);
			Kill second = kill(load, nodes, this.cluster.node(3), "2nd kill");
			load.awaitMoreRequests(PHASE_REQUESTS, STARTUP);
			assertThat(load.exhausted()).as("load stopped by its bound before the last phase ended").isFalse();
			load.stop();

			Map<Integer, Long> values = load.read(nodes, Duration.ofSeconds(20));
			List<String> wrong = load.wrong(values);
			Map<SampleNode, Backups> atTheEnd = Backups.read(nodes);
			List<Backups> byKill = List.of(Backups.sum(beforeSecond.values()), Backups
				.sum(nodes.stream().map((node) -> atTheEnd.get(node).minus(beforeSecond.get(node))).toList()));
			String table = table(load, join, List.of(first, second), byKill, COUNTERS - values.size(), wrong.size(),
					load.lost(values));
			System.out.println("[backups-crash] " + WORKERS + " client threads, " + COUNTERS + " counters, "
					+ PHASE_REQUESTS + " requests a phase\n" + table + "wrong: " + wrong);
			Files.writeString(Path.of("target", "backups-crash.md"), table);

			assertThat(load.acknowledged()).as("acknowledged increments").isPositive();
			assertThat(values).as("counters that a survivor could read").hasSize(COUNTERS);
			assertThat(wrong).as("counters wrong: %d", wrong.size()).isEmpty();
			for (Kill kill : List.of(first, second)) {
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

	private static String table(CounterLoad load, Duration join, List<Kill> kills, List<Backups> byKill, int unread,
			int wrong, long lost) {
		RunTable table = new RunTable();
		long failed = load.failuresByCause().values().stream().mapToLong(Long::longValue).sum();
		table.row("requests", String.format("%d in %.1f s (%.0f/s)", load.requests(),
				load.duration().toMillis() / 1000.0, load.requests() * 1e9 / Math.max(1, load.duration().toNanos())));
		table.row("acknowledged (200)", Long.toString(load.acknowledged()));
		table.row("failed", Long.toString(failed));
		for (String phase : List.of("3 nodes", "4th node joining", "4 nodes", kills.get(0).phase(),
				kills.get(1).phase())) {
			long requests = load.requestsIn(phase);
			table.row("  " + phase + ": requests / failed", String.format("%d / %d (%.2f %%)", requests,
					load.failedIn(phase), 100.0 * load.failedIn(phase) / Math.max(1, requests)));
		}
		load.failuresByCause().forEach((cause, count) -> table.row("  " + cause, Long.toString(count)));
		table.row("4th node start -> serving", join.toMillis() + " ms");
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

		Backups minus(Backups earlier) {
			return new Backups(this.promoted - earlier.promoted, this.lost - earlier.lost);
		}

	}

}
