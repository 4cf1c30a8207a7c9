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

package dev.dispatch.messaging;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link TimeoutWheel}: a timeout fires never early, at most a tick late, and
 * exactly once unless cancelled first.
 *
 * @author Dispatch team
 */
class TimeoutWheelTests {

	private static final long TICK = 10;

	private static final int SLOTS = 8;

	private final AtomicLong clock = new AtomicLong(1_000);

	private final TimeoutWheel wheel = new TimeoutWheel(TICK, SLOTS, this.clock::get, () -> false);

	private final ExecutorService threads = Executors.newCachedThreadPool();

	private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);

	@AfterEach
	void stop() {
		this.threads.shutdownNow();
		this.timer.shutdownNow();
	}

	@Test
	void aTimeoutFiresNeverEarlyAndLessThanATickLate() {
		SplittableRandom random = new SplittableRandom(42);
		List<Recorded> timeouts = new ArrayList<>();
		for (int step = 0; step < 2_000; step++) {
			if (random.nextInt(4) == 0) {
				// delays from none to several turns of the wheel
				long delay = random.nextLong(TICK * SLOTS * 4);
				Recorded timeout = new Recorded(this.clock.get() + delay);
				this.wheel.add(timeout, delay);
				timeouts.add(timeout);
			}
			this.clock.incrementAndGet();
			this.wheel.tick();
		}
		for (Recorded timeout : timeouts) {
			if (timeout.due + TICK <= this.clock.get()) {
				assertThat(timeout.fires.get()).isEqualTo(1);
			}
			if (timeout.fires.get() > 0) {
				assertThat(timeout.firedAt).isGreaterThanOrEqualTo(timeout.due).isLessThan(timeout.due + TICK);
			}
		}
		assertThat(timeouts).hasSizeGreaterThan(400);
	}

	@Test
	void aTimeoutWhoseDeadlinePassedFiresAtTheNextTickNotATurnLater() {
		this.clock.addAndGet(TICK * 3);
		this.wheel.tick();
		Recorded timeout = new Recorded(this.clock.get());
		this.wheel.add(timeout, 0);
		this.wheel.tick();
		assertThat(timeout.fires).hasValue(0);
		this.clock.addAndGet(TICK);
		this.wheel.tick();
		assertThat(timeout.fires).hasValue(1);
	}

	@Test
	void aTickerLateByManyTurnsFiresEverythingDueAndNothingElse() {
		Recorded soon = new Recorded(this.clock.get() + 5);
		Recorded later = new Recorded(this.clock.get() + TICK * SLOTS * 20);
		this.wheel.add(soon, 5);
		this.wheel.add(later, TICK * SLOTS * 20);
		this.clock.addAndGet(TICK * SLOTS * 10);
		this.wheel.tick();
		assertThat(soon.fires).hasValue(1);
		assertThat(later.fires).hasValue(0);
		this.clock.addAndGet(TICK * SLOTS * 10 + TICK);
		this.wheel.tick();
		assertThat(later.fires).hasValue(1);
	}

	@Test
	void aCancelledTimeoutNeverFires() {
		Recorded timeout = new Recorded(this.clock.get() + 25);
		this.wheel.add(timeout, 25);
		assertThat(this.wheel.cancel(timeout)).isTrue();
		assertThat(this.wheel.cancel(timeout)).isFalse();
		this.clock.addAndGet(TICK * SLOTS * 2);
		this.wheel.tick();
		assertThat(timeout.fires).hasValue(0);
	}

	@Test
	void aTimeoutThatFiredCannotBeCancelledButMayBeAddedAgain() {
		Recorded timeout = new Recorded(this.clock.get() + 5);
		this.wheel.add(timeout, 5);
		this.clock.addAndGet(TICK);
		this.wheel.tick();
		assertThat(timeout.fires).hasValue(1);
		assertThat(this.wheel.cancel(timeout)).isFalse();
		this.wheel.add(timeout, 5);
		this.clock.addAndGet(TICK);
		this.wheel.tick();
		assertThat(timeout.fires).hasValue(2);
	}

	@Test
	void aClosedWheelRefusesTimeouts() {
		TimeoutWheel closed = new TimeoutWheel(TICK, SLOTS, this.clock::get, () -> true);
		Recorded timeout = new Recorded(this.clock.get() + 5);
		assertThatExceptionOfType(RejectedExecutionException.class).isThrownBy(() -> closed.add(timeout, 5));
		this.clock.addAndGet(TICK * 2);
		closed.tick();
		assertThat(timeout.fires).hasValue(0);
		assertThat(closed.cancel(timeout)).isFalse();
	}

	@Test
	void manyTimeoutsAddedAndCancelledOnManyThreadsWhileTheTimerTicksFireExactlyOnceEachIfNotCancelled()
			throws Exception {
		TimeoutWheel real = TimeoutWheel.on(this.timer);
		int perThread = 20_000;
		int threadCount = 4;
		CountDownLatch start = new CountDownLatch(1);
		List<Future<List<Recorded>>> results = new ArrayList<>();
		AtomicInteger early = new AtomicInteger();
		for (int t = 0; t < threadCount; t++) {
			int seed = t;
			results.add(this.threads.submit(() -> {
				SplittableRandom random = new SplittableRandom(seed);
				List<Recorded> timeouts = new ArrayList<>(perThread);
				start.await();
				for (int i = 0; i < perThread; i++) {
					long delay = TimeUnit.MILLISECONDS.toNanos(random.nextInt(200));
					Recorded timeout = new Recorded(System.nanoTime() + delay, System::nanoTime, early);
					real.add(timeout, delay);
					if (random.nextBoolean()) {
						timeout.cancelled = real.cancel(timeout);
					}
					timeouts.add(timeout);
				}
				return timeouts;
			}));
		}
		start.countDown();
		List<Recorded> all = new ArrayList<>();
		for (Future<List<Recorded>> result : results) {
			all.addAll(result.get(30, TimeUnit.SECONDS));
		}
		CountDownLatch last = new CountDownLatch(1);
		real.add(new TimeoutWheel.Timeout() {
			@Override
			void fired() {
				last.countDown();
			}
		}, TimeUnit.MILLISECONDS.toNanos(250));
		assertThat(last.await(30, TimeUnit.SECONDS)).isTrue();
		assertThat(early).hasValue(0);
		assertThat(all).hasSize(perThread * threadCount)
			.allSatisfy((timeout) -> assertThat(timeout.fires).hasValue(timeout.cancelled ? 0 : 1));
		assertThat(all).filteredOn((timeout) -> timeout.cancelled).hasSizeGreaterThan(perThread);
	}

	@Test
	void aTimeoutIsEitherCancelledOrFiredNeverBoth() throws Exception {
		int count = 2_000;
		for (int round = 0; round < 50; round++) {
			List<Recorded> timeouts = new ArrayList<>(count);
			for (int i = 0; i < count; i++) {
				Recorded timeout = new Recorded(this.clock.get() + 1);
				this.wheel.add(timeout, 1);
				timeouts.add(timeout);
			}
			this.clock.addAndGet(TICK);
			CyclicBarrier start = new CyclicBarrier(2);
			Future<?> ticker = this.threads.submit(() -> {
				start.await();
				this.wheel.tick();
				return null;
			});
			Future<?> canceller = this.threads.submit(() -> {
				start.await();
				for (Recorded timeout : timeouts) {
					timeout.cancelled = this.wheel.cancel(timeout);
				}
				return null;
			});
			ticker.get(30, TimeUnit.SECONDS);
			canceller.get(30, TimeUnit.SECONDS);
			assertThat(timeouts).allSatisfy((timeout) -> assertThat(timeout.fires).hasValue(timeout.cancelled ? 0 : 1));
		}
	}

	@Test
	void theTimerTicksTheWheel() throws Exception {
		TimeoutWheel real = TimeoutWheel.on(this.timer);
		CountDownLatch fired = new CountDownLatch(1);
		AtomicLong firedAt = new AtomicLong();
		long start = System.nanoTime();
		real.add(new TimeoutWheel.Timeout() {
			@Override
			void fired() {
				firedAt.set(System.nanoTime());
				fired.countDown();
			}
		}, TimeUnit.MILLISECONDS.toNanos(50));
		assertThat(fired.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(firedAt.get() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
		this.timer.shutdownNow();
		await().atMost(10, TimeUnit.SECONDS).until(this.timer::isTerminated);
		assertThatExceptionOfType(RejectedExecutionException.class).isThrownBy(() -> real.add(new Recorded(0), 1));
	}

	private final class Recorded extends TimeoutWheel.Timeout {

		final long due;

		final AtomicInteger fires = new AtomicInteger();

		private final AtomicInteger early;

		volatile long firedAt;

		volatile boolean cancelled;

		private final LongSupplier time;

		Recorded(long due) {
			this(due, TimeoutWheelTests.this.clock::get, new AtomicInteger());
		}

		Recorded(long due, LongSupplier time, AtomicInteger early) {
			this.due = due;
			this.time = time;
			this.early = early;
		}

		@Override
		void fired() {
			long now = this.time.getAsLong();
			this.firedAt = now;
			if (now - this.due < 0) {
				this.early.incrementAndGet();
			}
			this.fires.incrementAndGet();
		}

	}

}
