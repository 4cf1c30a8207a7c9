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

package dev.dispatch.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import dev.dispatch.ServiceJoinedEvent;
import dev.dispatch.ServiceLeftEvent;

/**
 * How often a loaded machine makes live nodes look silent to each other. Three nodes
 * (Hazelcast members in this JVM, over 127.0.0.1) hold one service each; once every node
 * sees all three, a separate process ({@link CpuHog}) spins as many threads as asked for
 * the measured window. No node stops, so every service that leaves a node's view in the
 * window is a node wrongly declared silent, and the keys of that service change owner on
 * that node twice: when it leaves and when it is back. Prints the declarations and
 * ownership changes per minute and how long each drop lasted.
 * <p>
 * {@code java -cp dispatch-benchmarks/target/benchmarks.jar dev.dispatch.benchmarks.LivenessFlaps [seconds] [hog-threads] [period-ms] [max-silent-periods]}
 * (60 s, 4 threads, 500 ms x 3 by default)
 *
 * @author Dispatch team
 */
public final class LivenessFlaps {

	private static final String TYPE = "flaps";

	private final Map<String, Long> leftAt = new ConcurrentHashMap<>();

	private final List<Long> dropMillis = new CopyOnWriteArrayList<>();

	private final AtomicInteger declarations = new AtomicInteger();

	private volatile boolean measuring;

	private LivenessFlaps() {
	}

	public static void main(String[] args) throws Exception {
		int seconds = arg(args, 0, 60);
		int hogThreads = arg(args, 1, 4);
		Duration period = Duration.ofMillis(arg(args, 2, 500));
		int maxSilent = arg(args, 3, 3);
		new LivenessFlaps().run(seconds, hogThreads, period, maxSilent);
	}

	private void run(int seconds, int hogThreads, Duration period, int maxSilent) throws Exception {
		String cluster = "flaps-" + UUID.randomUUID();
		int first = freePort();
		List<Node> nodes = new ArrayList<>();
		Process hog = null;
		try {
			for (int i = 0; i < 3; i++) {
				int port = (i == 0) ? first : freePort();
				Node node = Node.start(cluster, port, first, listener(i), period, maxSilent);
				nodes.add(node);
				node.registry.addService(TYPE, new Services());
			}
			awaitFullViews(nodes);
			hog = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp",
					System.getProperty("java.class.path"), CpuHog.class.getName(), Integer.toString(hogThreads),
					Integer.toString(seconds))
				.inheritIO()
				.start();
			this.measuring = true;
			TimeUnit.SECONDS.sleep(seconds);
			this.measuring = false;
		}
		finally {
			if (hog != null) {
				hog.destroyForcibly().waitFor();
			}
			for (Node node : nodes) {
				node.close();
			}
		}
		double minutes = seconds / 60.0;
		System.out.printf(
				"liveness flaps: %d s, %d hog threads, %d ms x %d: %d silent declarations (%.1f/min), "
						+ "%d ownership changes (%.1f/min), drops lasting %s ms%n",
				seconds, hogThreads, period.toMillis(), maxSilent, this.declarations.get(),
				this.declarations.get() / minutes, 2 * this.dropMillis.size(), 2 * this.dropMillis.size() / minutes,
				this.dropMillis);
	}

	private Consumer<Object> listener(int node) {
		return (event) -> {
			if (!this.measuring) {
				return;
			}
			if (event instanceof ServiceLeftEvent left) {
				this.declarations.incrementAndGet();
				this.leftAt.put(node + "/" + left.service().ref().id(), System.nanoTime());
			}
			else if (event instanceof ServiceJoinedEvent joined) {
				Long since = this.leftAt.remove(node + "/" + joined.service().ref().id());
				if (since != null) {
					this.dropMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since));
				}
			}
		};
	}

	private static void awaitFullViews(List<Node> nodes) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (nodes.stream().anyMatch((node) -> node.registry.getOnlineServices(TYPE).size() < nodes.size())) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("The nodes did not see each other's services within 60 s");
			}
			TimeUnit.MILLISECONDS.sleep(50);
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static int arg(String[] args, int index, int fallback) {
		return (args.length > index) ? Integer.parseInt(args[index]) : fallback;
	}

}
