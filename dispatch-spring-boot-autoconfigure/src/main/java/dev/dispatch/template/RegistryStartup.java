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

package dev.dispatch.template;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import dev.dispatch.ServiceUnavailableException;

/**
 * Holds the messages sent by key before the registry has started (from a bean's
 * initialization, say) until it has, within their timeout: until then no view of the
 * cluster exists to route them by. A blocking message on the thread that will start the
 * registry fails at once instead, since its wait would only delay that start.
 * <p>
 * Threads: any other caller waits; the thread that starts the registry completes the
 * stage.
 *
 * @author Dispatch team
 */
final class RegistryStartup {

	private final CompletableFuture<Void> started;

	private final @Nullable Thread startingThread;

	RegistryStartup(CompletionStage<Void> started) {
		this(started, null);
	}

	/**
	 * Create the start-up of a registry that a known thread will start.
	 * @param started completes when the registry has started
	 * @param startingThread the thread that will start it, or {@code null} if unknown
	 */
	RegistryStartup(CompletionStage<Void> started, @Nullable Thread startingThread) {
		this.started = started.toCompletableFuture();
		this.startingThread = startingThread;
	}

	/**
	 * Wait for the registry to start.
	 * @param type the type of the service the message goes to
	 * @param timeout how long to wait at most
	 * @return what is left of the timeout
	 * @throws ServiceUnavailableException if the registry has not started in time, or at
	 * once on the thread that will start it
	 */
	Duration await(String type, Duration timeout) {
		if (this.started.isDone()) {
			return timeout;
		}
		if (Thread.currentThread() == this.startingThread) {
			throw onStartingThread(type);
		}
		long start = System.nanoTime();
		try {
			this.started.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException | ExecutionException ex) {
			throw notStarted(type, timeout);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw notStarted(type, timeout);
		}
		return left(timeout, start);
	}

	/**
	 * Send once the registry has started, without blocking the caller.
	 * @param type the type of the service the message goes to
	 * @param timeout how long to wait at most
	 * @param send what sends, given what is left of the timeout
	 * @param <R> the type of the reply
	 * @return the reply
	 */
	<R> CompletableFuture<R> then(String type, Duration timeout, Function<Duration, CompletableFuture<R>> send) {
		if (this.started.isDone()) {
			return send.apply(timeout);
		}
		long start = System.nanoTime();
		return this.started.copy()
			.orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS)
			.exceptionallyCompose((ex) -> CompletableFuture.failedFuture(notStarted(type, timeout)))
			.thenCompose((ignored) -> send.apply(left(timeout, start)));
	}

	private static Duration left(Duration timeout, long start) {
		Duration left = timeout.minusNanos(System.nanoTime() - start);
		return (left.compareTo(Duration.ofMillis(1)) < 0) ? Duration.ofMillis(1) : left;
	}

	private static ServiceUnavailableException onStartingThread(String type) {
		return new ServiceUnavailableException(type, "The registry of this node has not started yet, and this is the "
				+ "thread that starts the application context, which starts the registry only after this message "
				+ "returns: waiting could only delay start-up, then fail. Send from an ApplicationReadyEvent "
				+ "listener, or use callAsync, which sends once the registry has started");
	}

	private static ServiceUnavailableException notStarted(String type, Duration timeout) {
		return new ServiceUnavailableException(type,
				"The registry of this node did not start within " + timeout.toMillis() + " ms");
	}

}
