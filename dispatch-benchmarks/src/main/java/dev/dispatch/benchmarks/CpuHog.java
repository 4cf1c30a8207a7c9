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

import java.util.concurrent.TimeUnit;

/**
 * Threads that spin on the CPU for a bounded time, to load the machine next to a cluster
 * under measurement: {@code CpuHog [threads] [seconds]} (4 threads, 60 s by default). It
 * exits on its own at the deadline.
 *
 * @author Dispatch team
 */
public final class CpuHog {

	private CpuHog() {
	}

	public static void main(String[] args) throws InterruptedException {
		int threads = (args.length > 0) ? Integer.parseInt(args[0]) : 4;
		long seconds = (args.length > 1) ? Long.parseLong(args[1]) : 60;
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
		Thread[] spinners = new Thread[threads];
		for (int i = 0; i < threads; i++) {
			spinners[i] = new Thread(() -> spin(deadline), "hog-" + i);
			spinners[i].start();
		}
		for (Thread spinner : spinners) {
			spinner.join();
		}
	}

	private static void spin(long deadline) {
		long sum = 0;
		while (System.nanoTime() < deadline) {
			sum += System.identityHashCode(Thread.currentThread()) ^ sum;
		}
		if (sum == 42) {
			System.out.print("");
		}
	}

}
