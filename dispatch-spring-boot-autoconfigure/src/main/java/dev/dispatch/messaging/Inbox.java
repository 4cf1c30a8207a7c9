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
import dev.dispatch.DispatchRemoteException;
import dev.dispatch.ServiceOverloadedException;
import dev.dispatch.ServiceRef;
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
 *
 * @author Dispatch team
 */
final class Inbox implements MessageListener<byte[]>, Frames.Visitor {

	private static final Log logger = LogFactory.getLog(Inbox.class);

	private final String localNode;

	private final EndpointTable endpoints;

	private final FrameHooks hooks;

	private final RemoteDelivery remote;

	private final HazelcastInstance hazelcast;

	private final MessageCodec codec;

	private final int mailboxCapacity;

	private final int maxMessageSize;

	private final UntrustedData untrusted;

	private final ClusterSeal seal;

	private final ThrottledLog drops = new ThrottledLog(logger);

	private @Nullable UUID registration;

	Inbox(String localNode, EndpointTable endpoints, FrameHooks hooks, RemoteDelivery remote,
			HazelcastInstance hazelcast, ClusterSeal seal, MessageCodec codec, int mailboxCapacity,
			int maxMessageSize) {
		this.localNode = localNode;
		this.endpoints = endpoints;
		this.hooks = hooks;
		this.remote = remote;
		this.hazelcast = hazelcast;
		this.codec = codec;
		this.mailboxCapacity = mailboxCapacity;
		this.maxMessageSize = maxMessageSize;
		this.untrusted = UntrustedData.of(hazelcast);
		Assert.notNull(seal, "'seal' must not be null: use ClusterSeal.open() for a cluster without a secret");
		this.seal = seal;
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
		byte[] frames = this.seal.openFrames(sender, this.localNode, batch);
		if (frames == null) {
			return;
		}
		try {
			Frames.read(frames, sender, this);
		}
		catch (IOException | RuntimeException ex) {
			this.drops.warn("Dropped a malformed batch sent to node " + this.localNode + " by node " + sender + ": "
					+ ex.getMessage());
		}
	}

	@Override
	public void onCast(String sender, String serviceId, Map<String, String> headers, String typeName, byte[] payload) {
		ServiceEndpoint endpoint = this.endpoints.open(serviceId);
		if (endpoint == null) {
			logger.debug("Dropped a cast from node " + sender + " to service " + serviceId + ", which is gone");
			acknowledgeNow(sender, serviceId);
			return;
		}
		if (payload.length > this.maxMessageSize) {
			this.drops.warn("Dropped a cast of " + payload.length + " bytes from node " + sender + " to service "
					+ serviceId + ": it exceeds dispatch.registry.max-message-size");
			acknowledgeNow(sender, serviceId);
			return;
		}
		boolean taken = endpoint.addFrom(sender, decoder(typeName, payload, sender), headers, (reply, error) -> {
			LocalDelivery.logCastFailure(endpoint.getRef(), error);
			acknowledge(sender, endpoint);
		});
		if (!taken) {
			this.drops.warn("Dropped a cast from node " + sender + " to service " + serviceId
					+ ": that node already has " + this.mailboxCapacity + " messages waiting there");
			acknowledgeNow(sender, serviceId);
		}
	}

	private void acknowledgeNow(String sender, String serviceId) {
		this.remote.sendTo(sender, Frames.ack(serviceId, 1), "an acknowledgement");
	}

	/**
	 * Count a handled cast, and acknowledge in batches: a sender's casts once a quarter
	 * of its credits (at most 64) are waiting for it, and every sender's once the service
	 * has nothing left to do, so that no credit waits for the sender's next cast.
	 */
	private void acknowledge(String sender, ServiceEndpoint endpoint) {
		int count = endpoint.unacknowledgedCasts(sender).incrementAndGet();
		if (endpoint.hasNoWaitingMessages()) {
			acknowledgeAll(endpoint);
		}
		else if (count >= Math.max(1, Math.min(64, this.mailboxCapacity / 4))) {
			flushAcknowledgements(sender, endpoint);
		}
	}

	/**
	 * Acknowledge every sender's handled casts, once the service has nothing left to do
	 * after a cast or a call.
	 */
	private void acknowledgeAll(ServiceEndpoint endpoint) {
		endpoint.sendersWithUnacknowledgedCasts().forEach((node) -> flushAcknowledgements(node, endpoint));
	}

	private void flushAcknowledgements(String sender, ServiceEndpoint endpoint) {
		int taken = endpoint.unacknowledgedCasts(sender).getAndSet(0);
		if (taken > 0) {
			this.remote.sendTo(sender, Frames.ack(endpoint.getRef().id(), taken), "an acknowledgement");
		}
	}

	@Override
	public void onCall(String sender, long callId, String serviceId, Map<String, String> headers, String typeName,
			byte[] payload) {
		ServiceEndpoint endpoint = this.endpoints.open(serviceId);
		if (endpoint == null) {
			replyError(sender, callId, Frames.UNAVAILABLE, ServiceUnavailableException.class.getName(),
					"Service " + serviceId + " is not registered on node " + this.localNode);
			return;
		}
		if (payload.length > this.maxMessageSize) {
			replyError(sender, callId, Frames.FAILED, DispatchException.class.getName(), "A message of "
					+ payload.length + " bytes exceeds dispatch.registry.max-message-size of the receiving node");
			return;
		}
		boolean taken = endpoint.addFrom(sender, decoder(typeName, payload, sender), headers, (reply, error) -> {
			if (error instanceof MessageCodec.UntrustedTypeException) {
				logger.warn(error.getMessage());
			}
			this.remote.sendTo(sender, replyFrame(callId, reply, error), "a reply");
			if (endpoint.hasNoWaitingMessages()) {
				acknowledgeAll(endpoint);
			}
		});
		if (!taken) {
			replyError(sender, callId, Frames.OVERLOADED, ServiceOverloadedException.class.getName(),
					"Node " + sender + " already has " + this.mailboxCapacity + " messages waiting");
		}
	}

	private void replyError(String sender, long callId, byte status, String errorType, String message) {
		this.remote.sendTo(sender, Frames.error(callId, status, errorType, message), "a reply");
	}

	private Supplier<Object> decoder(String typeName, byte[] payload, String sender) {
		return () -> this.codec.decode(typeName, payload, sender);
	}

	private byte[] replyFrame(long callId, @Nullable Object reply, @Nullable Throwable error) {
		if (error instanceof DispatchRemoteException remote) {
			Throwable cause = remote.getCause();
			return Frames.error(callId, Frames.HANDLER_FAILED, remote.getRemoteExceptionClassName(),
					(cause != null) ? cause.getMessage() : null);
		}
		if (error != null) {
			return Frames.error(callId, Frames.FAILED, error.getClass().getName(), error.getMessage());
		}
		try {
			return Frames.reply(callId, MessageCodec.typeName(reply),
					(reply != null) ? this.codec.encode(reply, this.maxMessageSize) : new byte[0]);
		}
		catch (DispatchException ex) {
			logger.warn("A reply could not be sent: " + ex.getMessage());
			return Frames.error(callId, Frames.FAILED, ex.getClass().getName(),
					"The reply could not be sent: " + ex.getMessage());
		}
	}

	@Override
	public void onReply(String sender, long callId, String typeName, byte[] payload) {
		PendingCalls.PendingCall call = this.remote.pendingCalls().settle(callId, sender);
		if (call == null) {
			return;
		}
		if (payload.length > this.maxMessageSize) {
			call.future.completeExceptionally(new DispatchException("The reply of service " + call.target.id() + " of "
					+ payload.length + " bytes exceeds dispatch.registry.max-message-size"));
			return;
		}
		try {
			call.future.complete(this.codec.decodeReply(typeName, payload, call.replyType, sender));
		}
		catch (DispatchException ex) {
			call.future.completeExceptionally(ex);
		}
	}

	@Override
	public void onError(String sender, long callId, byte status, String errorType, String message) {
		PendingCalls.PendingCall call = this.remote.pendingCalls().settle(callId, sender);
		if (call == null) {
			return;
		}
		ServiceRef target = call.target;
		DispatchException error = switch (status) {
			case Frames.HANDLER_FAILED ->
				new DispatchRemoteException(target, errorType, message.isEmpty() ? null : message, null);
			case Frames.UNAVAILABLE -> new ServiceGoneException(target, message);
			case Frames.OVERLOADED -> new ServiceOverloadedException(target, this.mailboxCapacity);
			default -> new DispatchException("Service " + target.id() + " of type '" + target.type() + "' on node "
					+ target.node() + " could not handle the call: " + message);
		};
		call.future.completeExceptionally(error);
	}

	@Override
	public void onAck(String sender, String serviceId, int count) {
		if (!this.remote.credits().acknowledge(sender, serviceId, count)) {
			this.drops.warn("Ignored an acknowledgement of " + count + " casts to service " + serviceId + " from node "
					+ sender + ": that many are not outstanding to that node");
		}
	}

	@Override
	public void onHook(String sender, byte kind, byte[] payload) {
		this.hooks.received(sender, kind, payload);
	}

}
