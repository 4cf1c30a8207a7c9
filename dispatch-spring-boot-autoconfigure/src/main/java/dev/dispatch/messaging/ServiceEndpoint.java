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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import dev.dispatch.DispatchException;
import dev.dispatch.DispatchRemoteException;
import dev.dispatch.ServiceRef;
import dev.dispatch.annotation.HandlerMethods;
import dev.dispatch.annotation.HandlerMethods.HandlerFailedException;
import dev.dispatch.metrics.DispatchMetrics;
import dev.dispatch.observation.DispatchHandlerObservationConvention;
import dev.dispatch.observation.DispatchObservations;

/**
 * A service of this node: its handler methods behind a bounded mailbox. A failing handler
 * fails the message it was handling, never the service.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
final class ServiceEndpoint {

	private final ServiceRef ref;

	private final HandlerMethods handlerMethods;

	private final Mailbox mailbox;

	private final DispatchMetrics metrics;

	private final ObservationRegistry observationRegistry;

	private final @Nullable DispatchHandlerObservationConvention observationConvention;

	private final Map<String, AtomicInteger> unacknowledgedCasts = new ConcurrentHashMap<>();

	private final Map<String, AtomicInteger> queuedBySender = new ConcurrentHashMap<>();

	private volatile boolean closed;

	private volatile @Nullable KeyGate gate;

	ServiceEndpoint(ServiceRef ref, HandlerMethods handlerMethods, Executor executor, int concurrency, int capacity,
			DispatchMetrics metrics, ObservationRegistry observationRegistry) {
		this(ref, handlerMethods, executor, concurrency, capacity, metrics, observationRegistry, null);
	}

	ServiceEndpoint(ServiceRef ref, HandlerMethods handlerMethods, Executor executor, int concurrency, int capacity,
			DispatchMetrics metrics, ObservationRegistry observationRegistry,
			@Nullable DispatchHandlerObservationConvention observationConvention) {
		this.ref = ref;
		this.metrics = metrics;
		this.observationRegistry = observationRegistry;
		this.observationConvention = observationConvention;
		this.handlerMethods = handlerMethods;
		this.mailbox = new Mailbox(executor, concurrency, capacity);
	}

	/**
	 * Return the reference of this service.
	 * @return the service reference
	 */
	public ServiceRef getRef() {
		return this.ref;
	}

	/**
	 * Return the handler methods of this service.
	 * @return the handler methods
	 */
	public HandlerMethods getHandlerMethods() {
		return this.handlerMethods;
	}

	/**
	 * Return how many messages wait in the mailbox.
	 * @return the number of waiting messages
	 */
	public int getQueued() {
		return this.mailbox.size();
	}

	boolean isClosed() {
		return this.closed;
	}

	/**
	 * Let a gate decide on each message routed by key before it runs.
	 * @param gate the gate
	 */
	void setGate(KeyGate gate) {
		this.gate = gate;
	}

	/**
	 * Return the worker on which tasks run in turn with this service's messages.
	 * @return the worker
	 */
	ServiceWorker worker() {
		Mailbox mailbox = this.mailbox;
		return new ServiceWorker() {

			@Override
			public void run(Runnable task) {
				unlessClosing(() -> mailbox.add(task));
			}

			@Override
			public void runAlone(Runnable task) {
				unlessClosing(() -> mailbox.addExclusive(task));
			}

			@Override
			public int queued() {
				return mailbox.size();
			}

		};
	}

	/**
	 * Add to the mailbox, unless the node is closing and its workers are gone.
	 */
	private static void unlessClosing(Runnable adding) {
		try {
			adding.run();
		}
		catch (RejectedExecutionException ex) {
			// the transport closed: nothing runs any more
		}
	}

	/**
	 * Put a message that a gate kept back at the head of the mailbox, before the messages
	 * that came after it, whatever the mailbox holds: its sender's bound was counted when
	 * it first arrived.
	 */
	void requeue(Supplier<Object> message, Map<String, String> headers,
			BiConsumer<@Nullable Object, @Nullable Throwable> done) {
		unlessClosing(() -> this.mailbox.addFirst(() -> handle(message, headers, done)));
	}

	void close() {
		this.closed = true;
	}

	Set<String> sendersWithUnacknowledgedCasts() {
		return this.unacknowledgedCasts.keySet();
	}

	AtomicInteger unacknowledgedCasts(String sender) {
		return this.unacknowledgedCasts.computeIfAbsent(sender, (node) -> new AtomicInteger());
	}

	boolean hasNoWaitingMessages() {
		return this.mailbox.isEmpty();
	}

	/**
	 * Return whether no message waits for this service and none is being handled.
	 * @return whether the service is idle
	 */
	public boolean isIdle() {
		return this.mailbox.isIdle();
	}

	int capacity() {
		return this.mailbox.capacity();
	}

	/**
	 * Offer a message from this node, bounded by the mailbox capacity.
	 * @return whether the mailbox took it
	 */
	boolean offer(Supplier<Object> message, Map<String, String> headers,
			BiConsumer<@Nullable Object, @Nullable Throwable> done) {
		return this.mailbox.offer(() -> handle(message, headers, done));
	}

	/**
	 * Handle a message on the calling thread if the service is idle, as its worker would:
	 * nothing waits for the service, and it has a free worker.
	 * @return whether it was handled
	 */
	boolean handleIfIdle(Supplier<Object> message, Map<String, String> headers,
			BiConsumer<@Nullable Object, @Nullable Throwable> done) {
		return this.mailbox.runIfIdle(() -> handle(message, headers, done));
	}

	/**
	 * Add a message from another node, unless that node already has {@code capacity}
	 * messages here: an honest sender's credits never let it get that far, and another
	 * member's cannot be trusted to.
	 * @param sender the sending node
	 * @return whether the mailbox took it
	 */
	boolean addFrom(String sender, Supplier<Object> message, Map<String, String> headers,
			BiConsumer<@Nullable Object, @Nullable Throwable> done) {
		AtomicInteger queued = this.queuedBySender.computeIfAbsent(sender, (node) -> new AtomicInteger());
		if (queued.incrementAndGet() > this.mailbox.capacity()) {
			queued.decrementAndGet();
			return false;
		}
		this.mailbox.add(() -> {
			queued.decrementAndGet();
			handle(message, headers, done);
		});
		return true;
	}

	/**
	 * Forget what this service counts for a node that left the cluster.
	 * @param node the node
	 */
	void forgetSender(String node) {
		this.queuedBySender.remove(node);
		this.unacknowledgedCasts.remove(node);
	}

	private void handle(Supplier<Object> message, Map<String, String> headers,
			BiConsumer<@Nullable Object, @Nullable Throwable> done) {
		KeyGate gate = this.gate;
		if (gate != null) {
			GatedMessage gated = GatedMessage.of(this, message, headers, done);
			if (gated != null) {
				if (!admit(gate, gated)) {
					return;
				}
				handleNow(message, headers, gate.afterRun(gated, done));
				return;
			}
		}
		handleNow(message, headers, done);
	}

	private boolean admit(KeyGate gate, GatedMessage gated) {
		try {
			return gate.admit(gated);
		}
		catch (RuntimeException ex) {
			return true;
		}
	}

	private void handleNow(Supplier<Object> message, Map<String, String> headers,
			BiConsumer<@Nullable Object, @Nullable Throwable> done) {
		if (this.observationRegistry.isNoop()) {
			handle(message, done);
			return;
		}
		Observation observation = DispatchObservations
			.handling(this.observationRegistry, this.observationConvention, this.ref, headers)
			.start();
		try (Observation.Scope scope = observation.openScope()) {
			handle(message, (reply, error) -> {
				if (error != null) {
					observation.error(error);
				}
				done.accept(reply, error);
			});
		}
		finally {
			observation.stop();
		}
	}

	private void handle(Supplier<Object> message, BiConsumer<@Nullable Object, @Nullable Throwable> done) {
		long start = System.nanoTime();
		Object reply = null;
		Throwable error = null;
		try {
			reply = this.handlerMethods.invoke(message.get());
		}
		catch (HandlerFailedException ex) {
			Throwable cause = ex.getCause();
			error = new DispatchRemoteException(this.ref, cause.getClass().getName(), cause.getMessage(), cause);
		}
		catch (DispatchException ex) {
			error = ex;
		}
		catch (RuntimeException | Error ex) {
			// an Error too (a stack overflow, a huge allocation): the caller is still
			// answered,
			// so that its credit comes back
			error = new DispatchException(
					"Service " + this.ref.id() + " of type '" + this.ref.type() + "' could not handle a message: " + ex,
					ex);
		}
		try {
			this.metrics.handled(this.ref, (error != null) ? "error" : "success", System.nanoTime() - start);
		}
		finally {
			done.accept(reply, error);
		}
	}

}
