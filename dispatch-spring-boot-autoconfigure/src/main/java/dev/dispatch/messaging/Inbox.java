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

import java.io.IOException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.topic.ITopic;
import com.hazelcast.topic.Message;
import com.hazelcast.topic.MessageListener;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

import dev.dispatch.DispatchException;
import dev.dispatch.ServiceOverloadedException;
import dev.dispatch.ServiceUnavailableException;
import dev.dispatch.security.ClusterSeal;
import dev.dispatch.security.ThrottledLog;

/**
 * This node's inbox: the batches of frames that other nodes send it, read on the thread
 * of the connection they came on ({@link InboundLinks}), or on Hazelcast's event thread
 * for the inbox topic from members that announce no {@link MessagePort}.
 * <p>
 * Nothing here trusts the sender. A batch is read only if it is a {@code byte[]} (read
 * without Hazelcast's deserializer) published by the member that holds the node id the
 * batch names (on a connection: the node its hello proved) and, when the cluster has a
 * secret, only if it opens with it (encrypted for this node by that node, and never seen
 * before); a reply or error settles only a call made to that node; an acknowledgement
 * gives back only credits of casts outstanding to that node; a message larger than
 * {@code max-message-size}, or beyond the {@code mailbox-capacity} messages that one node
 * may have waiting at one service, is refused on arrival. Messages are decoded later, on
 * the service's worker.
 * <p>
 * The inbox only routes: casts and calls to the service's {@link ServiceEndpoint} through
 * the {@link EndpointTable}; the outcome of a call, both ways, to {@link CallReplies};
 * acknowledgements of casts, both ways, to {@link CastAcknowledgements}.
 *
 * @author Dispatch team
 */
final class Inbox implements MessageListener<byte[]> {

	private static final Log logger = LogFactory.getLog(Inbox.class);

	/**
	 * How long the handlers of one batch may run on the reader thread, from when the
	 * batch was read; past it, the batch's other messages go to their services' workers.
	 */
	private static final long RUN_HERE_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

	private final String localNode;

	private final EndpointTable endpoints;

	private final FrameHooks hooks;

	private final CallReplies replies;

	private final CastAcknowledgements acks;

	private final HazelcastInstance hazelcast;

	private final MessageCodec codec;

	private final int mailboxCapacity;

	private final int maxMessageSize;

	private final UntrustedData untrusted;

	private final ClusterSeal seal;

	private final ThrottledLog drops = new ThrottledLog(logger);

	private @Nullable UUID registration;

	private volatile boolean handlersOnReaderThread;

	private final Routing toWorkers = new Routing(false);

	Inbox(String localNode, EndpointTable endpoints, FrameHooks hooks, RemoteDelivery remote,
			HazelcastInstance hazelcast, ClusterSeal seal, MessageCodec codec, int mailboxCapacity,
			int maxMessageSize) {
		this.localNode = localNode;
		this.endpoints = endpoints;
		this.hooks = hooks;
		this.replies = new CallReplies(remote, codec, maxMessageSize, mailboxCapacity);
		this.acks = new CastAcknowledgements(remote, mailboxCapacity);
		this.hazelcast = hazelcast;
		this.codec = codec;
		this.mailboxCapacity = mailboxCapacity;
		this.maxMessageSize = maxMessageSize;
		this.untrusted = UntrustedData.of(hazelcast);
		Assert.notNull(seal, "'seal' must not be null: use ClusterSeal.open() for a cluster without a secret");
		this.seal = seal;
	}

	/**
	 * Set whether a call that arrives on a connection for an idle service runs its
	 * handler on the connection's reader thread; off by default.
	 * @param handlersOnReaderThread whether handlers may run on reader threads
	 */
	void setHandlersOnReaderThread(boolean handlersOnReaderThread) {
		this.handlersOnReaderThread = handlersOnReaderThread;
	}

	/**
	 * Listen on this node's inbox topic.
	 */
	synchronized void listen() {
		if (this.registration == null) {
			this.registration = topic().addMessageListener(this);
		}
	}

	/**
	 * Stop listening on this node's inbox topic.
	 */
	synchronized void stopListening() {
		UUID listening = this.registration;
		this.registration = null;
		if (listening != null && this.hazelcast.getLifecycleService().isRunning()) {
			topic().removeMessageListener(listening);
		}
	}

	private ITopic<byte[]> topic() {
		return this.hazelcast.getTopic(ClusterTransport.INBOX_PREFIX + this.localNode);
	}

	@Override
	public void onMessage(Message<byte[]> message) {
		Member publisher = message.getPublishingMember();
		byte[] batch = this.untrusted.bytes(message);
		if (batch == null) {
			this.drops.warn("Dropped a message to node " + this.localNode + " from " + publisher
					+ " that is not a batch of frames");
			return;
		}
		if (publisher == null || !NodeIds.holdsId(publisher, this.hazelcast.getCluster().getMembers())) {
			this.drops.warn("Dropped a batch sent to node " + this.localNode + " by " + publisher
					+ ", which is not the member that holds its node id");
			return;
		}
		receive(NodeIds.of(publisher), batch);
	}

	/**
	 * Read a sealed batch that a node proven to be {@code sender} sent to this node.
	 * @param sender the sending node
	 * @param batch the sealed batch
	 */
	void receive(String sender, byte[] batch) {
		receive(sender, batch, Integer.MAX_VALUE);
	}

	/**
	 * Read a sealed batch that a node proven to be {@code sender} sent to this node, on
	 * the thread that reads its connection.
	 * @param sender the sending node
	 * @param batch the sealed batch
	 * @param waiting how many bytes from that node wait to be read after the batch: the
	 * batch's calls may run their handlers on this thread only if less than a batch's
	 * worth waits, and for a short while, so that a reader that falls behind hands its
	 * calls to the workers until it has caught up
	 */
	void receive(String sender, byte[] batch, int waiting) {
		byte[] frames = this.seal.openFrames(sender, this.localNode, batch);
		if (frames == null) {
			return;
		}
		boolean mayRunHere = this.handlersOnReaderThread && waiting < Outbox.MAX_BATCH_BYTES;
		try {
			Frames.read(frames, sender, mayRunHere ? new Routing(true) : this.toWorkers);
		}
		catch (IOException | RuntimeException ex) {
			this.drops.warn("Dropped a malformed batch sent to node " + this.localNode + " by node " + sender + ": "
					+ ex.getMessage());
		}
	}

	/**
	 * Run a message's handler on this reader thread if the service is idle, as its worker
	 * would, so that nothing from this sender can come before it. Whatever it throws is
	 * logged, as a worker logs it, so that the reader goes on.
	 * @return whether the message ran
	 */
	private boolean runHere(ServiceEndpoint endpoint, Supplier<Object> message, Map<String, String> headers,
			BiConsumer<@Nullable Object, @Nullable Throwable> done) {
		try {
			return ConnectionReaders.runHandler(() -> endpoint.handleIfIdle(message, headers, done));
		}
		catch (Throwable ex) {
			logger.error("A message to service " + endpoint.getRef().id() + " failed on the reader thread", ex);
			return true;
		}
	}

	private Supplier<Object> decoder(String typeName, byte[] payload, String sender) {
		return () -> this.codec.decode(typeName, payload, sender);
	}

	/**
	 * Where the frames of one batch go: calls and casts to their services, the outcome of
	 * calls to {@link CallReplies}, acknowledgements to {@link CastAcknowledgements}. For
	 * a batch read while its reader is nearly caught up, calls may run on the reader
	 * until {@code RUN_HERE_NANOS} after the batch was read, and the rest go to the
	 * workers. Casts always go to the workers: run on the reader, each was acknowledged
	 * on its own, which measured slower than the hand-off it saved.
	 */
	private final class Routing implements Frames.Visitor {

		private final boolean onReader;

		private final long runHereUntil;

		Routing(boolean onReader) {
			this.onReader = onReader;
			this.runHereUntil = onReader ? System.nanoTime() + RUN_HERE_NANOS : 0;
		}

		private boolean mayRunHere() {
			return this.onReader && System.nanoTime() - this.runHereUntil < 0;
		}

		@Override
		public void onCast(String sender, String serviceId, Map<String, String> headers, String typeName,
				byte[] payload) {
			ServiceEndpoint endpoint = Inbox.this.endpoints.open(serviceId);
			if (endpoint == null) {
				logger.debug("Dropped a cast from node " + sender + " to service " + serviceId + ", which is gone");
				Inbox.this.acks.refused(sender, serviceId);
				return;
			}
			if (payload.length > Inbox.this.maxMessageSize) {
				Inbox.this.drops.warn("Dropped a cast of " + payload.length + " bytes from node " + sender
						+ " to service " + serviceId + ": it exceeds dispatch.registry.max-message-size");
				Inbox.this.acks.refused(sender, serviceId);
				return;
			}
			boolean taken = endpoint.addFrom(sender, decoder(typeName, payload, sender), headers, (reply, error) -> {
				LocalDelivery.logCastFailure(endpoint.getRef(), error);
				Inbox.this.acks.handled(sender, endpoint);
			});
			if (!taken) {
				Inbox.this.drops.warn("Dropped a cast from node " + sender + " to service " + serviceId
						+ ": that node already has " + Inbox.this.mailboxCapacity + " messages waiting there");
				Inbox.this.acks.refused(sender, serviceId);
			}
		}

		@Override
		public void onCall(String sender, long callId, String serviceId, Map<String, String> headers, String typeName,
				byte[] payload) {
			ServiceEndpoint endpoint = Inbox.this.endpoints.open(serviceId);
			if (endpoint == null) {
				Inbox.this.replies.refuse(sender, callId, Frames.UNAVAILABLE,
						ServiceUnavailableException.class.getName(),
						"Service " + serviceId + " is not registered on node " + Inbox.this.localNode);
				return;
			}
			if (payload.length > Inbox.this.maxMessageSize) {
				Inbox.this.replies.refuse(sender, callId, Frames.FAILED, DispatchException.class.getName(),
						"A message of " + payload.length
								+ " bytes exceeds dispatch.registry.max-message-size of the receiving node");
				return;
			}
			Supplier<Object> message = decoder(typeName, payload, sender);
			BiConsumer<@Nullable Object, @Nullable Throwable> done = (reply, error) -> {
				Inbox.this.replies.send(sender, callId, reply, error);
				Inbox.this.acks.flushIfIdle(endpoint);
			};
			if ((mayRunHere() && runHere(endpoint, message, headers, done))
					|| endpoint.addFrom(sender, message, headers, done)) {
				return;
			}
			Inbox.this.replies.refuse(sender, callId, Frames.OVERLOADED, ServiceOverloadedException.class.getName(),
					"Node " + sender + " already has " + Inbox.this.mailboxCapacity + " messages waiting");
		}

		@Override
		public void onReply(String sender, long callId, String typeName, byte[] payload) {
			Inbox.this.replies.received(sender, callId, typeName, payload);
		}

		@Override
		public void onError(String sender, long callId, byte status, String errorType, String message) {
			Inbox.this.replies.failed(sender, callId, status, errorType, message);
		}

		@Override
		public void onAck(String sender, String serviceId, int count) {
			Inbox.this.acks.received(sender, serviceId, count);
		}

		@Override
		public void onHook(String sender, byte kind, byte[] payload) {
			Inbox.this.hooks.received(sender, kind, payload);
		}

	}

}
