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

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.dispatch.DispatchException;
import dev.dispatch.DispatchHandler;
import dev.dispatch.ServiceRef;
import dev.dispatch.annotation.HandlerMethods;
import dev.dispatch.metrics.DispatchMetrics;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ServiceEndpoint}: whatever a handler does, its caller is answered.
 *
 * @author Dispatch team
 */
class ServiceEndpointTests {

	private final ExecutorService executor = Executors.newCachedThreadPool();

	@AfterEach
	void stop() {
		this.executor.shutdownNow();
	}

	@Test
	void aMessageWhoseDecodingThrowsAnErrorStillAnswersItsCallerAndTheServiceKeepsServing() throws Exception {
		ServiceEndpoint endpoint = new ServiceEndpoint(new ServiceRef("t", "s", "a"), HandlerMethods.of(new Echo()),
				this.executor, 1, 10, DispatchMetrics.NONE, ObservationRegistry.NOOP);
		CompletableFuture<@Nullable Object> first = new CompletableFuture<>();
		assertThat(endpoint.addFrom("b", () -> {
			throw new StackOverflowError("decoding a deeply nested message");
		}, Map.of(), (reply, error) -> answer(first, reply, error))).isTrue();
		assertThat(first).failsWithin(10, TimeUnit.SECONDS)
			.withThrowableThat()
			.withCauseInstanceOf(DispatchException.class);
		CompletableFuture<@Nullable Object> second = new CompletableFuture<>();
		endpoint.addFrom("b", () -> "shallow", Map.of(), (reply, error) -> answer(second, reply, error));
		assertThat(second.get(10, TimeUnit.SECONDS)).isEqualTo("ok");
	}

	@Test
	void oneSenderCannotQueueMoreThanTheCapacity() {
		ServiceEndpoint endpoint = new ServiceEndpoint(new ServiceRef("t", "s", "a"), HandlerMethods.of(new Echo()),
				(task) -> {
				}, 1, 3, DispatchMetrics.NONE, ObservationRegistry.NOOP);
		for (int i = 0; i < 3; i++) {
			assertThat(endpoint.addFrom("b", () -> "shallow", Map.of(), (reply, error) -> {
			})).isTrue();
		}
		assertThat(endpoint.addFrom("b", () -> "shallow", Map.of(), (reply, error) -> {
		})).isFalse();
		assertThat(endpoint.addFrom("c", () -> "shallow", Map.of(), (reply, error) -> {
		})).isTrue();
		endpoint.forgetSender("b");
		assertThat(endpoint.addFrom("b", () -> "shallow", Map.of(), (reply, error) -> {
		})).isTrue();
	}

	private static void answer(CompletableFuture<@Nullable Object> future, @Nullable Object reply,
			@Nullable Throwable error) {
		if (error != null) {
			future.completeExceptionally(error);
		}
		else {
			future.complete(reply);
		}
	}

	static class Echo {

		@DispatchHandler
		public String handle(String message) {
			return "ok";
		}

	}

}
