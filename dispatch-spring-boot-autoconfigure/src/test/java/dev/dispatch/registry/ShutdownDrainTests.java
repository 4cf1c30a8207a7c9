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

package dev.dispatch.registry;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How long a stopping node waits for its services to finish their messages.
 *
 * @author Dispatch team
 */
class ShutdownDrainTests {

	@Test
	void idleServicesWaitTheBroadcastPeriod() {
		ShutdownDrain drain = new ShutdownDrain(Duration.ofMillis(50), Duration.ofSeconds(5));
		long start = System.nanoTime();
		assertThat(drain.await(() -> true)).isTrue();
		assertThat(elapsedMillis(start)).isGreaterThanOrEqualTo(50).isLessThan(2_000);
	}

	@Test
	void idleServicesWaitAtMost200Milliseconds() {
		ShutdownDrain drain = new ShutdownDrain(Duration.ofSeconds(5), Duration.ofSeconds(10));
		long start = System.nanoTime();
		assertThat(drain.await(() -> true)).isTrue();
		assertThat(elapsedMillis(start)).isGreaterThanOrEqualTo(200).isLessThan(2_000);
	}

	@Test
	void busyServicesAreAwaitedUntilIdle() {
		ShutdownDrain drain = new ShutdownDrain(Duration.ofMillis(1), Duration.ofSeconds(5));
		AtomicInteger polls = new AtomicInteger();
		assertThat(drain.await(() -> polls.incrementAndGet() > 5)).isTrue();
		assertThat(polls).hasValue(6);
	}

	@Test
	void busyServicesAreGivenUpOnAfterTheDrain() {
		ShutdownDrain drain = new ShutdownDrain(Duration.ofMillis(10), Duration.ofMillis(100));
		long start = System.nanoTime();
		assertThat(drain.await(() -> false)).isFalse();
		assertThat(elapsedMillis(start)).isGreaterThanOrEqualTo(100);
		assertThat(drain.toMillis()).isEqualTo(100);
	}

	private static long elapsedMillis(long start) {
		return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
	}

}
