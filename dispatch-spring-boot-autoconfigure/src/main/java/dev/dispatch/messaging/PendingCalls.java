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
import java.util.concurrent.atomic.AtomicLong;
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
 * of a service bound how many calls stay here for it. Timeouts wait on a
 * {@link TimeoutWheel}, so a call may fail up to one tick (10 ms) late, never early.
 * <p>
 * Call ids are hard to guess, so that no other member can answer a call it was not sent;
 * but the guard is that a reply settles a call only when it comes from the node that was
 * called. An id is a counter, from a random start, through two rounds of the SplitMix64
 * finalizer keyed by random words ({@code mix(mix(n ^ k0) ^ k1) ^ k2}, an iterated
 * Even-Mansour construction): a bijection, so ids never repeat within 2<sup>64</sup>
 * calls, and costing nanoseconds where {@link SecureRandom} costs a lock and far more. It
 * is no vetted cipher: it only keeps a member from predicting the ids of other calls from
 * those it is sent.
 * <p>
 * Threads: callers register; the timer ticks the wheel, failing futures at their timeouts
 * and settling the calls whose grace has passed; the inbox thread settles calls on
 * replies; the membership thread settles those of a departed node. Each call is removed,
 * and so settled, exactly once, by whoever removes it from the map.
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

	private final AtomicLong count;

	private final long[] keys = new long[3];

	private final TimeoutWheel wheel;

	private final Consumer<ServiceRef> onSettled;

	private final long answerGraceNanos;

	/**
	 * Create the pending calls of a transport.
	 * @param timer the timer that ticks the wheel where calls time out
	 * @param onSettled told of each call's target once the call is settled, to give back
	 * its credit
	 */
	PendingCalls(ScheduledExecutorService timer, Consumer<ServiceRef> onSettled) {
		this(timer, onSettled, ANSWER_GRACE);
	}

	PendingCalls(ScheduledExecutorService timer, Consumer<ServiceRef> onSettled, Duration answerGrace) {
		this.wheel = TimeoutWheel.on(timer);
		this.onSettled = onSettled;
		this.answerGraceNanos = answerGrace.toNanos();
		SecureRandom random = new SecureRandom();
		this.count = new AtomicLong(random.nextLong());
		for (int i = 0; i < this.keys.length; i++) {
			this.keys[i] = random.nextLong();
		}
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
		long timeoutNanos = timeout.toNanos();
		long id = nextId();
		PendingCall call = new PendingCall(id, target, replyType, future, timeout);
		this.calls.put(id, call);
		try {
			this.wheel.add(call, timeoutNanos);
		}
		catch (RejectedExecutionException ex) {
			DispatchException closed = new DispatchException(
					"Node " + target.node() + " cannot be called: this node is shutting down");
			abandon(id, closed);
			throw closed;
		}
		return id;
	}

	private long nextId() {
		return mix(mix(this.count.getAndIncrement() ^ this.keys[0]) ^ this.keys[1]) ^ this.keys[2];
	}

	/**
	 * The SplitMix64 finalizer: a bijection of 64-bit words that spreads every bit.
	 */
	private static long mix(long z) {
		z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
		z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
		return z ^ (z >>> 31);
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
		this.wheel.cancel(call);
		this.onSettled.accept(call.target);
	}

	int size() {
		return this.calls.size();
	}

	/**
	 * A call, and its timeout on the wheel: first the caller's, then, once that has
	 * passed, the grace given to its answer.
	 */
	final class PendingCall extends TimeoutWheel.Timeout {

		final ServiceRef target;

		final Class<?> replyType;

		final CompletableFuture<@Nullable Object> future;

		private final long id;

		private final Duration timeout;

		/** Whether the caller's timeout has passed; only the ticking thread uses it. */
		private boolean timedOut;

		PendingCall(long id, ServiceRef target, Class<?> replyType, CompletableFuture<@Nullable Object> future,
				Duration timeout) {
			this.id = id;
			this.target = target;
			this.replyType = replyType;
			this.future = future;
			this.timeout = timeout;
		}

		/**
		 * Fail the call at its timeout, and give up on its answer {@link #ANSWER_GRACE}
		 * later: an answer lost on the way (Hazelcast drops events when a member's event
		 * queue is full) must not hold a credit for as long as the node lives. A node may
		 * have no more than {@code mailbox-capacity} messages waiting at a service
		 * whatever its credits say, so the late credit cannot overfill the service.
		 */
		@Override
		void fired() {
			if (this.timedOut) {
				if (PendingCalls.this.calls.remove(this.id, this)) {
					PendingCalls.this.onSettled.accept(this.target);
				}
				return;
			}
			this.timedOut = true;
			this.future.completeExceptionally(new DispatchTimeoutException(this.target, this.timeout));
			try {
				PendingCalls.this.wheel.add(this, PendingCalls.this.answerGraceNanos);
			}
			catch (RejectedExecutionException ex) {
				// closing: every call is settled by the transport
				return;
			}
			if (!PendingCalls.this.calls.containsKey(this.id)) {
				// settled while timing out, before the grace was added
				PendingCalls.this.wheel.cancel(this);
			}
		}

	}

}
