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
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.dispatch.DispatchException;
import dev.dispatch.DispatchHandler;
import dev.dispatch.DispatchTimeoutException;
import dev.dispatch.ServiceRef;
import dev.dispatch.annotation.HandlerMethods;
import dev.dispatch.metrics.DispatchMetrics;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LocalDelivery}: a call on a service's worker fails at its timeout,
 * never before, and a reply in time answers it.
 *
 * @author Dispatch team
 */
class LocalDeliveryTests {

	private final ExecutorService executor = Executors.newCachedThreadPool();

	private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);

	private final LocalDelivery local = new LocalDelivery(this.timer, 10, () -> new DispatchException("shutting down"));

	private final ServiceRef target = new ServiceRef("t", "s", "a");

	private final Blocking handler = new Blocking();

	private final ServiceEndpoint endpoint = new ServiceEndpoint(this.target, HandlerMethods.of(this.handler),
			this.executor, 1, 10, DispatchMetrics.NONE, ObservationRegistry.NOOP);

	@AfterEach
	void stop() {
		this.handler.release.countDown();
		this.timer.shutdownNow();
		this.executor.shutdownNow();
	}

	@Test
	void aCallOnTheWorkerFailsAtItsTimeoutNeverBefore() {
		long start = System.nanoTime();
		CompletableFuture<@Nullable Object> future = this.local.call(this.endpoint, this.target, "wait", String.class,
				Duration.ofMillis(50), Map.of(), false);
		assertThat(future).failsWithin(10, TimeUnit.SECONDS)
			.withThrowableThat()
			.withCauseInstanceOf(DispatchTimeoutException.class);
		assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
	}

	@Test
	void aReplyInTimeAnswersTheCall() throws Exception {
		this.handler.release.countDown();
		CompletableFuture<@Nullable Object> future = this.local.call(this.endpoint, this.target, "wait", String.class,
				Duration.ofSeconds(30), Map.of(), false);
		assertThat(future.get(10, TimeUnit.SECONDS)).isEqualTo("done");
	}

	@Test
	void aCallAfterTheTimerStoppedFailsAndOneWaitingFailsAtTheClose() {
		CompletableFuture<@Nullable Object> waiting = this.local.call(this.endpoint, this.target, "wait", String.class,
				Duration.ofSeconds(30), Map.of(), false);
		this.timer.shutdownNow();
		this.local.failAll();
		assertThat(waiting).failsWithin(Duration.ZERO).withThrowableThat().withMessageContaining("shutting down");
		CompletableFuture<@Nullable Object> late = this.local.call(this.endpoint, this.target, "wait", String.class,
				Duration.ofSeconds(30), Map.of(), false);
		assertThat(late).failsWithin(Duration.ZERO).withThrowableThat().withMessageContaining("shutting down");
	}

	static class Blocking {

		final CountDownLatch release = new CountDownLatch(1);

		@DispatchHandler
		public String handle(String message) throws InterruptedException {
			this.release.await();
			return "done";
		}

	}

}
