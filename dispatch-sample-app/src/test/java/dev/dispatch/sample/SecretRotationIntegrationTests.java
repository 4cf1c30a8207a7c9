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
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;

import dev.dispatch.security.ClusterSeal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three nodes of the sample, as separate processes on loopback, change their cluster
 * secret from A to B while four client threads increment 200 counters through every node
 * in rotation: each node in turn is taken out of rotation, stopped with {@code SIGTERM}
 * and started again on the same ports with secret B and previous secret A, then each
 * again with B alone. No request may fail, every counter must hold exactly its
 * acknowledged increments, no node may refuse anything the others sent, and at the end a
 * batch sealed with A is refused while one sealed with B runs. It prints a table of the
 * run and writes it to {@code target/secret-rotation.md}.
 *
 * @author Dispatch team
 */
class SecretRotationIntegrationTests {

	private static final String SECRET_A = "secret-A-" + UUID.randomUUID();

	private static final String SECRET_B = "secret-B-" + UUID.randomUUID();

	private static final int COUNTERS = 200;

	private static final int WORKERS = 4;

	private static final long STEADY_REQUESTS = 300;

	private static final Duration STARTUP = Duration.ofSeconds(90);

	private static final Duration PATIENCE = Duration.ofSeconds(20);

	private static final Duration POLL = Duration.ofMillis(50);

	@Test
	@Timeout(300)
	void aRollingRestartFromSecretAToSecretBFailsNoCallAndLosesNoIncrement() throws IOException {
		Map<String, String> withA = Map.of(SampleCluster.SECRET, SECRET_A);
		Map<String, String> withBAndA = Map.of(SampleCluster.SECRET, SECRET_B, SampleCluster.PREVIOUS_SECRET, SECRET_A);
		Map<String, String> withB = Map.of(SampleCluster.SECRET, SECRET_B);
		try (SampleCluster cluster = new SampleCluster("rotation", 3);
				CounterLoad load = new CounterLoad(COUNTERS, Long.MAX_VALUE, Duration.ofMinutes(5))) {
			for (int index = 0; index < 3; index++) {
				cluster.start(index, withA);
			}
			SampleCluster.awaitServing(nodes(cluster), STARTUP);
			nodes(cluster).forEach(load::addToRotation);
			load.phase("secret A");
			load.start(WORKERS);
			awaitMoreRequests(load);
			List<Restart> restarts = new ArrayList<>();
			for (int index = 0; index < 3; index++) {
				restarts.add(restart(cluster, load, index, withBAndA, "B, previous A"));
			}
			for (int index = 0; index < 3; index++) {
				restarts.add(restart(cluster, load, index, withB, "B"));
			}
			load.phase("secret B");
			awaitMoreRequests(load);
			load.stop();
			List<Long> refusedAtTheEnd = nodes(cluster).stream().map(SecretRotationIntegrationTests::refused).toList();
			List<String> wrong = wrongCounters(load, nodes(cluster));
			String probe = probeTheSecrets(cluster);
			String table = table(load, restarts, refusedAtTheEnd, wrong.size(), probe);
			System.out.println("[secret-rotation] " + WORKERS + " client threads, " + COUNTERS + " counters\n" + table);
			Files.writeString(Path.of("target", "secret-rotation.md"), table);

			assertThat(load.failuresByCause()).as("failed requests").isEmpty();
			assertThat(load.acknowledged()).as("acknowledged increments").isPositive();
			assertThat(wrong).as("counters that differ from their acknowledged increments").isEmpty();
			assertThat(restarts).as("restarts").allSatisfy((restart) -> {
				assertThat(restart.exitCode()).as("exit code of %s", restart.label()).isEqualTo(143);
				assertThat(restart.refused()).as("refused by %s while it ran", restart.label()).isZero();
			});
			assertThat(refusedAtTheEnd).as("refused by the last three nodes").containsOnly(0L);
		}
	}

	/**
	 * Take a node out of rotation, stop it with {@code SIGTERM}, start it again on the
	 * same ports with other secrets, wait until the three serve, put it back in rotation
	 * and let the load run on.
	 */
	private static Restart restart(SampleCluster cluster, CounterLoad load, int index, Map<String, String> secrets,
			String secretsLabel) {
		SampleNode old = cluster.node(index);
		String phase = "restart " + old.label() + " with " + secretsLabel;
		long requests = load.requests();
		long refused = refused(old);
		load.removeFromRotation(old);
		load.phase(phase);
		long stopping = System.nanoTime();
		int exitCode = old.stop();
		Duration stop = since(stopping);
		long starting = System.nanoTime();
		SampleNode node = cluster.start(index, secrets);
		SampleCluster.awaitServing(nodes(cluster), STARTUP);
		Duration serving = since(starting);
		load.addToRotation(node);
		awaitMoreRequests(load);
		long failed = load.failuresByCause()
			.entrySet()
			.stream()
			.filter((entry) -> entry.getKey().startsWith(phase + ":"))
			.mapToLong(Map.Entry::getValue)
			.sum();
		return new Restart(old.label() + " -> " + node.label(), secretsLabel, exitCode, stop, serving,
				load.requests() - requests, failed, refused);
	}

	/**
	 * Join a plain member that seals a cast to a counters service once with A and once
	 * with B: the first must be refused, the second must count.
	 */
	private static String probeTheSecrets(SampleCluster cluster) {
		SampleNode node = cluster.node(0);
		JsonNode view = SampleCluster.json(node, "/actuator/dispatch").orElseThrow();
		String nodeId = view.path("node").asString();
		String service = SampleCluster.serviceOf(view, CountersController.TYPE, nodeId);
		String withA = SampleCluster.keyOwnedBy(node, CountersController.TYPE, service, "sealed-with-a");
		String withB = SampleCluster.keyOwnedBy(node, CountersController.TYPE, service, "sealed-with-b");
		long refusedBefore = refused(node);
		try (RogueMember member = RogueMember.join(cluster.name(), cluster.clusterPorts(3))) {
			for (String counter : List.of(withA, withB)) {
				byte[] batch = RogueMember.batch(member.nodeId(),
						List.of(RogueMember.cast(service, new Increment(counter))));
				String secret = counter.equals(withA) ? SECRET_A : SECRET_B;
				member.publish(RogueMember.INBOX_PREFIX + nodeId, member.seal(secret, nodeId, batch));
			}
			await().atMost(PATIENCE)
				.pollInterval(POLL)
				.until(() -> count(cluster.node(1), withB).equals(Optional.of("1"))
						&& SampleCluster.rejected(node, ClusterSeal.FRAMES, ClusterSeal.UNAUTHENTICATED)
							.orElse(0) == 1);
		}
		assertThat(count(cluster.node(1), withA)).as("counter of the batch sealed with A").contains("0");
		assertThat(refused(node) - refusedBefore).as("refused by %s", node).isOne();
		return "sealed with A: refused (frame/unauthenticated 1), counter 0; sealed with B: counted, counter 1";
	}

	private static Optional<String> count(SampleNode node, String counter) {
		return node.get("/counters/" + counter)
			.filter((response) -> response.statusCode() == 200)
			.map(HttpResponse::body);
	}

	private static List<String> wrongCounters(CounterLoad load, List<SampleNode> group) {
		List<String> wrong = new ArrayList<>();
		for (int counter = 0; counter < COUNTERS; counter++) {
			Optional<String> value = count(group.get(counter % group.size()), CounterLoad.name(counter));
			if (!value.equals(Optional.of(Long.toString(load.acknowledged(counter))))) {
				wrong.add(CounterLoad.name(counter) + "=" + value.orElse("no answer") + " (acknowledged "
						+ load.acknowledged(counter) + ", failed " + load.failed(counter) + ")");
			}
		}
		return wrong;
	}

	private static long refused(SampleNode node) {
		return SampleCluster.rejected(node, null, null)
			.orElseThrow(() -> new AssertionError("No metrics from " + node));
	}

	private static List<SampleNode> nodes(SampleCluster cluster) {
		return List.of(cluster.node(0), cluster.node(1), cluster.node(2));
	}

	private static void awaitMoreRequests(CounterLoad load) {
		long target = load.requests() + STEADY_REQUESTS;
		await().atMost(Duration.ofSeconds(60)).pollInterval(POLL).until(() -> load.requests() >= target);
	}

	private static Duration since(long startNanos) {
		return Duration.ofNanos(System.nanoTime() - startNanos);
	}

	private static String table(CounterLoad load, List<Restart> restarts, List<Long> refusedAtTheEnd, int wrong,
			String probe) {
		StringBuilder table = new StringBuilder();
		table.append(String.format("| %-34s | %-14s | %12s | %16s | %9s | %7s | %8s |%n", "restart", "secrets",
				"SIGTERM→exit", "start→serving", "requests", "failed", "refused"));
		table.append(String.format("|%s|%s|%s|%s|%s|%s|%s|%n", "-".repeat(36), "-".repeat(16), "-".repeat(14),
				"-".repeat(18), "-".repeat(11), "-".repeat(9), "-".repeat(10)));
		for (Restart restart : restarts) {
			table.append(String.format("| %-34s | %-14s | %9d ms | %13d ms | %9d | %7d | %8d |%n", restart.label(),
					restart.secrets(), restart.stop().toMillis(), restart.serving().toMillis(), restart.requests(),
					restart.failed(), restart.refused()));
		}
		long failed = load.failuresByCause().values().stream().mapToLong(Long::longValue).sum();
		table.append(String.format("%nrequests: %d in %.1f s, acknowledged %d, failed %d %s%n", load.requests(),
				load.duration().toMillis() / 1000.0, load.acknowledged(), failed, load.failuresByCause()));
		table.append(String.format("refused by the last three nodes: %s; counters wrong: %d of %d%n", refusedAtTheEnd,
				wrong, COUNTERS));
		table.append("after the rotation: ").append(probe).append(System.lineSeparator());
		return table.toString();
	}

	/**
	 * One restart, as measured.
	 *
	 * @param label the stopped node and the started one
	 * @param secrets the secrets of the started node
	 * @param exitCode the exit code of the stopped node
	 * @param stop from {@code SIGTERM} to its exit
	 * @param serving from the new process's launch to every node listing the three nodes'
	 * services
	 * @param requests requests sent from the restart until the load had run on
	 * @param failed those that failed
	 * @param refused what the stopped node had refused while it ran
	 */
	record Restart(String label, String secrets, int exitCode, Duration stop, Duration serving, long requests,
			long failed, long refused) {

	}

}
