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

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.awaitility.core.ConditionTimeoutException;

import dev.dispatch.sample.SampleNode.View;

import static org.awaitility.Awaitility.await;

/**
 * Three nodes of the uploader as separate processes on loopback under steady load, put
 * through a crash ({@code SIGKILL}), a restart and a graceful stop ({@code SIGTERM}),
 * with everything a client saw counted: requests, failures by cause, latency, how long
 * the cluster took to notice and to agree again, and acknowledged files that no node can
 * return afterwards.
 * <p>
 * The load goes through every node that is in rotation, as behind a load balancer: a node
 * is taken out of rotation when it is killed (so requests in flight to it fail, and are
 * counted as such) and before it is stopped (so that the graceful stop is measured by
 * what the other nodes answer while it leaves).
 *
 * @author Dispatch team
 */
final class ChaosHarness implements AutoCloseable {

	private static final Duration STARTUP = Duration.ofSeconds(90);

	private static final Duration POLL = Duration.ofMillis(20);

	private final Duration phase;

	private final int workers;

	private final String cluster = "chaos-" + UUID.randomUUID();

	private final int[] clusterPorts = { SampleNode.freePort(), SampleNode.freePort(), SampleNode.freePort() };

	private final int[] httpPorts = { SampleNode.freePort(), SampleNode.freePort(), SampleNode.freePort() };

	private final SampleNode[] nodes = new SampleNode[3];

	private final List<SampleNode> started = new ArrayList<>();

	private final List<SampleNode> rotation = new CopyOnWriteArrayList<>();

	private final Map<String, String> acknowledged = new ConcurrentHashMap<>();

	private final ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();

	private final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();

	private final AtomicLong sent = new AtomicLong();

	private final AtomicLong succeeded = new AtomicLong();

	private final AtomicReference<String> window = new AtomicReference<>("steady");

	private final AtomicLong uploads = new AtomicLong();

	private volatile boolean loading;

	private volatile SampleNode killed;

	/**
	 * Create a harness.
	 * @param phase how long the load runs between two events
	 * @param workers how many client threads send requests
	 */
	ChaosHarness(Duration phase, int workers) {
		this.phase = phase;
		this.workers = workers;
	}

	/**
	 * Run the scenario and return what was measured.
	 * @return the results
	 */
	Results run() {
		for (int i = 0; i < this.nodes.length; i++) {
			start(i);
		}
		awaitAgreement(List.of(this.nodes), STARTUP);
		this.rotation.addAll(List.of(this.nodes));
		List<Thread> threads = startLoad();
		try {
			steady();

			SampleNode victim = this.nodes[2];
			this.window.set("kill");
			this.rotation.remove(victim);
			this.killed = victim;
			long killed = System.nanoTime();
			victim.kill();
			awaitAgreement(List.of(this.nodes[0], this.nodes[1]), Duration.ofSeconds(30));
			Duration detection = since(killed);
			steady();

			this.window.set("restart");
			long restarted = System.nanoTime();
			start(2);
			awaitAgreement(List.of(this.nodes), STARTUP);
			Duration agreement = since(restarted);
			this.rotation.add(this.nodes[2]);
			steady();

			SampleNode leaving = this.nodes[1];
			this.rotation.remove(leaving);
			this.window.set("graceful");
			long stopping = System.nanoTime();
			int exitCode = leaving.stop();
			awaitAgreement(List.of(this.nodes[0], this.nodes[2]), Duration.ofSeconds(30));
			Duration departure = since(stopping);
			steady();

			stopLoad(threads);
			List<SampleNode> survivors = List.of(this.nodes[0], this.nodes[2]);
			List<String> lost = awaitLostFiles(survivors);
			return new Results(this.sent.get(), this.succeeded.get(), failuresByCause(), percentiles(), detection,
					agreement, departure, exitCode, this.acknowledged.size(), lost);
		}
		finally {
			stopLoad(threads);
		}
	}

	@Override
	public void close() {
		this.loading = false;
		this.started.forEach(SampleNode::close);
	}

	private void start(int index) {
		String members = Arrays.stream(this.clusterPorts)
			.mapToObj((port) -> "127.0.0.1:" + port)
			.collect(Collectors.joining(","));
		SampleNode node = SampleNode.start("chaos-" + (char) ('a' + index) + "-" + (this.started.size() + 1),
				this.httpPorts[index],
				List.of("--dispatch.pubsub.name=" + this.cluster, "--dispatch.pubsub.port=" + this.clusterPorts[index],
						"--dispatch.pubsub.port-auto-increment=false", "--dispatch.pubsub.members=" + members));
		this.started.add(node);
		this.nodes[index] = node;
	}

	private void steady() {
		this.window.set("steady");
		long end = System.nanoTime() + this.phase.toNanos();
		while (System.nanoTime() < end) {
			LockSupport.parkNanos(Math.min(end - System.nanoTime(), Duration.ofMillis(100).toNanos()));
		}
	}

	private List<Thread> startLoad() {
		this.loading = true;
		List<Thread> threads = new ArrayList<>();
		for (int i = 0; i < this.workers; i++) {
			Thread thread = new Thread(this::load, "chaos-client-" + i);
			thread.setDaemon(true);
			thread.start();
			threads.add(thread);
		}
		return threads;
	}

	private void stopLoad(List<Thread> threads) {
		this.loading = false;
		for (Thread thread : threads) {
			try {
				thread.join(Duration.ofSeconds(30).toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	private void load() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		while (this.loading) {
			List<SampleNode> targets = List.copyOf(this.rotation);
			SampleNode node = targets.get(random.nextInt(targets.size()));
			List<String> names = List.copyOf(this.acknowledged.keySet());
			if (names.isEmpty() || random.nextBoolean()) {
				upload(node, "chaos-" + this.uploads.incrementAndGet() + ".txt");
			}
			else {
				download(node, names.get(random.nextInt(names.size())));
			}
		}
	}

	private void upload(SampleNode node, String name) {
		String contents = "Contents of " + name + " (" + UUID.randomUUID() + ")\n";
		String window = this.window.get();
		long start = System.nanoTime();
		Optional<HttpResponse<String>> response = send(() -> node.put("/files/" + name, contents));
		String failure = "no answer";
		if (response.isPresent()) {
			failure = (response.get().statusCode() == 201) ? null : "upload answered " + response.get().statusCode();
		}
		record(start, answered(node, window, response), failure);
		if (failure == null) {
			this.acknowledged.put(name, contents);
		}
	}

	private void download(SampleNode node, String name) {
		String window = this.window.get();
		long start = System.nanoTime();
		Optional<HttpResponse<String>> response = send(() -> node.get("/files/" + name));
		String failure = "no answer";
		if (response.isPresent()) {
			HttpResponse<String> answer = response.get();
			failure = (answer.statusCode() != 200) ? "download answered " + answer.statusCode()
					: answer.body().equals(this.acknowledged.get(name)) ? null : "download returned other contents";
		}
		record(start, answered(node, window, response), failure);
	}

	private Optional<HttpResponse<String>> send(Supplier<Optional<HttpResponse<String>>> request) {
		this.sent.incrementAndGet();
		try {
			return request.get();
		}
		catch (IllegalStateException ex) {
			return Optional.empty();
		}
	}

	/**
	 * Return the window a request belongs to: one that a killed node left unanswered
	 * belongs to the kill, whenever it was sent.
	 */
	private String answered(SampleNode node, String window, Optional<HttpResponse<String>> response) {
		return (response.isEmpty() && node == this.killed) ? "kill" : window;
	}

	private void record(long startNanos, String window, String failure) {
		this.latencies.add(System.nanoTime() - startNanos);
		if (failure == null) {
			this.succeeded.incrementAndGet();
		}
		else {
			this.failures.computeIfAbsent(window + ": " + failure, (cause) -> new AtomicLong()).incrementAndGet();
		}
	}

	private void awaitAgreement(List<SampleNode> group, Duration atMost) {
		await().atMost(atMost)
			.pollDelay(Duration.ZERO)
			.pollInterval(POLL)
			.until(() -> SampleNode.views(group).filter(View::agree).isPresent());
	}

	/**
	 * Wait for the survivors to return every acknowledged file, for at most 30 seconds,
	 * and return the files that some survivor still cannot return.
	 */
	private List<String> awaitLostFiles(List<SampleNode> survivors) {
		AtomicReference<List<String>> lost = new AtomicReference<>(List.of());
		try {
			await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() -> {
				lost.set(SampleFiles.unreadable(this.acknowledged, survivors));
				return lost.get().isEmpty();
			});
		}
		catch (ConditionTimeoutException ex) {
			// reported as lost files
		}
		return lost.get();
	}

	private Map<String, Long> failuresByCause() {
		Map<String, Long> byCause = new TreeMap<>();
		this.failures.forEach((cause, count) -> byCause.put(cause, count.get()));
		return byCause;
	}

	private Latency percentiles() {
		long[] sorted = this.latencies.stream().mapToLong(Long::longValue).sorted().toArray();
		if (sorted.length == 0) {
			return new Latency(Duration.ZERO, Duration.ZERO, Duration.ZERO);
		}
		return new Latency(Duration.ofNanos(sorted[(int) (sorted.length * 0.50)]),
				Duration.ofNanos(sorted[Math.min(sorted.length - 1, (int) (sorted.length * 0.99))]),
				Duration.ofNanos(sorted[sorted.length - 1]));
	}

	private static Duration since(long startNanos) {
		return Duration.ofNanos(System.nanoTime() - startNanos);
	}

	/**
	 * Request latency as the clients saw it.
	 *
	 * @param p50 the median
	 * @param p99 the 99th percentile
	 * @param max the largest
	 */
	record Latency(Duration p50, Duration p99, Duration max) {

	}

	/**
	 * What one run measured.
	 *
	 * @param sent requests sent
	 * @param succeeded requests answered as expected
	 * @param failures failed requests by window ({@code steady}, {@code kill},
	 * {@code restart}, {@code graceful}) and cause
	 * @param latency request latency
	 * @param detection from {@code SIGKILL} to the killed node's service leaving every
	 * other node's view
	 * @param agreement from the restarted process's launch to every node's ring checksum
	 * agreeing
	 * @param departure from {@code SIGTERM} to the stopped node's service leaving every
	 * other node's view
	 * @param exitCode the exit code of the gracefully stopped node
	 * @param files uploads acknowledged
	 * @param lost acknowledged files that a surviving node could not return at the end
	 */
	record Results(long sent, long succeeded, Map<String, Long> failures, Latency latency, Duration detection,
			Duration agreement, Duration departure, int exitCode, int files, List<String> lost) {

		long failuresIn(String window) {
			return this.failures.entrySet()
				.stream()
				.filter((entry) -> entry.getKey().startsWith(window + ":"))
				.mapToLong(Map.Entry::getValue)
				.sum();
		}

		String table() {
			StringBuilder table = new StringBuilder();
			row(table, "requests sent", Long.toString(this.sent));
			row(table, "requests succeeded", Long.toString(this.succeeded));
			row(table, "requests failed", Long.toString(this.sent - this.succeeded));
			this.failures.forEach((cause, count) -> row(table, "  " + cause, Long.toString(count)));
			row(table, "latency p50 / p99 / max", millis(this.latency.p50()) + " / " + millis(this.latency.p99())
					+ " / " + millis(this.latency.max()));
			row(table, "SIGKILL -> out of every view", millis(this.detection));
			row(table, "restart -> checksums agree", millis(this.agreement));
			row(table, "SIGTERM -> out of every view", millis(this.departure) + " (exit code " + this.exitCode + ")");
			row(table, "uploads acknowledged", Integer.toString(this.files));
			row(table, "files lost", Integer.toString(this.lost.size()));
			return table.toString();
		}

		private static void row(StringBuilder table, String name, String value) {
			table.append(String.format("| %-40s | %20s |%n", name, value));
		}

		private static String millis(Duration duration) {
			return (duration.toNanos() < 10_000_000) ? String.format("%.1f ms", duration.toNanos() / 1e6)
					: duration.toMillis() + " ms";
		}

	}

}
