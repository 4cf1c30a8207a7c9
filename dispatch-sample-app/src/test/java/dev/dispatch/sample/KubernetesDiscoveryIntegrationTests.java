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
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.dispatch.sample.SampleNode.View;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Three nodes of the uploader as separate processes, each in a network namespace of its
 * own that stands for a pod ({@link NetworkNamespaces}), finding each other as on
 * Kubernetes in DNS mode: {@code dispatch.pubsub.kubernetes.service-dns} names a service
 * that resolves, inside the namespaces, to the three addresses, and no node is told an
 * address to bind or a member to join. They form one cluster of the pods' addresses,
 * listen on no loopback-only socket, serve uploads across nodes, and survive the
 * {@code SIGKILL} of one and its restart. It prints what it measured, with the nodes'
 * memory footprint, and writes it to {@code target/it-logs/kubernetes.txt}.
 * <p>
 * Making namespaces needs root and {@code ip} (iproute2); the test is skipped, saying
 * why, where they cannot be made.
 *
 * @author Dispatch team
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubernetesDiscoveryIntegrationTests {

	private static final int NODES = 3;

	private static final int HTTP_PORT = 8080;

	private static final int MEMBER_PORT = 5701;

	private static final int FILES = 150;

	private static final Duration STARTUP = Duration.ofSeconds(120);

	private static final Duration POLL = Duration.ofMillis(100);

	private static final Duration DETECTION_LIMIT = Duration.ofSeconds(15);

	private static final Duration REPLICATION = Duration.ofSeconds(60);

	private static final String CLUSTER = "k8s-" + UUID.randomUUID();

	private static final List<String> report = new CopyOnWriteArrayList<>();

	private static final List<SampleNode> started = new CopyOnWriteArrayList<>();

	private static final SampleNode[] nodes = new SampleNode[NODES];

	private static NetworkNamespaces namespaces;

	private static Map<String, String> files;

	@BeforeAll
	static void makePods() {
		Optional<String> unsupported = NetworkNamespaces.unsupportedReason();
		assumeTrue(unsupported.isEmpty(), () -> "Skipped: the pods of this test are network namespaces, which need "
				+ "root and ip (iproute2), and here " + unsupported.orElse(""));
		namespaces = NetworkNamespaces.create(NODES);
		print(namespaces.describe());
	}

	@AfterAll
	static void removePods() throws IOException {
		started.forEach(SampleNode::close);
		if (namespaces != null) {
			namespaces.close();
		}
		if (!report.isEmpty()) {
			Files.createDirectories(Path.of("target", "it-logs"));
			Files.write(Path.of("target", "it-logs", "kubernetes.txt"), report);
		}
	}

	/**
	 * The application arguments of every node; a setting that every node needs is one
	 * more line here.
	 */
	// the pods bind addresses that other hosts could reach, so they need a cluster secret
	private static final String SECRET = "kubernetes-test-" + UUID.randomUUID();

	private static List<String> nodeArguments() {
		return List.of("--dispatch.pubsub.name=" + CLUSTER, "--dispatch.pubsub.kubernetes.enabled=true",
				"--dispatch.pubsub.kubernetes.service-dns=" + namespaces.serviceName(),
				"--dispatch.pubsub.kubernetes.service-dns-timeout=2s", "--dispatch.registry.log-level=INFO",
				"--dispatch.security.secret=" + SECRET);
	}

	@Test
	@Order(1)
	void podsFindEachOtherByTheServiceNameAndFormOneClusterOfTheirAddresses() throws IOException {
		long launched = System.nanoTime();
		for (int i = 0; i < NODES; i++) {
			start(i, 1);
		}
		List<View> views = awaitOneCluster(List.of(nodes));
		print("cluster formed: %d members on every node, %d uploader services, %d ms after the 3 JVMs were launched",
				views.get(0).members().size(), views.get(0).uploaders().size(), millisSince(launched));
		assertThat(views).allSatisfy((view) -> assertThat(view.members()).hasSize(NODES));
		for (int i = 0; i < NODES; i++) {
			String log = Files.readString(nodes[i].log());
			assertThat(log).as("log of %s", nodes[i]).contains("DNS_LOOKUP");
			for (int member = 0; member < NODES; member++) {
				assertThat(log).as("log of %s", nodes[i])
					.contains("Member [" + namespaces.address(member) + "]:" + MEMBER_PORT);
			}
			Optional<HttpResponse<String>> readiness = nodes[i].get("/actuator/health/readiness");
			assertThat(readiness).as("readiness of %s", nodes[i]).isPresent();
			assertThat(readiness.get().statusCode()).isEqualTo(200);
		}
		print("Hazelcast members: %s, found by DNS_LOOKUP of %s; /actuator/health/readiness 200 on every node",
				IntStream.range(0, NODES)
					.mapToObj((i) -> namespaces.address(i) + ":" + MEMBER_PORT)
					.collect(Collectors.joining(", ")),
				namespaces.serviceName());
	}

	@Test
	@Order(2)
	void noNodeListensOnLoopbackOnly() {
		for (int i = 0; i < NODES; i++) {
			List<String> sockets = namespaces.listeningSockets(i, nodes[i].pid());
			assertThat(sockets).as("listening sockets of %s", nodes[i])
				.contains(namespaces.address(i) + ":" + MEMBER_PORT)
				.anyMatch((socket) -> socket.endsWith(":" + HTTP_PORT))
				.noneMatch((socket) -> socket.startsWith("127.") || socket.startsWith("[::1]"));
			print("listening sockets of %s: %s (none on loopback)", nodes[i].label(), String.join(", ", sockets));
		}
	}

	@Test
	@Order(3)
	void nodesServeUploadsAcrossNodes() {
		List<SampleNode> cluster = List.of(nodes);
		long uploading = System.nanoTime();
		files = SampleFiles.upload("pod", cluster, FILES);
		long uploaded = millisSince(uploading);
		long reading = System.nanoTime();
		SampleFiles.awaitReadable(files, cluster, REPLICATION);
		long read = millisSince(reading);
		print("%d uploads (PUT, 2 replicas each) through the 3 nodes in turn: all 201 in %d ms (%.1f ms each)", FILES,
				uploaded, (double) uploaded / FILES);
		print("%d downloads (GET of every file from every node): all 200 with the uploaded text in %d ms",
				FILES * NODES, read);
	}

	@Test
	@Order(4)
	void theClusterSurvivesTheKillOfAPodAndItsRestart() {
		SampleNode victim = nodes[2];
		List<SampleNode> survivors = List.of(nodes[0], nodes[1]);
		long killed = System.nanoTime();
		victim.kill();
		await().atMost(DETECTION_LIMIT)
			.pollDelay(Duration.ZERO)
			.pollInterval(Duration.ofMillis(20))
			.until(() -> SampleNode.views(survivors)
				.filter(View::listOnlyEachOther)
				.filter((views) -> views.stream().allMatch((view) -> view.members().size() == 2))
				.isPresent());
		print("SIGKILL of %s: both survivors listed 2 members and 2 uploader services after %d ms", victim.label(),
				millisSince(killed));
		assertThat(SampleFiles.unreadable(files, survivors)).isEmpty();
		print("all %d files readable from both survivors", FILES);
		long restarted = System.nanoTime();
		start(2, 2);
		awaitOneCluster(List.of(nodes));
		print("restart of pod 3 (same address): 3 members and one uploader ring on every node after %d ms",
				millisSince(restarted));
		long repairing = System.nanoTime();
		SampleFiles.awaitReadable(files, List.of(nodes), REPLICATION);
		print("all %d files readable from all 3 nodes %d ms later", FILES, millisSince(repairing));
		for (SampleNode node : nodes) {
			print("footprint of %s: %s", node.label(), footprint(node));
		}
	}

	private static void start(int index, int run) {
		SampleNode node = SampleNode.start("k8s-pod-" + (index + 1) + "-" + run, namespaces.exec(index),
				namespaces.address(index), HTTP_PORT, List.of(), nodeArguments());
		started.add(node);
		nodes[index] = node;
	}

	private static List<View> awaitOneCluster(List<SampleNode> group) {
		AtomicReference<List<View>> agreed = new AtomicReference<>();
		await().atMost(STARTUP).pollInterval(POLL).until(() -> {
			Optional<List<View>> views = SampleNode.views(group)
				.filter(View::agree)
				.filter((all) -> all.stream().allMatch((view) -> view.members().size() == group.size()));
			views.ifPresent(agreed::set);
			return views.isPresent();
		});
		return agreed.get();
	}

	/**
	 * Return the resident memory of a node's process and its heap as the JVM reports it.
	 */
	private static String footprint(SampleNode node) {
		return "RSS " + (residentKilobytes(node.pid()) / 1024) + " MiB, heap used " + heapMegabytes(node, "used")
				+ " MiB of " + heapMegabytes(node, "committed") + " MiB committed (-Xmx256m -XX:TieredStopAtLevel=1)";
	}

	private static long residentKilobytes(long pid) {
		try {
			return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))
				.stream()
				.filter((line) -> line.startsWith("VmRSS:"))
				.mapToLong((line) -> Long.parseLong(line.replaceAll("\\D", "")))
				.findFirst()
				.orElseThrow();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static long heapMegabytes(SampleNode node, String kind) {
		String body = node.get("/actuator/metrics/jvm.memory." + kind + "?tag=area:heap")
			.filter((response) -> response.statusCode() == 200)
			.orElseThrow(() -> new IllegalStateException("No heap metric from " + node))
			.body();
		JsonNode measurement = JsonMapper.shared().readTree(body).path("measurements").get(0);
		return (long) (measurement.path("value").asDouble() / (1024 * 1024));
	}

	private static long millisSince(long startNanos) {
		return Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
	}

	private static void print(String format, Object... arguments) {
		String line = String.format(format, arguments);
		report.add(line);
		System.out.println("[kubernetes] " + line);
	}

}
