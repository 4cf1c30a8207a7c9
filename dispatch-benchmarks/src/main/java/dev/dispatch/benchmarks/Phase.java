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

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A measured phase of {@link CallComparison}: calls from several threads for a while,
 * counted second by second (as {@link Rate} does), with the time of every call, so that
 * the rate and the latency under that load come from the same calls.
 *
 * @param calls the calls made
 * @param seconds how long the phase took
 * @param rate the calls per second, second by second
 * @param latencies the time of each call in nanoseconds, sorted
 * @author Dispatch team
 */
record Phase(long calls, double seconds, Rate rate, long[] latencies) {

	static Phase run(LongSupplier call, int seconds, int threadCount) throws InterruptedException {
		AtomicLong calls = new AtomicLong();
		long start = System.nanoTime();
		long end = start + TimeUnit.SECONDS.toNanos(seconds);
		List<Thread> threads = new ArrayList<>();
		List<long[]> timesOfThreads = new ArrayList<>();
		int[] counts = new int[threadCount];
		for (int i = 0; i < threadCount; i++) {
			int index = i;
			timesOfThreads.add(new long[1024]);
			Thread thread = new Thread(() -> {
				long[] times = timesOfThreads.get(index);
				int count = 0;
				for (long before = System.nanoTime(); before < end; before = System.nanoTime()) {
					call.getAsLong();
					if (count == times.length) {
						times = Arrays.copyOf(times, count * 2);
					}
					times[count++] = System.nanoTime() - before;
					calls.incrementAndGet();
				}
				timesOfThreads.set(index, times);
				counts[index] = count;
			});
			thread.start();
			threads.add(thread);
		}
		long[] bySecond = new long[seconds];
		long previous = 0;
		for (int i = 0; i < seconds; i++) {
			TimeUnit.NANOSECONDS.sleep(start + TimeUnit.SECONDS.toNanos(i + 1) - System.nanoTime());
			long now = calls.get();
			bySecond[i] = now - previous;
			previous = now;
		}
		for (Thread thread : threads) {
			thread.join();
		}
		double elapsed = (System.nanoTime() - start) / 1e9;
		long[] latencies = new long[(int) calls.get()];
		int filled = 0;
		for (int i = 0; i < threadCount; i++) {
			System.arraycopy(timesOfThreads.get(i), 0, latencies, filled, counts[i]);
			filled += counts[i];
		}
		Arrays.sort(latencies);
		return new Phase(calls.get(), elapsed, new Rate(calls.get() / elapsed, bySecond), latencies);
	}

	/**
	 * Return a percentile of the calls' times.
	 * @param percentile between 0 and 1
	 * @return microseconds
	 */
	double micros(double percentile) {
		return MessagingComparison.micros(this.latencies, percentile);
	}

}
