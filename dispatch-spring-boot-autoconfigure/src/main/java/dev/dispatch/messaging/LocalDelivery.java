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
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;

import dev.dispatch.DispatchException;
import dev.dispatch.DispatchTimeoutException;
import dev.dispatch.ServiceOverloadedException;
import dev.dispatch.ServiceRef;

/**
 * Messages to the services of this node: straight into their mailboxes, with no
 * serialization, or, for a caller that waits for the reply of an idle service, run on the
 * caller's own thread.
 * <p>
 * Threads: callers offer; a service's worker completes the call; the timer, ticking a
 * {@link TimeoutWheel}, fails it at its timeout, up to one tick late; {@link #failAll}
 * runs when the transport closes, after which the wheel refuses new timeouts, so a call
 * that races with the close fails too.
 *
 * @author Dispatch team
 */
final class LocalDelivery {

	private static final Log logger = LogFactory.getLog(LocalDelivery.class);

	private final TimeoutWheel timeouts;

	private final int mailboxCapacity;

	private final Supplier<DispatchException> shuttingDown;

	private final Set<CompletableFuture<@Nullable Object>> calls = ConcurrentHashMap.newKeySet();

	private volatile boolean closed;

	LocalDelivery(ScheduledExecutorService timer, int mailboxCapacity, Supplier<DispatchException> shuttingDown) {
		this.timeouts = TimeoutWheel.on(timer);
		this.mailboxCapacity = mailboxCapacity;
		this.shuttingDown = shuttingDown;
	}

	/**
	 * Cast to a service of this node.
	 * @param settled run once the handler has run, or failed
	 */
	void cast(ServiceEndpoint endpoint, ServiceRef target, Object message, Map<String, String> headers,
			Runnable settled) {
		if (!offer(endpoint, message, headers, (reply, error) -> {
			logCastFailure(target, error);
			settled.run();
		})) {
			throw new ServiceOverloadedException(target, this.mailboxCapacity);
		}
	}

	/**
	 * Call a service of this node.
	 * @param callerWaits whether the caller blocks until the reply, so that an idle
	 * service may handle the message on the calling thread
	 */
	CompletableFuture<@Nullable Object> call(ServiceEndpoint endpoint, ServiceRef target, Object message,
			Class<?> replyType, Duration timeout, Map<String, String> headers, boolean callerWaits) {
		CompletableFuture<@Nullable Object> future = new CompletableFuture<>();
		if (!callerWaits || !callOnThisThread(endpoint, target, message, replyType, timeout, headers, future)) {
			callOnWorker(endpoint, target, message, replyType, timeout, headers, future);
		}
		return future;
	}

	private boolean callOnThisThread(ServiceEndpoint endpoint, ServiceRef target, Object message, Class<?> replyType,
			Duration timeout, Map<String, String> headers, CompletableFuture<@Nullable Object> future) {
		long start = System.nanoTime();
		return endpoint.handleIfIdle(() -> message, headers, (reply, error) -> {
			if (System.nanoTime() - start > timeout.toNanos()) {
				future.completeExceptionally(new DispatchTimeoutException(target, timeout));
			}
			else {
				complete(future, target, replyType, reply, error);
			}
		});
	}

	/**
	 * Hand a call to the service's worker; the call is failed at its timeout, or when the
	 * transport closes.
	 */
	private void callOnWorker(ServiceEndpoint endpoint, ServiceRef target, Object message, Class<?> replyType,
			Duration timeout, Map<String, String> headers, CompletableFuture<@Nullable Object> future) {
		this.calls.add(future);
		future.whenComplete((reply, error) -> this.calls.remove(future));
		WorkerCall call = new WorkerCall(future, target, replyType, timeout);
		try {
			this.timeouts.add(call, timeout.toNanos());
		}
		catch (RejectedExecutionException ex) {
			future.completeExceptionally(this.shuttingDown.get());
			return;
		}
		boolean offered;
		try {
			offered = offer(endpoint, message, headers, call);
		}
		catch (DispatchException ex) {
			offered = false;
			future.completeExceptionally(ex);
		}
		if (!offered && !future.isDone()) {
			this.timeouts.cancel(call);
			this.calls.remove(future);
			throw new ServiceOverloadedException(target, this.mailboxCapacity);
		}
		if (this.closed) {
			future.completeExceptionally(this.shuttingDown.get());
		}
	}

	private boolean offer(ServiceEndpoint endpoint, Object message, Map<String, String> headers,
			BiConsumer<@Nullable Object, @Nullable Throwable> done) {
		try {
			return endpoint.offer(() -> message, headers, done);
		}
		catch (RejectedExecutionException ex) {
			throw this.shuttingDown.get();
		}
	}

	static void complete(CompletableFuture<@Nullable Object> future, ServiceRef target, Class<?> replyType,
			@Nullable Object reply, @Nullable Throwable error) {
		if (error != null) {
			future.completeExceptionally(error);
		}
		else if (reply != null && !ClassUtils.resolvePrimitiveIfNecessary(replyType).isInstance(reply)) {
			future.completeExceptionally(new DispatchException("Service " + target.id() + " of type '" + target.type()
					+ "' replied a " + reply.getClass().getName() + ", not a " + replyType.getName()));
		}
		else {
			future.complete(reply);
		}
	}

	static void logCastFailure(ServiceRef target, @Nullable Throwable error) {
		if (error != null) {
			logger.warn("A cast to service " + target.id() + " of type '" + target.type() + "' failed: "
					+ error.getMessage());
		}
	}

	/**
	 * Fail every call still waiting for a service of this node; called once the timer has
	 * stopped.
	 */
	void failAll() {
		this.closed = true;
		for (CompletableFuture<@Nullable Object> call : this.calls) {
			call.completeExceptionally(this.shuttingDown.get());
		}
	}

	/**
	 * A call on a service's worker: its timeout on the wheel, and what the worker runs
	 * once the handler is done.
	 */
	private final class WorkerCall extends TimeoutWheel.Timeout
			implements BiConsumer<@Nullable Object, @Nullable Throwable> {

		private final CompletableFuture<@Nullable Object> future;

		private final ServiceRef target;

		private final Class<?> replyType;

		private final Duration timeout;

		WorkerCall(CompletableFuture<@Nullable Object> future, ServiceRef target, Class<?> replyType,
				Duration timeout) {
			this.future = future;
			this.target = target;
			this.replyType = replyType;
			this.timeout = timeout;
		}

		@Override
		void fired() {
			this.future.completeExceptionally(new DispatchTimeoutException(this.target, this.timeout));
		}

		@Override
		public void accept(@Nullable Object reply, @Nullable Throwable error) {
			LocalDelivery.this.timeouts.cancel(this);
			complete(this.future, this.target, this.replyType, reply, error);
		}

	}

}
