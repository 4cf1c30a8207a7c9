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
import java.util.stream.Collectors;

/**
 * Calls per second from several threads, over the whole time and second by second, so
 * that a plateau, or its absence, shows.
 *
 * @param perSecond the calls per second over the whole time
 * @param bySecond the calls in each second
 * @author Dispatch team
 */
record Rate(double perSecond, long[] bySecond) {

	static Rate measure(LongSupplier call, int seconds, int threadCount) throws InterruptedException {
		AtomicLong calls = new AtomicLong();
		long start = System.nanoTime();
		long end = start + TimeUnit.SECONDS.toNanos(seconds);
		List<Thread> threads = new ArrayList<>();
		for (int i = 0; i < threadCount; i++) {
			Thread thread = new Thread(() -> {
				while (System.nanoTime() < end) {
					call.getAsLong();
					calls.incrementAndGet();
				}
			});
			thread.start();
			threads.add(thread);
		}
		long[] bySecond = new long[seconds];
		long previous = 0;
		for (int i = 0; i < seconds; i++) {
			long next = start + TimeUnit.SECONDS.toNanos(i + 1);
			TimeUnit.NANOSECONDS.sleep(next - System.nanoTime());
			long now = calls.get();
			bySecond[i] = now - previous;
			previous = now;
		}
		for (Thread thread : threads) {
			thread.join();
		}
		return new Rate(calls.get() / ((System.nanoTime() - start) / 1e9), bySecond);
	}

	String seconds() {
		return Arrays.stream(this.bySecond)
			.mapToObj((count) -> String.format("%,d", count))
			.collect(Collectors.joining(" "));
	}

}
