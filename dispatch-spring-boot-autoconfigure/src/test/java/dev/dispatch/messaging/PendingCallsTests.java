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

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.dispatch.DispatchException;
import dev.dispatch.DispatchTimeoutException;
import dev.dispatch.ServiceRef;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link PendingCalls}: a call gives its credit back only when its node answers
 * or leaves, and only the node called can answer.
 *
 * @author Dispatch team
 */
class PendingCallsTests {

	private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);

	private final List<ServiceRef> settled = new CopyOnWriteArrayList<>();

	private final PendingCalls calls = new PendingCalls(this.timer, this.settled::add);

	private final ServiceRef target = new ServiceRef("t", "s", "b");

	@AfterEach
	void stopTimer() {
		this.timer.shutdownNow();
	}

	@Test
	void aCallThatTimedOutKeepsItsCreditUntilItsNodeAnswers() {
		CompletableFuture<@Nullable Object> future = new CompletableFuture<>();
		long id = this.calls.register(this.target, String.class, future, Duration.ofMillis(20));
		await().atMost(5, TimeUnit.SECONDS).until(future::isDone);
		assertThat(future).failsWithin(Duration.ZERO)
			.withThrowableThat()
			.withCauseInstanceOf(DispatchTimeoutException.class);
		assertThat(this.settled).isEmpty();
		assertThat(this.calls.size()).isEqualTo(1);
		assertThat(this.calls.settle(id, "b")).isNotNull();
		assertThat(this.settled).containsExactly(this.target);
		assertThat(this.calls.size()).isZero();
	}

	@Test
	void onlyTheNodeCalledCanSettleACall() {
		CompletableFuture<@Nullable Object> future = new CompletableFuture<>();
		long id = this.calls.register(this.target, String.class, future, Duration.ofSeconds(30));
		assertThat(this.calls.settle(id, "intruder")).isNull();
		assertThat(this.calls.settle(id + 1, "b")).isNull();
		assertThat(future).isNotDone();
		assertThat(this.settled).isEmpty();
		assertThat(this.calls.settle(id, "b")).isNotNull();
		assertThat(this.calls.settle(id, "b")).isNull();
		assertThat(this.settled).hasSize(1);
	}

	@Test
	void callIdsAreNotACount() {
		long first = this.calls.register(this.target, String.class, new CompletableFuture<>(), Duration.ofSeconds(30));
		long second = this.calls.register(this.target, String.class, new CompletableFuture<>(), Duration.ofSeconds(30));
		long third = this.calls.register(this.target, String.class, new CompletableFuture<>(), Duration.ofSeconds(30));
		assertThat(second - first).isNotEqualTo(1);
		assertThat(third - second).isNotEqualTo(1);
	}

	@Test
	void anUnreachableNodesCallsFailButKeepTheirCreditsWhileADepartedNodesAreSettled() {
		CompletableFuture<@Nullable Object> future = new CompletableFuture<>();
		this.calls.register(this.target, String.class, future, Duration.ofSeconds(30));
		this.calls.failNode("b", (target) -> new IllegalStateException("unreachable"));
		assertThat(future).isCompletedExceptionally();
		assertThat(this.settled).isEmpty();
		this.calls.settleNode("b", (target) -> new IllegalStateException("gone"));
		assertThat(this.settled).containsExactly(this.target);
	}

	@Test
	void aCallRegisteredAfterTheTimerStoppedIsRefusedAndGivesItsCreditBack() {
		this.timer.shutdownNow();
		CompletableFuture<@Nullable Object> future = new CompletableFuture<>();
		assertThatExceptionOfType(DispatchException.class)
			.isThrownBy(() -> this.calls.register(this.target, String.class, future, Duration.ofSeconds(30)))
			.withMessageContaining("shutting down");
		assertThat(future).isCompletedExceptionally();
		assertThat(this.settled).containsExactly(this.target);
		assertThat(this.calls.size()).isZero();
	}

	@Test
	void anAnswerThatNeverComesGivesTheCreditBackAGraceAfterTheTimeout() {
		PendingCalls graceful = new PendingCalls(this.timer, this.settled::add, Duration.ofMillis(100));
		CompletableFuture<@Nullable Object> future = new CompletableFuture<>();
		long id = graceful.register(this.target, String.class, future, Duration.ofMillis(20));
		await().atMost(5, TimeUnit.SECONDS).until(future::isDone);
		await().atMost(5, TimeUnit.SECONDS).until(() -> this.settled.size() == 1);
		assertThat(graceful.size()).isZero();
		assertThat(graceful.settle(id, "b")).isNull();
		assertThat(this.settled).hasSize(1);
	}

	@Test
	void aCallTimesOutNeverBeforeItsTimeout() {
		CompletableFuture<@Nullable Object> future = new CompletableFuture<>();
		long start = System.nanoTime();
		this.calls.register(this.target, String.class, future, Duration.ofMillis(40));
		await().atMost(5, TimeUnit.SECONDS).until(future::isDone);
		assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(40));
	}

	@Test
	void callsAnsweredWhileTheyTimeOutGiveTheirCreditsBackExactlyOnce() throws Exception {
		PendingCalls graceful = new PendingCalls(this.timer, this.settled::add, Duration.ZERO);
		int count = 2_000;
		long[] ids = new long[count];
		for (int i = 0; i < count; i++) {
			ids[i] = graceful.register(new ServiceRef("t", "s" + i, "b"), String.class, new CompletableFuture<>(),
					Duration.ofMillis(i % 30));
		}
		ExecutorService answerer = Executors.newSingleThreadExecutor();
		try {
			CountDownLatch answered = new CountDownLatch(1);
			answerer.execute(() -> {
				for (int i = count - 1; i >= 0; i -= 2) {
					graceful.settle(ids[i], "b");
				}
				answered.countDown();
			});
			assertThat(answered.await(30, TimeUnit.SECONDS)).isTrue();
		}
		finally {
			answerer.shutdownNow();
		}
		await().atMost(30, TimeUnit.SECONDS).until(() -> graceful.size() == 0 && this.settled.size() >= count);
		assertThat(this.settled).hasSize(count).doesNotHaveDuplicates();
	}

}
