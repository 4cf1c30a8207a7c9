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

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import dev.dispatch.DispatchException;
import dev.dispatch.DispatchTimeoutException;
import dev.dispatch.ServiceRef;

/**
 * The calls to other nodes that wait for a reply.
 * <p>
 * A call's future fails at its timeout, but the call stays here until its node answers (a
 * reply or an error), leaves the cluster, or the transport closes: its message may still
 * wait at the service, so the credit it holds comes back only then, through
 * {@code onSettled}, or a minute after the timeout if no answer ever comes. The credits
 * of a service bound how many calls stay here for it.
 * <p>
 * Call ids are random, so that no other member can guess one; a reply settles a call only
 * when it comes from the node that was called.
 * <p>
 * Threads: callers register; the timer fails futures at their timeouts; the inbox thread
 * settles calls on replies; the membership thread settles those of a departed node. Each
 * call is removed, and so settled, exactly once, by whoever removes it from the map.
 *
 * @author Dispatch team
 */
final class PendingCalls {

	/**
	 * How long after its timeout a call waits for its answer before giving its credit
	 * back anyway.
	 */
	static final Duration ANSWER_GRACE = Duration.ofMinutes(1);

	private final Map<Long, PendingCall> calls = new ConcurrentHashMap<>();

	private final SecureRandom ids = new SecureRandom();

	private final ScheduledExecutorService timer;

	private final Consumer<ServiceRef> onSettled;

	private final Duration answerGrace;

	/**
	 * Create the pending calls of a transport.
	 * @param timer the timer that fails calls at their timeouts
	 * @param onSettled told of each call's target once the call is settled, to give back
	 * its credit
	 */
	PendingCalls(ScheduledExecutorService timer, Consumer<ServiceRef> onSettled) {
		this(timer, onSettled, ANSWER_GRACE);
	}

	PendingCalls(ScheduledExecutorService timer, Consumer<ServiceRef> onSettled, Duration answerGrace) {
		this.timer = timer;
		this.onSettled = onSettled;
		this.answerGrace = answerGrace;
	}

	/**
	 * Register a call about to be sent; its future fails at the timeout.
	 * @param target the service called
	 * @param replyType the type the reply must have
	 * @param future the caller's future
	 * @param timeout how long the caller waits
	 * @return the call id
	 * @throws DispatchException if the transport is closing: the call is settled already
	 */
	long register(ServiceRef target, Class<?> replyType, CompletableFuture<@Nullable Object> future, Duration timeout) {
		PendingCall call = new PendingCall(target, replyType, future);
		long id = this.ids.nextLong();
		while (this.calls.putIfAbsent(id, call) != null) {
			id = this.ids.nextLong();
		}
		long callId = id;
		try {
			call.timeout = this.timer.schedule(() -> timedOut(callId, call, timeout), timeout.toNanos(),
					TimeUnit.NANOSECONDS);
		}
		catch (RejectedExecutionException ex) {
			DispatchException closed = new DispatchException(
					"Node " + target.node() + " cannot be called: this node is shutting down");
			abandon(id, closed);
			throw closed;
		}
		return id;
	}

	/**
	 * Fail a call at its timeout, and give up on its answer {@link #ANSWER_GRACE} later:
	 * an answer lost on the way (Hazelcast drops events when a member's event queue is
	 * full) must not hold a credit for as long as the node lives. A node may have no more
	 * than {@code mailbox-capacity} messages waiting at a service whatever its credits
	 * say, so the late credit cannot overfill the service.
	 */
	private void timedOut(long id, PendingCall call, Duration timeout) {
		call.future.completeExceptionally(new DispatchTimeoutException(call.target, timeout));
		try {
			call.timeout = this.timer.schedule(() -> {
				if (this.calls.remove(id, call)) {
					this.onSettled.accept(call.target);
				}
			}, this.answerGrace.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (RejectedExecutionException ex) {
			// closing: every call is settled by the transport
		}
	}

	/**
	 * Settle a call that its node answered.
	 * @param id the call id
	 * @param sender the node that answered
	 * @return the call, or {@code null} if no call of that id waits for that node
	 */
	@Nullable PendingCall settle(long id, String sender) {
		PendingCall call = this.calls.get(id);
		if (call == null || !call.target.node().equals(sender) || !this.calls.remove(id, call)) {
			return null;
		}
		settled(call);
		return call;
	}

	/**
	 * Settle a call whose message never left this node, failing it.
	 * @param id the call id
	 * @param error why
	 */
	void abandon(long id, Throwable error) {
		PendingCall call = this.calls.remove(id);
		if (call != null) {
			settled(call);
			call.future.completeExceptionally(error);
		}
	}

	/**
	 * Fail the calls that wait for a node that stopped answering but may come back; they
	 * stay pending, so that a late reply still gives their credits back.
	 * @param node the node
	 * @param error the error for a call
	 */
	void failNode(String node, Function<ServiceRef, ? extends Throwable> error) {
		for (PendingCall call : this.calls.values()) {
			if (call.target.node().equals(node)) {
				call.future.completeExceptionally(error.apply(call.target));
			}
		}
	}

	/**
	 * Settle and fail every call that waits for a node that left the cluster.
	 * @param node the node
	 * @param error the error for a call
	 */
	void settleNode(String node, Function<ServiceRef, ? extends Throwable> error) {
		for (Map.Entry<Long, PendingCall> entry : this.calls.entrySet()) {
			if (entry.getValue().target.node().equals(node)) {
				abandon(entry.getKey(), error.apply(entry.getValue().target));
			}
		}
	}

	/**
	 * Settle and fail every call.
	 * @param error the error for a call
	 */
	void settleAll(Function<ServiceRef, ? extends Throwable> error) {
		for (Map.Entry<Long, PendingCall> entry : this.calls.entrySet()) {
			abandon(entry.getKey(), error.apply(entry.getValue().target));
		}
	}

	private void settled(PendingCall call) {
		ScheduledFuture<?> timeout = call.timeout;
		if (timeout != null) {
			timeout.cancel(false);
		}
		this.onSettled.accept(call.target);
	}

	int size() {
		return this.calls.size();
	}

	static final class PendingCall {

		final ServiceRef target;

		final Class<?> replyType;

		final CompletableFuture<@Nullable Object> future;

		volatile @Nullable ScheduledFuture<?> timeout;

		PendingCall(ServiceRef target, Class<?> replyType, CompletableFuture<@Nullable Object> future) {
			this.target = target;
			this.replyType = replyType;
			this.future = future;
		}

	}

}
