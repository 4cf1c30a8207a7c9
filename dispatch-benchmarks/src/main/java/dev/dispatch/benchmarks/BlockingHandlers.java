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

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.dispatch.DispatchHandler;

/**
 * What virtual threads give blocking handlers: rounds of 1,000 concurrent calls to a
 * service of {@code concurrency} 1,000 on the same node, whose handler sleeps 10 ms, with
 * handlers on platform threads or on virtual threads. Prints the time of each round, the
 * peak number of platform threads and the heap used after the rounds.
 * <p>
 * {@code java -cp benchmarks.jar dev.dispatch.benchmarks.BlockingHandlers virtual|platform}
 * (virtual threads need Java 21 or later).
 *
 * @author Dispatch team
 */
public final class BlockingHandlers {

	private static final int CALLS = 1000;

	private static final int ROUNDS = 20;

	private BlockingHandlers() {
	}

	public static void main(String[] args) throws Exception {
		boolean virtual = args.length > 0 && args[0].equals("virtual");
		int port = 18701 + (int) (ProcessHandle.current().pid() % 1000);
		try (Node node = Node.start("blocking-" + UUID.randomUUID(), port, port, (event) -> {
		}, virtual)) {
			node.registry.addService("sleepy", new Sleepy(), CALLS, Map.of());
			ThreadMXBean threads = ManagementFactory.getThreadMXBean();
			threads.resetPeakThreadCount();
			long[] millis = new long[ROUNDS];
			for (int round = 0; round < ROUNDS; round++) {
				long start = System.nanoTime();
				List<CompletableFuture<String>> calls = new ArrayList<>(CALLS);
				for (int i = 0; i < CALLS; i++) {
					calls.add(node.template.callAsync("sleepy", "key", new Nap(10), String.class,
							Duration.ofSeconds(30)));
				}
				for (CompletableFuture<String> call : calls) {
					call.get(60, TimeUnit.SECONDS);
				}
				millis[round] = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
			}
			MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
			long heapMb = memory.getHeapMemoryUsage().getUsed() >> 20;
			long[] sorted = millis.clone();
			Arrays.sort(sorted);
			System.out.printf(
					"%s threads on Java %s, %d CPUs: round of %d calls: first %d ms, median %d ms, "
							+ "best %d ms; peak platform threads %d; heap used %d MB%n",
					virtual ? "virtual" : "platform", Runtime.version(), Runtime.getRuntime().availableProcessors(),
					CALLS, millis[0], sorted[ROUNDS / 2], sorted[0], threads.getPeakThreadCount(), heapMb);
		}
	}

	/**
	 * A handler that blocks.
	 */
	public static class Sleepy {

		@DispatchHandler
		public String nap(Nap nap) throws InterruptedException {
			Thread.sleep(nap.millis());
			return "slept";
		}

	}

	/**
	 * How long to sleep.
	 *
	 * @param millis milliseconds
	 */
	public record Nap(long millis) {
	}

}
