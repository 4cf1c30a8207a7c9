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
import java.util.function.Supplier;

import static org.awaitility.Awaitility.await;

/**
 * Client threads that upload files, download them and increment counters through every
 * node in rotation, as behind a load balancer, where every file's contents and every
 * counter's name carry a marker string: a member that reads what nodes send each other
 * finds the marker unless the messages are encrypted. It counts the requests, the files
 * and increments acknowledged, and the requests that failed, by phase and cause.
 *
 * @author Dispatch team
 */
final class MarkedLoad implements AutoCloseable {

	private final String marker;

	private final int counters;

	private final List<SampleNode> rotation = new CopyOnWriteArrayList<>();

	private final List<Thread> threads = new ArrayList<>();

	private final AtomicLong next = new AtomicLong();

	private final AtomicLong requests = new AtomicLong();

	private final AtomicLong uploads = new AtomicLong();

	private final AtomicLong fileNumbers = new AtomicLong();

	private final Map<String, String> files = new ConcurrentHashMap<>();

	private final AtomicLongArray increments;

	private final Map<String, AtomicLong> failures = new ConcurrentHashMap<>();

	private final AtomicReference<String> phase = new AtomicReference<>("start");

	private volatile boolean loading;

	/**
	 * Create the load.
	 * @param marker the string that every file and counter name carries
	 * @param counters how many counters
	 */
	MarkedLoad(String marker, int counters) {
		this.marker = marker;
		this.counters = counters;
		this.increments = new AtomicLongArray(counters);
	}

	void addToRotation(SampleNode node) {
		this.rotation.add(node);
	}

	/**
	 * Name the phase that failures are counted under from now on.
	 * @param phase the phase
	 */
	void phase(String phase) {
		this.phase.set(phase);
	}

	/**
	 * Return the name of a counter.
	 * @param counter its number
	 * @return the name, which holds the marker
	 */
	String counterName(int counter) {
		return this.marker + "-c" + counter;
	}

	int counters() {
		return this.counters;
	}

	/**
	 * Start the client threads.
	 * @param workers how many
	 */
	void start(int workers) {
		this.loading = true;
		for (int i = 0; i < workers; i++) {
			Thread thread = new Thread(this::load, "marked-client-" + i);
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
				thread.join(Duration.ofSeconds(30).toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	@Override
	public void close() {
		stop();
	}

	/**
	 * Wait until the clients have sent more requests.
	 * @param more how many more
	 */
	void awaitMoreRequests(long more) {
		long target = this.requests.get() + more;
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> requests() >= target);
	}

	long requests() {
		return this.requests.get();
	}

	long uploadsAcknowledged() {
		return this.uploads.get();
	}

	/**
	 * Return the files whose upload was acknowledged.
	 * @return their contents by name
	 */
	Map<String, String> files() {
		return Map.copyOf(this.files);
	}

	long increments(int counter) {
		return this.increments.get(counter);
	}

	long increments() {
		long sum = 0;
		for (int i = 0; i < this.counters; i++) {
			sum += this.increments.get(i);
		}
		return sum;
	}

	/**
	 * Return the failed requests by phase and cause.
	 * @return the counts, sorted
	 */
	Map<String, Long> failuresByCause() {
		Map<String, Long> byCause = new TreeMap<>();
		this.failures.forEach((cause, count) -> byCause.put(cause, count.get()));
		return byCause;
	}

	long failed() {
		return this.failures.values().stream().mapToLong(AtomicLong::get).sum();
	}

	private void load() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		while (this.loading) {
			List<SampleNode> targets = List.copyOf(this.rotation);
			SampleNode node = targets.get((int) Math.floorMod(this.next.getAndIncrement(), (long) targets.size()));
			int choice = random.nextInt(3);
			List<String> names = (choice == 1) ? List.copyOf(this.files.keySet()) : List.of();
			if (choice == 0 || (choice == 1 && names.isEmpty())) {
				upload(node, this.marker + "-file-" + this.fileNumbers.incrementAndGet() + ".txt");
			}
			else if (choice == 1) {
				download(node, names.get(random.nextInt(names.size())));
			}
			else {
				increment(node, random.nextInt(this.counters));
			}
			this.requests.incrementAndGet();
		}
	}

	private void upload(SampleNode node, String name) {
		String contents = "Contents of " + name + ", which holds " + this.marker + "\n";
		Optional<HttpResponse<String>> response = send(() -> node.put("/files/" + name, contents));
		if (answered(response, 201, null)) {
			this.files.put(name, contents);
			this.uploads.incrementAndGet();
		}
	}

	private void download(SampleNode node, String name) {
		answered(send(() -> node.get("/files/" + name)), 200, this.files.get(name));
	}

	private void increment(SampleNode node, int counter) {
		if (answered(send(() -> node.post("/counters/" + counterName(counter))), 200, null)) {
			this.increments.incrementAndGet(counter);
		}
	}

	private Optional<HttpResponse<String>> send(Supplier<Optional<HttpResponse<String>>> request) {
		try {
			return request.get();
		}
		catch (IllegalStateException ex) {
			return Optional.empty();
		}
	}

	private boolean answered(Optional<HttpResponse<String>> response, int status, String body) {
		String failure = null;
		if (response.isEmpty()) {
			failure = "no answer";
		}
		else if (response.get().statusCode() != status) {
			failure = "status " + response.get().statusCode();
		}
		else if (body != null && !body.equals(response.get().body())) {
			failure = "other contents";
		}
		if (failure != null) {
			this.failures.computeIfAbsent(this.phase.get() + ": " + failure, (cause) -> new AtomicLong())
				.incrementAndGet();
		}
		return failure == null;
	}

}
