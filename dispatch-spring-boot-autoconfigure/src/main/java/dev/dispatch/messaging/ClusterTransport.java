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
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.topic.ITopic;
import com.hazelcast.topic.Message;
import com.hazelcast.topic.MessageListener;
import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.util.ClassUtils;

import dev.dispatch.DispatchException;
import dev.dispatch.DispatchRemoteException;
import dev.dispatch.DispatchTimeoutException;
import dev.dispatch.ServiceOverloadedException;
import dev.dispatch.ServiceRef;
import dev.dispatch.ServiceUnavailableException;
import dev.dispatch.annotation.HandlerMethods;
import dev.dispatch.metrics.DispatchMetrics;

/**
 * Delivers messages to services: directly into the mailbox of a service on this node, and
 * through the target node's inbox topic otherwise. Each node listens on its own inbox;
 * Hazelcast delivers the messages of one publisher to one topic in order, and the
 * {@link Outbox} publishes the frames of each sending thread in order, so casts from one
 * thread to one service arrive in the order sent. Credits bound what a node may have
 * outstanding to a remote service, and calls to a node fail as soon as it is gone.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
public final class ClusterTransport implements MessageListener<byte[]>, Frames.Visitor {

	private static final Log logger = LogFactory.getLog(ClusterTransport.class);

	static final String INBOX_PREFIX = "dispatch.inbox.";

	private final HazelcastInstance hazelcast;

	private final String localNode;

	private final MessageCodec codec;

	private final int mailboxCapacity;

	private final int maxMessageSize;

	private final ThreadPoolExecutor handlerExecutor;

	private final ScheduledThreadPoolExecutor timer;

	private final Map<String, ServiceEndpoint> endpoints = new ConcurrentHashMap<>();

	private final Map<String, Outbox> outboxes = new ConcurrentHashMap<>();

	private final Set<String> departedNodes = ConcurrentHashMap.newKeySet();

	private final PendingCalls pendingCalls;

	private final SendCredits credits;

	private volatile @Nullable UUID inboxRegistration;

	private volatile DispatchMetrics metrics = DispatchMetrics.NONE;

	private volatile ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

	/**
	 * Create a transport for a member.
	 * @param hazelcast the member
	 * @param codec turns messages into bytes and back
	 * @param mailboxCapacity how many messages a service may hold, and how many this node
	 * may have outstanding to one remote service
	 * @param maxMessageSize the largest encoded message or reply, in bytes
	 */
	public ClusterTransport(HazelcastInstance hazelcast, MessageCodec codec, int mailboxCapacity, int maxMessageSize) {
		this.hazelcast = hazelcast;
		this.localNode = NodeIds.local(hazelcast);
		this.codec = codec;
		this.mailboxCapacity = mailboxCapacity;
		this.maxMessageSize = maxMessageSize;
		this.handlerExecutor = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
				new SynchronousQueue<>(), daemonThreads("dispatch-handler-"));
		this.timer = new ScheduledThreadPoolExecutor(1, daemonThreads("dispatch-timer-"));
		this.timer.setRemoveOnCancelPolicy(true);
		this.pendingCalls = new PendingCalls(this.timer);
		this.credits = new SendCredits(mailboxCapacity);
	}

	private static CustomizableThreadFactory daemonThreads(String prefix) {
		CustomizableThreadFactory factory = new CustomizableThreadFactory(prefix);
		factory.setDaemon(true);
		return factory;
	}

	/**
	 * Set where measurements of handlers go; none by default. Services bound afterwards use
	 * them.
	 * @param metrics the metrics
	 */
	public void setMetrics(DispatchMetrics metrics) {
		this.metrics = metrics;
	}

	/**
	 * Set the registry in which handlers are observed; none by default. Services bound
	 * afterwards use it.
	 * @param observationRegistry the registry
	 */
	public void setObservationRegistry(ObservationRegistry observationRegistry) {
		this.observationRegistry = observationRegistry;
	}

	/**
	 * Return the id of this node.
	 * @return the node id
	 */
	public String getLocalNode() {
		return this.localNode;
	}

	/**
	 * Return the timer that runs timeouts and periodic work.
	 * @return the timer
	 */
	public ScheduledExecutorService getTimer() {
		return this.timer;
	}

	/**
	 * Return the executor on which asynchronous callers are completed.
	 * @return the executor
	 */
	public Executor getCallbackExecutor() {
		return this.handlerExecutor;
	}

	/**
	 * Start listening on this node's inbox.
	 */
	public void start() {
		if (this.inboxRegistration == null) {
			this.inboxRegistration = inbox(this.localNode).addMessageListener(this);
		}
	}

	/**
	 * Stop listening and fail the calls that still wait for a reply.
	 */
	public void stop() {
		UUID registration = this.inboxRegistration;
		this.inboxRegistration = null;
		if (registration != null && this.hazelcast.getLifecycleService().isRunning()) {
			inbox(this.localNode).removeMessageListener(registration);
		}
		this.pendingCalls.failAll((target) -> new DispatchException("Node " + this.localNode + " is shutting down"));
	}

	/**
	 * Stop the transport's threads.
	 */
	public void close() {
		stop();
		this.timer.shutdownNow();
		this.handlerExecutor.shutdown();
	}

	/**
	 * Make a handler reachable as a service of this node.
	 * @param ref the service
	 * @param handlerMethods its handler methods
	 * @param concurrency how many messages it may handle at once
	 * @return the endpoint
	 */
	public ServiceEndpoint bind(ServiceRef ref, HandlerMethods handlerMethods, int concurrency) {
		ServiceEndpoint endpoint = new ServiceEndpoint(ref, handlerMethods, this.handlerExecutor, concurrency,
				this.mailboxCapacity, this.metrics, this.observationRegistry);
		this.codec.getTrustedTypes().trustPackagesOf(handlerMethods.getMessageTypes());
		this.endpoints.put(ref.id(), endpoint);
		return endpoint;
	}

	/**
	 * Make a service unreachable; messages it has already accepted are still handled.
	 * @param serviceId the service id
	 */
	public void unbind(String serviceId) {
		ServiceEndpoint endpoint = this.endpoints.remove(serviceId);
		if (endpoint != null) {
			endpoint.close();
		}
	}

	/**
	 * Return the endpoint of a service of this node.
	 * @param serviceId the service id
	 * @return the endpoint, or {@code null}
	 */
	public @Nullable ServiceEndpoint getEndpoint(String serviceId) {
		return this.endpoints.get(serviceId);
	}

	/**
	 * Send a message without waiting for it to be handled.
	 * @param target the service
	 * @param message the message
	 * @throws ServiceOverloadedException if the service cannot take more messages
	 */
	public void cast(ServiceRef target, Object message) {
		cast(target, message, Map.of());
	}

	/**
	 * Send a message with headers without waiting for it to be handled.
	 * @param target the service
	 * @param message the message
	 * @param headers headers that travel with the message, such as a trace context
	 * @throws ServiceOverloadedException if the service cannot take more messages
	 */
	public void cast(ServiceRef target, Object message, Map<String, String> headers) {
		if (target.node().equals(this.localNode)) {
			if (!localEndpoint(target).offer(() -> message, headers,
					(reply, error) -> logCastFailure(target, error))) {
				throw new ServiceOverloadedException(target, this.mailboxCapacity);
			}
			return;
		}
		String typeName = MessageCodec.typeName(message);
		byte[] payload = encode(message);
		acquireCredit(target);
		try {
			send(target, Frames.cast(target.id(), headers, typeName, payload));
		}
		catch (DispatchException ex) {
			this.credits.release(target.id(), 1);
			throw ex;
		}
	}

	/**
	 * Call a service.
	 * @param target the service
	 * @param message the message
	 * @param replyType the type the reply must have
	 * @param timeout how long to wait for the reply
	 * @return a future of the reply, completed on the thread that received it
	 */
	public CompletableFuture<@Nullable Object> call(ServiceRef target, Object message, Class<?> replyType,
			Duration timeout) {
		return call(target, message, replyType, timeout, Map.of());
	}

	/**
	 * Call a service with headers.
	 * @param target the service
	 * @param message the message
	 * @param replyType the type the reply must have
	 * @param timeout how long to wait for the reply
	 * @param headers headers that travel with the message, such as a trace context
	 * @return a future of the reply, completed on the thread that received it
	 */
	public CompletableFuture<@Nullable Object> call(ServiceRef target, Object message, Class<?> replyType,
			Duration timeout, Map<String, String> headers) {
		return call(target, message, replyType, timeout, headers, false);
	}

	/**
	 * Call a service with headers, letting a caller that is going to wait for the reply
	 * run the handler itself.
	 * @param target the service
	 * @param message the message
	 * @param replyType the type the reply must have
	 * @param timeout how long to wait for the reply
	 * @param headers headers that travel with the message, such as a trace context
	 * @param callerWaits whether the caller blocks until the reply: a service on this node
	 * with nothing queued and a free worker then handles the message on the calling thread,
	 * saving two thread hand-offs; the timeout cannot interrupt such a handler, and a reply
	 * that comes later than the timeout is reported as a timeout
	 * @return a future of the reply, completed on the thread that received it
	 */
	public CompletableFuture<@Nullable Object> call(ServiceRef target, Object message, Class<?> replyType,
			Duration timeout, Map<String, String> headers, boolean callerWaits) {
		CompletableFuture<@Nullable Object> future = new CompletableFuture<>();
		if (target.node().equals(this.localNode)) {
			if (!callerWaits || !callLocalOnThisThread(target, message, replyType, timeout, headers, future)) {
				callLocal(target, message, replyType, timeout, headers, future);
			}
			return future;
		}
		String typeName = MessageCodec.typeName(message);
		byte[] payload = encode(message);
		acquireCredit(target);
		future.whenComplete((reply, error) -> this.credits.release(target.id(), 1));
		long callId = this.pendingCalls.register(target, replyType, future, timeout);
		try {
			send(target, Frames.call(callId, target.id(), headers, typeName, payload));
		}
		catch (DispatchException ex) {
			PendingCalls.PendingCall call = this.pendingCalls.remove(callId);
			if (call != null) {
				call.future.completeExceptionally(ex);
			}
			return future;
		}
		if (this.departedNodes.contains(target.node())) {
			nodeGone(target.node());
		}
		return future;
	}

	private boolean callLocalOnThisThread(ServiceRef target, Object message, Class<?> replyType, Duration timeout,
			Map<String, String> headers, CompletableFuture<@Nullable Object> future) {
		long start = System.nanoTime();
		return localEndpoint(target).handleIfIdle(() -> message, headers, (reply, error) -> {
			if (System.nanoTime() - start > timeout.toNanos()) {
				future.completeExceptionally(new DispatchTimeoutException(target, timeout));
			}
			else {
				complete(future, target, replyType, reply, error);
			}
		});
	}

	private void callLocal(ServiceRef target, Object message, Class<?> replyType, Duration timeout,
			Map<String, String> headers, CompletableFuture<@Nullable Object> future) {
		var timeoutTask = this.timer.schedule(
				() -> future.completeExceptionally(new DispatchTimeoutException(target, timeout)), timeout.toNanos(),
				TimeUnit.NANOSECONDS);
		BiConsumer<@Nullable Object, @Nullable Throwable> done = (reply, error) -> {
			timeoutTask.cancel(false);
			complete(future, target, replyType, reply, error);
		};
		if (!localEndpoint(target).offer(() -> message, headers, done)) {
			timeoutTask.cancel(false);
			throw new ServiceOverloadedException(target, this.mailboxCapacity);
		}
	}

	private static void complete(CompletableFuture<@Nullable Object> future, ServiceRef target, Class<?> replyType,
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

	private void send(ServiceRef target, byte[] frame) {
		try {
			outbox(target.node()).send(frame);
		}
		catch (RuntimeException ex) {
			throw new DispatchException("Could not send to service " + target.id() + " of type '" + target.type()
					+ "' on node " + target.node() + ": " + ex.getMessage(), ex);
		}
	}

	private ServiceEndpoint localEndpoint(ServiceRef target) {
		ServiceEndpoint endpoint = this.endpoints.get(target.id());
		if (endpoint == null || endpoint.isClosed()) {
			throw new ServiceGoneException(target,
					"Service " + target.id() + " of type '" + target.type() + "' is no longer registered");
		}
		return endpoint;
	}

	private byte[] encode(Object message) {
		byte[] payload = this.codec.encode(message);
		if (payload.length > this.maxMessageSize) {
			throw new DispatchException("A " + message.getClass().getName() + " of " + payload.length
					+ " bytes exceeds dispatch.registry.max-message-size (" + this.maxMessageSize + " bytes)");
		}
		return payload;
	}

	private void acquireCredit(ServiceRef target) {
		if (!this.credits.tryAcquire(target.node(), target.id())) {
			throw new ServiceOverloadedException(target, this.mailboxCapacity);
		}
	}

	/**
	 * Accept a node as a member again: a node that a split-brain heal merges back keeps
	 * its id.
	 * @param node the node id
	 */
	public void nodeJoined(String node) {
		this.departedNodes.remove(node);
	}

	/**
	 * Forget a node that left the cluster: its pending calls fail at once.
	 * @param node the node id
	 */
	public void nodeGone(String node) {
		this.departedNodes.add(node);
		this.outboxes.remove(node);
		this.credits.forgetNode(node);
		nodeUnreachable(node);
	}

	/**
	 * Fail the pending calls of a node that stopped answering but may come back.
	 * @param node the node id
	 */
	public void nodeUnreachable(String node) {
		this.pendingCalls.failNode(node, (target) -> new ServiceUnavailableException(target.type(), "Node " + node
				+ " of service " + target.id() + " of type '" + target.type() + "' left before replying"));
	}

	private Outbox outbox(String node) {
		return this.outboxes.computeIfAbsent(node, (target) -> {
			ITopic<byte[]> topic = inbox(target);
			return new Outbox(this.localNode, topic::publish);
		});
	}

	private ITopic<byte[]> inbox(String node) {
		return this.hazelcast.getTopic(INBOX_PREFIX + node);
	}

	@Override
	public void onMessage(Message<byte[]> message) {
		try {
			Frames.read(message.getMessageObject(), this);
		}
		catch (IOException | RuntimeException ex) {
			logger.warn("Dropped a malformed batch sent to node " + this.localNode + ": " + ex.getMessage());
		}
	}

	@Override
	public void cast(String sender, String serviceId, Map<String, String> headers, String typeName, byte[] payload) {
		ServiceEndpoint endpoint = this.endpoints.get(serviceId);
		if (endpoint == null || endpoint.isClosed()) {
			logger.debug("Dropped a cast from node " + sender + " to service " + serviceId + ", which is gone");
			outbox(sender).send(Frames.ack(serviceId, 1));
			return;
		}
		endpoint.add(() -> this.codec.decode(typeName, payload, sender), headers, (reply, error) -> {
			logCastFailure(endpoint.getRef(), error);
			acknowledge(sender, endpoint);
		});
	}

	private void acknowledge(String sender, ServiceEndpoint endpoint) {
		AtomicInteger unacknowledged = endpoint.unacknowledgedCasts(sender);
		int count = unacknowledged.incrementAndGet();
		if (count >= Math.max(1, Math.min(64, this.mailboxCapacity / 4)) || endpoint.hasNoWaitingMessages()) {
			int taken = unacknowledged.getAndSet(0);
			if (taken > 0) {
				outbox(sender).send(Frames.ack(endpoint.getRef().id(), taken));
			}
		}
	}

	@Override
	public void call(String sender, long callId, String serviceId, Map<String, String> headers, String typeName,
			byte[] payload) {
		ServiceEndpoint endpoint = this.endpoints.get(serviceId);
		if (endpoint == null || endpoint.isClosed()) {
			outbox(sender).send(Frames.error(callId, Frames.UNAVAILABLE, ServiceUnavailableException.class.getName(),
					"Service " + serviceId + " is not registered on node " + this.localNode));
			return;
		}
		endpoint.add(() -> this.codec.decode(typeName, payload, sender), headers, (reply, error) -> {
			if (error instanceof MessageCodec.UntrustedTypeException) {
				logger.warn(error.getMessage());
			}
			outbox(sender).send(replyFrame(callId, reply, error));
		});
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
			return Frames.reply(callId, MessageCodec.typeName(reply), (reply != null) ? encode(reply) : new byte[0]);
		}
		catch (DispatchException ex) {
			logger.warn("A reply could not be sent: " + ex.getMessage());
			return Frames.error(callId, Frames.FAILED, ex.getClass().getName(),
					"The reply could not be sent: " + ex.getMessage());
		}
	}

	@Override
	public void reply(long callId, String typeName, byte[] payload) {
		PendingCalls.PendingCall call = this.pendingCalls.remove(callId);
		if (call == null) {
			return;
		}
		try {
			call.future.complete(this.codec.decodeReply(typeName, payload, call.replyType, call.target.node()));
		}
		catch (DispatchException ex) {
			call.future.completeExceptionally(ex);
		}
	}

	@Override
	public void error(long callId, byte status, String errorType, String message) {
		PendingCalls.PendingCall call = this.pendingCalls.remove(callId);
		if (call == null) {
			return;
		}
		ServiceRef target = call.target;
		DispatchException error = switch (status) {
			case Frames.HANDLER_FAILED ->
				new DispatchRemoteException(target, errorType, message.isEmpty() ? null : message, null);
			case Frames.UNAVAILABLE -> new ServiceGoneException(target, message);
			default -> new DispatchException("Service " + target.id() + " of type '" + target.type() + "' on node "
					+ target.node() + " could not handle the call: " + message);
		};
		call.future.completeExceptionally(error);
	}

	@Override
	public void ack(String serviceId, int count) {
		this.credits.release(serviceId, count);
	}

	private static void logCastFailure(ServiceRef target, @Nullable Throwable error) {
		if (error != null) {
			logger.warn("A cast to service " + target.id() + " of type '" + target.type() + "' failed: "
					+ error.getMessage());
		}
	}

	int pendingCallCount() {
		return this.pendingCalls.size();
	}

}
