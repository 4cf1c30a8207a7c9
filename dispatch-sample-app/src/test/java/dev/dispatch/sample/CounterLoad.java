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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;

import org.awaitility.core.ConditionTimeoutException;

import static org.awaitility.Awaitility.await;

/**
 * Client threads that increment counters through the nodes in rotation, as behind a load
 * balancer, and count per counter the increments a node acknowledged ({@code 200}) and
 * the requests that failed, which may or may not have counted. A node is taken out of
 * rotation before it stops, or when it is killed. A request counts in the phase it was
 * sent in, except that one a node out of rotation left unanswered counts in the phase of
 * its failure (the kill's). The load stops by itself after a bounded number of requests
 * or a bounded time.
 *
 * @author Dispatch team
 */
final class CounterLoad implements AutoCloseable {

	private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);

	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

	private static final Duration POLL = Duration.ofMillis(50);

	private final int counters;

	private final long maxRequests;

	private final long deadlineNanos;

	private final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(CONNECT_TIMEOUT)
		.build();

	private final List<SampleNode> rotation = new CopyOnWriteArrayList<>();

	private final List<Thread> threads = new ArrayList<>();

	private final AtomicLong next = new AtomicLong();

	private final AtomicLong requests = new AtomicLong();

	private final AtomicLongArray acknowledged;

	private final AtomicLongArray failed;

	private final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();

	private final Map<String, AtomicLong> requestsByPhase = new ConcurrentHashMap<>();

	private final Map<String, AtomicLong> acknowledgedByPhaseAndNode = new ConcurrentHashMap<>();

	private final AtomicReference<String> phase = new AtomicReference<>("start");

	private volatile boolean loading;

	private volatile long startNanos;

	private volatile long stopNanos;

	/**
	 * Create the load.
	 * @param counters how many counters, named {@code c0} and on
	 * @param maxRequests the most requests to send in all
	 * @param maxDuration the longest time to send them for
	 */
	CounterLoad(int counters, long maxRequests, Duration maxDuration) {
		this.counters = counters;
		this.maxRequests = maxRequests;
		this.deadlineNanos = System.nanoTime() + maxDuration.toNanos();
		this.acknowledged = new AtomicLongArray(counters);
		this.failed = new AtomicLongArray(counters);
	}

	static String name(int counter) {
		return "c" + counter;
	}

	void addToRotation(SampleNode node) {
		this.rotation.add(node);
	}

	void removeFromRotation(SampleNode node) {
		this.rotation.remove(node);
	}

	/**
	 * Name the phase that failures are counted under from now on.
	 * @param phase the phase
	 */
	void phase(String phase) {
		this.phase.set(phase);
	}

	/**
	 * Start the client threads.
	 * @param workers how many
	 */
	void start(int workers) {
		this.loading = true;
		this.startNanos = System.nanoTime();
		for (int i = 0; i < workers; i++) {
			Thread thread = new Thread(this::load, "counters-client-" + i);
			thread.setDaemon(true);
			thread.start();
			this.threads.add(thread);
		}
	}

	/**
	 * Stop the client threads and wait for their requests in flight.
	 */
	void stop() {
		this.loading = false;
		for (Thread thread : this.threads) {
			try {
				thread.join(REQUEST_TIMEOUT.plus(CONNECT_TIMEOUT).toMillis() * 2);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
		if (this.stopNanos == 0) {
			this.stopNanos = System.nanoTime();
		}
	}

	/**
	 * Return how long the load ran, once stopped.
	 * @return the time from start to stop
	 */
	Duration duration() {
		return Duration.ofNanos(this.stopNanos - this.startNanos);
	}

	@Override
	public void close() {
		stop();
	}

	/**
	 * Return whether the load stopped by itself, at its bound of requests or time.
	 * @return whether it reached a bound
	 */
	boolean exhausted() {
		return this.requests.get() >= this.maxRequests || System.nanoTime() >= this.deadlineNanos;
	}

	long requests() {
		return this.requests.get();
	}

	long acknowledged(int counter) {
		return this.acknowledged.get(counter);
	}

	long failed(int counter) {
		return this.failed.get(counter);
	}

	long acknowledged() {
		long sum = 0;
		for (int i = 0; i < this.counters; i++) {
			sum += this.acknowledged.get(i);
		}
		return sum;
	}

	/**
	 * Return the requests of a phase, answered or not.
	 * @param phase the phase
	 * @return the count
	 */
	long requestsIn(String phase) {
		AtomicLong count = this.requestsByPhase.get(phase);
		return (count != null) ? count.get() : 0;
	}

	/**
	 * Return the increments of a phase that a node acknowledged.
	 * @param phase the phase
	 * @param node the node
	 * @return the count
	 */
	long acknowledgedIn(String phase, SampleNode node) {
		AtomicLong count = this.acknowledgedByPhaseAndNode.get(phase + ": " + node.label());
		return (count != null) ? count.get() : 0;
	}

	/**
	 * Return the failed requests of a phase.
	 * @param phase the phase
	 * @return the count
	 */
	long failedIn(String phase) {
		return this.failures.entrySet()
			.stream()
			.filter((entry) -> entry.getKey().startsWith(phase + ": "))
			.mapToLong((entry) -> entry.getValue().get())
			.sum();
	}

	/**
	 * Wait until more requests were sent, or the load stopped by itself.
	 * @param count how many more
	 * @param atMost how long to wait
	 */
	void awaitMoreRequests(long count, Duration atMost) {
		long target = requests() + count;
		await().atMost(atMost).pollInterval(POLL).until(() -> requests() >= target || exhausted());
	}

	/**
	 * Read every counter through a group of nodes in turn, retrying those that a node did
	 * not answer with {@code 200}.
	 * @param group the nodes
	 * @param atMost how long to retry
	 * @return the values read, by counter; counters still unread are missing
	 */
	Map<Integer, Long> read(List<SampleNode> group, Duration atMost) {
		Map<Integer, Long> values = new ConcurrentHashMap<>();
		try {
			await().atMost(atMost).pollInterval(Duration.ofMillis(200)).until(() -> {
				for (int counter = 0; counter < this.counters; counter++) {
					if (!values.containsKey(counter)) {
						SampleNode node = group.get(counter % group.size());
						Optional<HttpResponse<String>> response = node.get("/counters/" + name(counter));
						if (response.isPresent() && response.get().statusCode() == 200) {
							values.put(counter, Long.parseLong(response.get().body().trim()));
						}
					}
				}
				return values.size() == this.counters;
			});
		}
		catch (ConditionTimeoutException ex) {
			// reported as counters unread
		}
		return values;
	}

	/**
	 * Return the counters read whose value is not accounted for: below the increments
	 * acknowledged (an acknowledged increment lost), or above those plus the requests
	 * that failed (a failed request may have counted).
	 * @param values the values read, by counter
	 * @return each wrong counter, described
	 */
	List<String> wrong(Map<Integer, Long> values) {
		List<String> wrong = new ArrayList<>();
		values.forEach((counter, value) -> {
			long acknowledged = acknowledged(counter);
			if (value < acknowledged || value > acknowledged + failed(counter)) {
				wrong.add(name(counter) + "=" + value + " (acknowledged " + acknowledged + ", failed " + failed(counter)
						+ ")");
			}
		});
		return wrong;
	}

	/**
	 * Return the acknowledged increments that the values read lack.
	 * @param values the values read, by counter
	 * @return the sum over the counters below their acknowledged increments
	 */
	long lost(Map<Integer, Long> values) {
		return values.entrySet()
			.stream()
			.mapToLong((entry) -> Math.max(0, acknowledged(entry.getKey()) - entry.getValue()))
			.sum();
	}

	/**
	 * Return the failed requests by phase and cause: a status code or an exception class.
	 * @return the counts, sorted by phase and cause
	 */
	Map<String, Long> failuresByCause() {
		Map<String, Long> byCause = new TreeMap<>();
		this.failures.forEach((cause, count) -> byCause.put(cause, count.get()));
		return byCause;
	}

	private void load() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		while (this.loading && !exhausted()) {
			List<SampleNode> targets = List.copyOf(this.rotation);
			if (targets.isEmpty()) {
				Thread.yield();
				continue;
			}
			SampleNode node = targets.get((int) Math.floorMod(this.next.getAndIncrement(), (long) targets.size()));
			int counter = random.nextInt(this.counters);
			String sentIn = this.phase.get();
			HttpRequest request = HttpRequest
				.newBuilder(URI.create("http://127.0.0.1:" + node.port() + "/counters/" + name(counter)))
				.timeout(REQUEST_TIMEOUT)
				.POST(BodyPublishers.noBody())
				.build();
			try {
				HttpResponse<String> response = this.client.send(request, BodyHandlers.ofString());
				if (response.statusCode() == 200) {
					this.acknowledged.incrementAndGet(counter);
					this.acknowledgedByPhaseAndNode
						.computeIfAbsent(sentIn + ": " + node.label(), (key) -> new AtomicLong())
						.incrementAndGet();
					count(sentIn);
				}
				else {
					fail(counter, sentIn, "status " + response.statusCode());
				}
			}
			catch (IOException ex) {
				fail(counter, this.rotation.contains(node) ? sentIn : this.phase.get(), ex.getClass().getSimpleName());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			this.requests.incrementAndGet();
		}
	}

	private void fail(int counter, String phase, String cause) {
		this.failed.incrementAndGet(counter);
		this.failures.computeIfAbsent(phase + ": " + cause, (key) -> new AtomicLong()).incrementAndGet();
		count(phase);
	}

	private void count(String phase) {
		this.requestsByPhase.computeIfAbsent(phase, (key) -> new AtomicLong()).incrementAndGet();
	}

}
