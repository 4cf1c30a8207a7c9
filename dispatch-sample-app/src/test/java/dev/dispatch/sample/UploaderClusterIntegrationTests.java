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

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.dispatch.sample.SampleNode.Service;
import dev.dispatch.sample.SampleNode.View;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Nodes of the uploader running as separate processes on loopback, killed, stopped,
 * frozen and restarted while their files and registry views are checked over HTTP.
 *
 * @author Dispatch team
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UploaderClusterIntegrationTests {

	private static final int FILES = 200;

	private static final Duration STARTUP = Duration.ofSeconds(60);

	private static final Duration REPLICATION = Duration.ofSeconds(30);

	private static final Duration DETECTION_POLL = Duration.ofMillis(20);

	private static final Duration CONVERGENCE_POLL = Duration.ofMillis(100);

	private static final Duration DETECTION_LIMIT = Duration.ofSeconds(10);

	private static final String CLUSTER = "it-" + UUID.randomUUID();

	private static final SampleNode[] nodes = new SampleNode[3];

	private static final int[] clusterPorts = new int[3];

	private static final List<SampleNode> started = new CopyOnWriteArrayList<>();

	private static int starts;

	@AfterAll
	static void killEveryNode() {
		started.forEach(SampleNode::close);
	}

	@Test
	@Order(1)
	void killedNodeLosesNoReplicatedFileAndLeavesEveryViewWithinTheBound() {
		List<SampleNode> cluster = startFullCluster();
		Map<String, String> files = uploadFiles("file", cluster);
		awaitReadable(files, cluster);
		SampleNode victim = nodes[2];
		List<SampleNode> survivors = List.of(nodes[0], nodes[1]);
		long killed = System.nanoTime();
		victim.kill();
		Duration detection = timeUntil(killed, DETECTION_LIMIT, () -> listOnlyEachOther(survivors));
		print("SIGKILL of %s: both survivors listed 2 uploader services after %d ms", victim.label(), detection);
		assertThat(detection).isLessThanOrEqualTo(Duration.ofMillis(2500));
		assertThat(unreadable(files, survivors)).isEmpty();
	}

	@Test
	@Order(2)
	void restartedNodeRegistersAgainAndEveryRingAgrees() {
		if (Arrays.stream(nodes).noneMatch((node) -> node != null && !node.isAlive())) {
			startFullCluster();
			nodes[2].kill();
		}
		List<SampleNode> survivors = Arrays.stream(nodes).filter((node) -> node != null && node.isAlive()).toList();
		await().atMost(DETECTION_LIMIT).pollInterval(DETECTION_POLL).until(() -> listOnlyEachOther(survivors));
		long restarted = System.nanoTime();
		startMissingNodes();
		List<View> views = awaitUploadersOfEachOther(List.of(nodes), STARTUP, CONVERGENCE_POLL);
		Duration agreement = Duration.ofNanos(System.nanoTime() - restarted);
		print("Restart: the three rings agreed %d ms after the new process started", agreement);
		assertThat(views).flatExtracting(View::uploaders).extracting(Service::state).containsOnly("ONLINE");
		assertThat(views).extracting(View::ringChecksum).doesNotContainNull().containsOnly(views.get(0).ringChecksum());
	}

	@Test
	@Order(3)
	void gracefullyStoppedNodeLeavesEveryViewPromptly() {
		List<SampleNode> cluster = startFullCluster();
		Map<String, String> files = uploadFiles("graceful", cluster);
		awaitReadable(files, cluster);
		SampleNode leaving = nodes[1];
		List<SampleNode> survivors = List.of(nodes[0], nodes[2]);
		long terminated = System.nanoTime();
		CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(leaving::stop);
		Duration departure = timeUntil(terminated, DETECTION_LIMIT, () -> listOnlyEachOther(survivors));
		print("SIGTERM of %s: both survivors listed 2 uploader services after %d ms", leaving.label(), departure);
		assertThat(departure).isLessThanOrEqualTo(Duration.ofSeconds(2));
		assertThat(exit.join()).as("exit code of %s", leaving).isEqualTo(143);
		assertThat(unreadable(files, survivors)).isEmpty();
	}

	@Test
	@Order(4)
	void frozenNodeIsDroppedBySilenceAndReturnsWhenThawed() {
		String cluster = "it-" + UUID.randomUUID();
		int[] ports = { SampleNode.freePort(), SampleNode.freePort() };
		List<String> settings = List.of("--dispatch.registry.broadcast-period=25ms",
				"--dispatch.registry.max-silent-periods=3");
		try (SampleNode a = start("frozen-a", cluster, ports, 0, settings);
				SampleNode b = start("frozen-b", cluster, ports, 1, settings)) {
			List<View> views = awaitUploadersOfEachOther(List.of(a, b), STARTUP, CONVERGENCE_POLL);
			String frozenNode = views.get(1).node();
			List<Service> frozenServices = views.get(1).localUploaders();
			long frozen = System.nanoTime();
			b.freeze();
			Callable<Boolean> dropsFrozenNode = () -> a.view()
				.filter((view) -> !view.uploaderNodes().contains(frozenNode))
				.isPresent();
			Duration dropped = timeUntil(frozen, DETECTION_LIMIT, dropsFrozenNode);
			print("SIGSTOP of %s: its uploader service left the other node's view after %d ms", b.label(), dropped);
			assertThat(dropped).isLessThanOrEqualTo(Duration.ofSeconds(2));
			await().during(Duration.ofSeconds(1))
				.atMost(Duration.ofSeconds(3))
				.pollInterval(DETECTION_POLL)
				.until(dropsFrozenNode);
			assertThat(a.view().orElseThrow().members()).as("members seen by %s", a).contains(frozenNode);
			long thawed = System.nanoTime();
			b.thaw();
			Duration returned = timeUntil(thawed, Duration.ofSeconds(5),
					() -> a.view().filter((view) -> view.uploaders().containsAll(frozenServices)).isPresent());
			print("SIGCONT of %s: its uploader service was back in the other node's view after %d ms", b.label(),
					returned);
		}
	}

	private static List<SampleNode> startFullCluster() {
		startMissingNodes();
		awaitUploadersOfEachOther(List.of(nodes), STARTUP, CONVERGENCE_POLL);
		return List.of(nodes);
	}

	private static void startMissingNodes() {
		List<Integer> missing = IntStream.range(0, nodes.length)
			.filter((index) -> nodes[index] == null || !nodes[index].isAlive())
			.boxed()
			.toList();
		for (int index : missing) {
			if (nodes[index] != null) {
				nodes[index].close();
			}
			clusterPorts[index] = SampleNode.freePort();
		}
		for (int index : missing) {
			String label = "cluster-" + (char) ('a' + index) + "-" + (++starts);
			nodes[index] = start(label, CLUSTER, clusterPorts, index, List.of());
		}
	}

	private static SampleNode start(String label, String cluster, int[] ports, int index, List<String> settings) {
		String members = Arrays.stream(ports).mapToObj((port) -> "127.0.0.1:" + port).collect(Collectors.joining(","));
		List<String> arguments = new ArrayList<>(List.of("--dispatch.pubsub.name=" + cluster,
				"--dispatch.pubsub.port=" + ports[index], "--dispatch.pubsub.port-auto-increment=false",
				"--dispatch.pubsub.members=" + members, "--dispatch.registry.log-level=INFO"));
		arguments.addAll(settings);
		SampleNode node = SampleNode.start(label, SampleNode.freePort(), arguments);
		started.add(node);
		return node;
	}

	private static List<View> awaitUploadersOfEachOther(List<SampleNode> group, Duration atMost, Duration poll) {
		AtomicReference<List<View>> agreed = new AtomicReference<>();
		await().atMost(atMost).pollInterval(poll).until(() -> {
			Optional<List<View>> views = SampleNode.views(group).filter(View::listOnlyEachOther);
			views.ifPresent(agreed::set);
			return views.isPresent();
		});
		return agreed.get();
	}

	private static boolean listOnlyEachOther(List<SampleNode> group) {
		return SampleNode.views(group).filter(View::listOnlyEachOther).isPresent();
	}

	private static Duration timeUntil(long startNanos, Duration atMost, Callable<Boolean> condition) {
		await().atMost(atMost).pollDelay(Duration.ZERO).pollInterval(DETECTION_POLL).until(condition);
		return Duration.ofNanos(System.nanoTime() - startNanos);
	}

	private static Map<String, String> uploadFiles(String prefix, List<SampleNode> group) {
		return SampleFiles.upload(prefix, group, FILES);
	}

	private static void awaitReadable(Map<String, String> files, List<SampleNode> group) {
		SampleFiles.awaitReadable(files, group, REPLICATION);
	}

	private static List<String> unreadable(Map<String, String> files, List<SampleNode> group) {
		return SampleFiles.unreadable(files, group);
	}

	private static void print(String format, String label, Duration duration) {
		System.out.println("[uploader-cluster] " + String.format(format, label, duration.toMillis()));
	}

	private static void print(String format, Duration duration) {
		System.out.println("[uploader-cluster] " + String.format(format, duration.toMillis()));
	}

}
