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
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import com.hazelcast.core.HazelcastInstance;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import dev.dispatch.DispatchException;
import dev.dispatch.ServiceOverloadedException;
import dev.dispatch.ServiceRef;
import dev.dispatch.annotation.HandlerMethods;
import dev.dispatch.metrics.DispatchMetrics;
import dev.dispatch.observation.DispatchHandlerObservationConvention;
import dev.dispatch.security.ClusterSeal;

/**
 * Delivers messages to services: to a service of this node through {@link LocalDelivery},
 * straight into its mailbox, and to other nodes through {@link RemoteDelivery}, which
 * sends batches of frames on a connection of this node's own to the target node's
 * {@link MessagePort} (or, to a member that announces none, on its inbox topic). Each
 * node reads what it is sent in its {@link Inbox}; a connection, as a topic with one
 * publisher, delivers in order, and the {@link Outbox} sends the frames of each sending
 * thread in order, so casts from one thread to one service arrive in the order sent.
 * Credits bound what a node may have outstanding to a remote service, and calls to a node
 * fail as soon as it is gone.
 * <p>
 * The inbox listens from {@link #start()} until {@link #close()}, so that a call made
 * while the application shuts down still gets its reply.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
public final class ClusterTransport {

	static final String INBOX_PREFIX = "dispatch.inbox.";

	private static final Runnable NOT_WATCHED = () -> {
	};

	private final String localNode;

	private final MessageCodec codec;

	private final int mailboxCapacity;

	private final int maxMessageSize;

	private final ExecutorService handlerExecutor;

	private final ScheduledThreadPoolExecutor timer;

	private final EndpointTable endpoints;

	private final LocalDelivery local;

	private final RemoteDelivery remote;

	private final Inbox inbox;

	private final FrameHooks hooks;

	private final MessagePort port;

	private final InboundLinks links;

	private boolean started;

	private volatile boolean closed;

	/**
	 * Create a transport whose messages travel over Hazelcast's topics only; see
	 * {@link #ClusterTransport(HazelcastInstance, ClusterSeal, MessageCodec, int, int, boolean, MessagePort)}.
	 */
	public ClusterTransport(HazelcastInstance hazelcast, ClusterSeal seal, MessageCodec codec, int mailboxCapacity,
			int maxMessageSize, boolean virtualThreads) {
		this(hazelcast, seal, codec, mailboxCapacity, maxMessageSize, virtualThreads, new MessagePort(-1));
	}

	/**
	 * Create a transport for a member.
	 * @param hazelcast the member
	 * @param seal this node's seal, {@link ClusterSeal#open()} only without a secret
	 * @param codec turns messages into bytes and back
	 * @param mailboxCapacity how many messages a service may hold, how many this node may
	 * have outstanding to one remote service, and how many one other node may have
	 * waiting at one service of this node
	 * @param maxMessageSize the largest encoded message or reply, in bytes, sent or
	 * accepted
	 * @param virtualThreads whether handlers run on virtual threads (on Java 21 and
	 * later)
	 * @param port the port the member announces, bound before it started; one that is not
	 * bound means messages come over Hazelcast's topic only
	 */
	public ClusterTransport(HazelcastInstance hazelcast, ClusterSeal seal, MessageCodec codec, int mailboxCapacity,
			int maxMessageSize, boolean virtualThreads, MessagePort port) {
		this.localNode = NodeIds.local(hazelcast);
		this.codec = codec;
		this.mailboxCapacity = mailboxCapacity;
		this.maxMessageSize = maxMessageSize;
		this.handlerExecutor = TransportThreads.handlers(virtualThreads);
		this.timer = TransportThreads.timer();
		this.endpoints = new EndpointTable(this.handlerExecutor, mailboxCapacity);
		this.local = new LocalDelivery(this.timer, mailboxCapacity, this::shuttingDown);
		int maxBatchBytes = 2 * Math.max(Outbox.MAX_BATCH_BYTES, maxMessageSize) + 64 * 1024;
		NodeCarriers carriers = new NodeCarriers(hazelcast, this.localNode, seal, maxBatchBytes, port.outboundPorts());
		this.remote = new RemoteDelivery(this.localNode, carriers::to, seal, this.handlerExecutor, this.timer,
				mailboxCapacity);
		this.hooks = new FrameHooks(this.localNode, this.remote, codec, maxMessageSize);
		this.inbox = new Inbox(this.localNode, this.endpoints, this.hooks, this.remote, hazelcast, seal, codec,
				mailboxCapacity, maxMessageSize);
		this.port = port;
		this.links = new InboundLinks(hazelcast, this.localNode, seal, maxBatchBytes, this.inbox::receive);
	}

	/**
	 * Set where measurements of handlers go; none by default. Services bound afterwards
	 * use them.
	 * @param metrics the metrics
	 */
	public void setMetrics(DispatchMetrics metrics) {
		this.endpoints.setMetrics(metrics);
	}

	/**
	 * Set the registry in which handlers are observed; none by default. Services bound
	 * afterwards use it.
	 * @param observationRegistry the registry
	 */
	public void setObservationRegistry(ObservationRegistry observationRegistry) {
		this.endpoints.setObservationRegistry(observationRegistry);
	}

	/**
	 * Set the convention that names and tags the observations of handlers; the default
	 * one when {@code null}. Services bound afterwards use it.
	 * @param handlerObservationConvention the convention, or {@code null}
	 */
	public void setHandlerObservationConvention(
			@Nullable DispatchHandlerObservationConvention handlerObservationConvention) {
		this.endpoints.setHandlerObservationConvention(handlerObservationConvention);
	}

	/**
	 * Set whether a call that arrives on a connection for an idle service runs its
	 * handler on the thread that read it, with no hand-off to the service's worker; off
	 * by default. See {@link ConnectionReaders}.
	 * @param handlersOnReaderThread whether handlers may run on reader threads
	 */
	public void setHandlersOnReaderThread(boolean handlersOnReaderThread) {
		this.inbox.setHandlersOnReaderThread(handlersOnReaderThread);
	}

	/**
	 * Return this node's seal, with which its registry seals too.
	 */
	public ClusterSeal getSeal() {
		return this.remote.seal();
	}

	/**
	 * Return the id of this node.
	 * @return the node id
	 */
	public String getLocalNode() {
		return this.localNode;
	}

	/**
	 * Return the executor on which asynchronous callers are completed.
	 * @return the executor
	 */
	public Executor getCallbackExecutor() {
		return this.handlerExecutor;
	}

	/**
	 * Start listening on this node's inbox: its port, and its topic.
	 */
	public synchronized void start() {
		if (!this.started && !this.closed) {
			this.started = true;
			this.inbox.listen();
			this.port.accept(this.links::accepted);
		}
	}

	/**
	 * Stop listening, fail the calls that still wait for a reply, and stop the
	 * transport's threads.
	 */
	public synchronized void close() {
		this.closed = true;
		this.endpoints.close();
		this.inbox.stopListening();
		// what this node still sends (replies of calls that finished as it stopped) goes
		// first; the links it reads stay open until then
		this.remote.closeCarriers(Duration.ofSeconds(2));
		this.port.close();
		this.links.close();
		// with the timer stopped first, a call that registers later is refused, and every
		// call registered before is seen by the loops below
		this.timer.shutdownNow();
		this.remote.pendingCalls().settleAll((target) -> shuttingDown());
		this.local.failAll();
		this.handlerExecutor.shutdown();
	}

	private DispatchException shuttingDown() {
		return new DispatchException("Node " + this.localNode + " is shutting down");
	}

	/**
	 * Make a handler reachable as a service of this node, with a gate that decides on its
	 * messages routed by key if it keeps state per key.
	 * @param ref the service
	 * @param handlerMethods its handler methods
	 * @param concurrency how many messages it may handle at once
	 * @param gate the gate, or {@code null} for none
	 * @return the worker of the service
	 */
	public ServiceWorker bind(ServiceRef ref, HandlerMethods handlerMethods, int concurrency, @Nullable KeyGate gate) {
		this.codec.getTrustedTypes().trustPackagesOf(handlerMethods.getMessageTypes());
		ServiceEndpoint endpoint = this.endpoints.bind(ref, handlerMethods, concurrency, gate);
		return endpoint.worker();
	}

	/**
	 * Return where other parts of this node send and receive frames of their own.
	 * @return the hooks
	 */
	public FrameHooks hooks() {
		return this.hooks;
	}

	/**
	 * Make a service unreachable; messages it has already accepted are still handled.
	 * @param serviceId the service id
	 */
	public void unbind(String serviceId) {
		this.endpoints.unbind(serviceId);
	}

	/**
	 * Return whether a service of this node has nothing to do: no message waits for it
	 * and none is being handled.
	 * @param serviceId the service id
	 * @return whether it is idle, {@code true} for a service that is not bound
	 */
	public boolean isIdle(String serviceId) {
		return this.endpoints.isIdle(serviceId);
	}

	/**
	 * Send a message without headers; see
	 * {@link #cast(ServiceRef, Object, Map, Runnable)}.
	 */
	public void cast(ServiceRef target, Object message) {
		cast(target, message, Map.of(), NOT_WATCHED);
	}

	/**
	 * Send a message with headers without waiting for it to be handled.
	 * @param target the service
	 * @param message the message
	 * @param headers headers that travel with the message, such as a trace context
	 * @param settled run once the cast is settled: handled or failed, on this node; else
	 * acknowledged (after it ran, in batches), lost on the way, or its node gone. When
	 * this method throws, the cast was not sent and {@code settled} may not run.
	 * @throws ServiceOverloadedException if the service cannot take more messages
	 */
	public void cast(ServiceRef target, Object message, Map<String, String> headers, Runnable settled) {
		ensureOpen();
		if (target.node().equals(this.localNode)) {
			this.local.cast(this.endpoints.to(target), target, message, headers, settled);
			return;
		}
		Frames.checkHeaders(headers);
		this.remote.cast(target, headers, MessageCodec.typeName(message),
				this.codec.encode(message, this.maxMessageSize), settled);
	}

	/**
	 * Call a service without headers, never on the calling thread; see
	 * {@link #call(ServiceRef, Object, Class, Duration, Map, boolean)}.
	 */
	public CompletableFuture<@Nullable Object> call(ServiceRef target, Object message, Class<?> replyType,
			Duration timeout) {
		return call(target, message, replyType, timeout, Map.of());
	}

	/**
	 * Call a service with headers, never on the calling thread; see
	 * {@link #call(ServiceRef, Object, Class, Duration, Map, boolean)}.
	 */
	public CompletableFuture<@Nullable Object> call(ServiceRef target, Object message, Class<?> replyType,
			Duration timeout, Map<String, String> headers) {
		return call(target, message, replyType, timeout, headers, false);
	}

	/**
	 * Call a service with headers, letting a caller that is going to wait for the reply
	 * run the handler itself.
	 * <p>
	 * The credit of a call to a remote service comes back when its node answers or
	 * leaves, not at the timeout: until then its message may still wait at the service.
	 * @param target the service
	 * @param message the message
	 * @param replyType the type the reply must have
	 * @param timeout how long to wait for the reply
	 * @param headers headers that travel with the message, such as a trace context
	 * @param callerWaits whether the caller blocks until the reply: a service on this
	 * node with nothing queued and a free worker then handles the message on the calling
	 * thread, saving two thread hand-offs; the timeout cannot interrupt such a handler,
	 * and a reply that comes later than the timeout is reported as a timeout
	 * @return a future of the reply, completed on the thread that received it
	 */
	public CompletableFuture<@Nullable Object> call(ServiceRef target, Object message, Class<?> replyType,
			Duration timeout, Map<String, String> headers, boolean callerWaits) {
		ensureOpen();
		if (target.node().equals(this.localNode)) {
			return this.local.call(this.endpoints.to(target), target, message, replyType, timeout, headers,
					callerWaits);
		}
		Frames.checkHeaders(headers);
		return this.remote.call(target, headers, MessageCodec.typeName(message),
				this.codec.encode(message, this.maxMessageSize), replyType, timeout);
	}

	private void ensureOpen() {
		if (this.closed) {
			throw shuttingDown();
		}
	}

	/**
	 * Accept a node as a member again: a node that a split-brain heal merges back, or
	 * that restarts, keeps its id.
	 * @param node the node id
	 */
	public void nodeJoined(String node) {
		this.remote.nodeJoined(node);
	}

	/**
	 * Forget a node that left the cluster, no member holding its id any more: its pending
	 * calls fail at once and give their credits back.
	 */
	public void nodeGone(String node) {
		this.remote.nodeGone(node);
		this.links.forget(node);
		this.endpoints.forgetSender(node);
	}

	/**
	 * Fail the pending calls of a node that stopped answering but may come back; a reply
	 * that still comes gives the call's credit back.
	 */
	public void nodeUnreachable(String node) {
		this.remote.nodeUnreachable(node);
	}

	@Nullable ServiceEndpoint getEndpoint(String serviceId) {
		return this.endpoints.get(serviceId);
	}

	SendCredits credits() {
		return this.remote.credits();
	}

	InboundLinks links() {
		return this.links;
	}

	int pendingCallCount() {
		return this.remote.pendingCalls().size();
	}

}
