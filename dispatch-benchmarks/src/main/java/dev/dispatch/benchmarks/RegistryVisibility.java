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

import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.dispatch.ServiceJoinedEvent;
import dev.dispatch.ServiceLeftEvent;
import dev.dispatch.ServiceRef;

/**
 * How soon a service added or removed on one node is seen by {@code findService} on
 * another: two nodes (two Hazelcast members in this JVM, talking over 127.0.0.1), one
 * change at a time, the time from the call on the first node to the event on the second,
 * after which the second node's {@code findService} answers accordingly.
 * <p>
 * {@code java -cp dispatch-benchmarks/target/benchmarks.jar dev.dispatch.benchmarks.RegistryVisibility [changes]}
 *
 * @author Dispatch team
 */
public final class RegistryVisibility {

	private static final Map<String, CountDownLatch> awaited = new ConcurrentHashMap<>();

	private RegistryVisibility() {
	}

	public static void main(String[] args) throws Exception {
		int changes = (args.length > 0) ? Integer.parseInt(args[0]) : 1000;
		String cluster = "visibility-" + UUID.randomUUID();
		try (Node writer = Node.start(cluster, 16801, 16802);
				Node reader = Node.start(cluster, 16802, 16801, RegistryVisibility::seen)) {
			measure(writer, reader, Math.min(changes, 200));
			long[][] results = measure(writer, reader, changes);
			System.out.printf("%d adds and %d removals on one node, seen by findService on the other:%n", changes,
					changes);
			print("add", results[0]);
			print("remove", results[1]);
		}
	}

	private static long[][] measure(Node writer, Node reader, int changes) throws InterruptedException {
		long[] added = new long[changes];
		long[] removed = new long[changes];
		Services handler = new Services();
		for (int i = 0; i < changes; i++) {
			String type = "visibility-" + UUID.randomUUID();
			CountDownLatch joined = expect("joined:" + type);
			long start = System.nanoTime();
			ServiceRef ref = writer.registry.addService(type, handler);
			await(joined, type);
			added[i] = System.nanoTime() - start;
			if (reader.registry.findService(type, "key").isEmpty()) {
				throw new IllegalStateException("The joined event came before findService saw " + type);
			}
			CountDownLatch left = expect("left:" + type);
			start = System.nanoTime();
			writer.registry.removeService(ref);
			await(left, type);
			removed[i] = System.nanoTime() - start;
			if (reader.registry.findService(type, "key").isPresent()) {
				throw new IllegalStateException("The left event came before findService dropped " + type);
			}
		}
		Arrays.sort(added);
		Arrays.sort(removed);
		return new long[][] { added, removed };
	}

	private static CountDownLatch expect(String key) {
		CountDownLatch latch = new CountDownLatch(1);
		awaited.put(key, latch);
		return latch;
	}

	private static void await(CountDownLatch latch, String type) throws InterruptedException {
		if (!latch.await(10, TimeUnit.SECONDS)) {
			throw new IllegalStateException("The other node did not see the change of " + type + " within 10 s");
		}
	}

	private static void seen(Object event) {
		String key = (event instanceof ServiceJoinedEvent joined) ? "joined:" + joined.service().ref().type()
				: (event instanceof ServiceLeftEvent left) ? "left:" + left.service().ref().type() : null;
		CountDownLatch latch = (key != null) ? awaited.remove(key) : null;
		if (latch != null) {
			latch.countDown();
		}
	}

	private static void print(String change, long[] sorted) {
		System.out.printf("  %-6s p50 %.2f ms, p99 %.2f ms, max %.2f ms%n", change, at(sorted, 0.50), at(sorted, 0.99),
				sorted[sorted.length - 1] / 1e6);
	}

	private static double at(long[] sorted, double percentile) {
		return sorted[Math.min(sorted.length - 1, (int) (sorted.length * percentile))] / 1e6;
	}

}
