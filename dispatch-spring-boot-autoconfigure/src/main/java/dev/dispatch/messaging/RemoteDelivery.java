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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

import dev.dispatch.DispatchException;
import dev.dispatch.ServiceOverloadedException;
import dev.dispatch.ServiceRef;
import dev.dispatch.ServiceUnavailableException;
import dev.dispatch.security.ClusterSeal;

/**
 * Frames to the other nodes: one {@link Outbox} per node, the credits that bound what
 * this node may have outstanding to each remote service, and the calls that wait for a
 * reply.
 * <p>
 * Threads: callers send casts and calls; handler workers and the inbox thread send
 * replies and acknowledgements; the membership thread reports departures; the transport
 * settles every call when it closes.
 *
 * @author Dispatch team
 */
final class RemoteDelivery {

	private static final Log logger = LogFactory.getLog(RemoteDelivery.class);

	private static final long DEPARTED_MEMORY_NANOS = TimeUnit.MINUTES.toNanos(1);

	/**
	 * How long casts to a service may go unacknowledged before their credits are given
	 * back.
	 */
	private static final long CAST_SILENCE_NANOS = TimeUnit.MINUTES.toNanos(1);

	private final String localNode;

	private final Function<String, NodeCarriers.Carrier> carriers;

	private final ClusterSeal seal;

	private final Executor drainExecutor;

	private final Map<String, Outbox> outboxes = new ConcurrentHashMap<>();

	private volatile boolean closed;

	/**
	 * The nodes that left, with when, for long enough to catch a call or a reply that
	 * raced with the departure; older entries are dropped as others leave.
	 */
	private final Map<String, Long> departedNodes = new ConcurrentHashMap<>();

	private final SendCredits credits;

	private final PendingCalls pendingCalls;

	/**
	 * Create the delivery to other nodes.
	 * @param localNode this node's id
	 * @param carriers what carries batches to each node
	 * @param seal what seals each batch for the node it goes to;
	 * {@link ClusterSeal#open()} only without a secret
	 * @param drainExecutor where outboxes publish what their senders leave behind
	 * @param timer where calls time out
	 * @param capacity how many messages may be outstanding to one remote service
	 */
	RemoteDelivery(String localNode, Function<String, NodeCarriers.Carrier> carriers, ClusterSeal seal,
			Executor drainExecutor, ScheduledExecutorService timer, int capacity) {
		Assert.notNull(seal, "'seal' must not be null: use ClusterSeal.open() for a cluster without a secret");
		this.localNode = localNode;
		this.carriers = carriers;
		this.seal = seal;
		this.drainExecutor = drainExecutor;
		this.credits = new SendCredits(capacity);
		this.pendingCalls = new PendingCalls(timer, (target) -> this.credits.release(target.id(), false));
		timer.scheduleWithFixedDelay(this::expireUnacknowledgedCasts, CAST_SILENCE_NANOS, CAST_SILENCE_NANOS / 6,
				TimeUnit.NANOSECONDS);
	}

	/**
	 * Cast to a service of another node.
	 * @param settled run once the cast is acknowledged, lost, or its node gone
	 */
	void cast(ServiceRef target, Map<String, String> headers, String typeName, byte[] payload, Runnable settled) {
		if (!this.credits.tryAcquireCast(target.node(), target.id(), settled)) {
			throw new ServiceOverloadedException(target, this.credits.capacity());
		}
		Outbox.OutboundFrame frame = new Outbox.OutboundFrame(Frames.cast(target.id(), headers, typeName, payload),
				(ex) -> this.credits.releaseCast(target.id(), settled));
		outbox(target.node()).send(frame);
		RuntimeException lost = frame.lost();
		if (lost != null) {
			throw sendFailure(target, lost);
		}
		if (this.departedNodes.containsKey(target.node())) {
			// raced with the node's departure: no acknowledgement will come
			this.credits.releaseCast(target.id(), settled);
		}
	}

	CompletableFuture<@Nullable Object> call(ServiceRef target, Map<String, String> headers, String typeName,
			byte[] payload, Class<?> replyType, Duration timeout) {
		CompletableFuture<@Nullable Object> future = new CompletableFuture<>();
		acquireCredit(target);
		long callId = this.pendingCalls.register(target, replyType, future, timeout);
		outbox(target.node())
			.send(new Outbox.OutboundFrame(Frames.call(callId, target.id(), headers, typeName, payload),
					(ex) -> this.pendingCalls.abandon(callId, sendFailure(target, ex))));
		if (this.departedNodes.containsKey(target.node())) {
			this.pendingCalls.settleNode(target.node(), (gone) -> departed(target.node(), gone));
		}
		return future;
	}

	private void acquireCredit(ServiceRef target) {
		if (!this.credits.tryAcquire(target.node(), target.id(), false)) {
			throw new ServiceOverloadedException(target, this.credits.capacity());
		}
	}

	private static DispatchException sendFailure(ServiceRef target, RuntimeException ex) {
		return new DispatchException("Could not send to service " + target.id() + " of type '" + target.type()
				+ "' on node " + target.node() + ": " + ex.getMessage(), ex);
	}

	/**
	 * Queue a reply or an acknowledgement to a node, unless the node has left.
	 */
	void sendTo(String node, byte[] frame, String what) {
		if (this.departedNodes.containsKey(node) || this.closed) {
			return;
		}
		outbox(node).send(new Outbox.OutboundFrame(frame,
				(ex) -> logger.warn("Could not send " + what + " to node " + node + ": " + ex.getMessage())));
	}

	private Outbox outbox(String node) {
		return this.outboxes.computeIfAbsent(node, (target) -> {
			if (this.closed) {
				throw new DispatchException("Node " + this.localNode + " is shutting down");
			}
			NodeCarriers.Carrier carrier = this.carriers.apply(target);
			return new Outbox(this.localNode, new Outbox.Publisher() {

				@Override
				public void publish(byte[] batch) {
					carrier.accept(RemoteDelivery.this.seal.sealFrames(RemoteDelivery.this.localNode, target, batch));
				}

				@Override
				public boolean isReady() {
					return carrier.isReady();
				}

				@Override
				public void flush() {
					carrier.flush();
				}

				@Override
				public void close() {
					carrier.close();
				}

			}, this.drainExecutor);
		});
	}

	private void expireUnacknowledgedCasts() {
		int expired = this.credits.expireUnacknowledged(System.nanoTime(), CAST_SILENCE_NANOS);
		if (expired > 0) {
			logger.warn(expired + " casts from node " + this.localNode + " were not acknowledged within "
					+ TimeUnit.NANOSECONDS.toSeconds(CAST_SILENCE_NANOS) + " s; their credits are given back");
		}
	}

	void nodeJoined(String node) {
		this.departedNodes.remove(node);
	}

	void nodeGone(String node) {
		long now = System.nanoTime();
		this.departedNodes.values().removeIf((departed) -> now - departed > DEPARTED_MEMORY_NANOS);
		this.departedNodes.put(node, now);
		Outbox gone = this.outboxes.remove(node);
		if (gone != null) {
			gone.close();
		}
		this.seal.forgetNode(node);
		this.credits.forgetNode(node);
		this.pendingCalls.settleNode(node, (target) -> departed(node, target));
	}

	/**
	 * Close the carriers to every node, once what is queued has gone (replies of calls
	 * that finished as the node stopped, say) or within {@code patience}; frames sent
	 * afterwards are dropped.
	 */
	void closeCarriers(Duration patience) {
		long deadline = System.nanoTime() + patience.toNanos();
		this.outboxes.values().forEach((outbox) -> outbox.awaitIdle(deadline));
		this.closed = true;
		this.outboxes.values().forEach(Outbox::close);
	}

	void nodeUnreachable(String node) {
		this.pendingCalls.failNode(node, (target) -> departed(node, target));
	}

	private static ServiceUnavailableException departed(String node, ServiceRef target) {
		return new ServiceUnavailableException(target.type(), "Node " + node + " of service " + target.id()
				+ " of type '" + target.type() + "' left before replying");
	}

	ClusterSeal seal() {
		return this.seal;
	}

	SendCredits credits() {
		return this.credits;
	}

	PendingCalls pendingCalls() {
		return this.pendingCalls;
	}

}
