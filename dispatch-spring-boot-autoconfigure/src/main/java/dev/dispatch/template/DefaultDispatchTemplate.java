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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

import dev.dispatch.DispatchException;
import dev.dispatch.DispatchRegistry;
import dev.dispatch.DispatchTemplate;
import dev.dispatch.Reply;
import dev.dispatch.ServiceRef;
import dev.dispatch.ServiceUnavailableException;
import dev.dispatch.messaging.ClusterTransport;
import dev.dispatch.messaging.ConnectionReaders;
import dev.dispatch.metrics.DispatchMetrics;
import dev.dispatch.observation.DispatchTemplateObservationConvention;
import dev.dispatch.routing.BalanceFactors;
import dev.dispatch.routing.BoundedLoadRouter;
import dev.dispatch.routing.InFlightMessages;
import dev.dispatch.routing.RoutingKey;
import dev.dispatch.messaging.ServiceGoneException;

/**
 * The {@link DispatchTemplate} that routes through a {@link DispatchRegistry}, by key
 * through a {@link BoundedLoadRouter}, and sends through a {@link ClusterTransport},
 * counting each message in flight until it is settled.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
public class DefaultDispatchTemplate implements DispatchTemplate {

	private static final Log logger = LogFactory.getLog(DefaultDispatchTemplate.class);

	private final DispatchRegistry registry;

	private final ClusterTransport transport;

	private final Duration callTimeout;

	private DispatchMetrics metrics = DispatchMetrics.NONE;

	private final SendObservations observations = new SendObservations();

	private boolean localCallsOnCallerThread;

	private BoundedLoadRouter router;

	private Predicate<ServiceRef> backedUp = (target) -> false;

	private RegistryStartup startup = new RegistryStartup(CompletableFuture.completedStage(null));

	/**
	 * Create a template.
	 * @param registry the registry that chooses services
	 * @param transport the transport that reaches them
	 * @param callTimeout the timeout of calls that do not name one
	 */
	public DefaultDispatchTemplate(DispatchRegistry registry, ClusterTransport transport, Duration callTimeout) {
		Assert.notNull(registry, "'registry' must not be null");
		Assert.notNull(transport, "'transport' must not be null");
		Assert.isTrue(callTimeout != null && !callTimeout.isNegative() && !callTimeout.isZero(),
				"'callTimeout' must be positive");
		this.registry = registry;
		this.transport = transport;
		this.callTimeout = callTimeout;
		this.router = new BoundedLoadRouter(registry, new InFlightMessages(), BalanceFactors.OFF);
	}

	/**
	 * Set how {@code cast}, {@code call} and {@code callAsync} by key choose between a
	 * key's owner and its replicas; by default every key goes to its owner, and messages
	 * in flight are counted in a count of the template's own.
	 * @param inFlight where every message this template sends is counted until settled
	 * @param factors the balance factor of each type
	 */
	public void setBoundedLoad(InFlightMessages inFlight, BalanceFactors factors) {
		this.router = new BoundedLoadRouter(this.registry, inFlight, factors);
		this.router.setMetrics(this.metrics);
	}

	/**
	 * Set when the registry starts: until then, messages sent by key wait for it, each
	 * within its timeout (the call timeout for casts), since no view exists to route them
	 * by, except that on the thread that will start it {@code call}, {@code cast},
	 * {@code multiCall} and {@code multiCast} fail at once. Started already by default.
	 * @param started completes when the registry has started
	 * @param startingThread the thread that will start the registry, or {@code null}
	 */
	public void setRegistryStarted(CompletionStage<Void> started, @Nullable Thread startingThread) {
		this.startup = new RegistryStartup(started, startingThread);
	}

	/**
	 * Set which services keep copies of their keys' states on backups: messages by key to
	 * them carry the key itself, whose state their owner then copies. None by default.
	 * @param backedUp whether a service has backups
	 */
	public void setBackedUp(Predicate<ServiceRef> backedUp) {
		this.backedUp = backedUp;
	}

	private @Nullable String keyValue(ServiceRef target, @Nullable RoutingKey key) {
		return (key != null && this.backedUp.test(target)) ? Outgoing.keyValue(this.transport.hooks(), key.value())
				: null;
	}

	/**
	 * Set whether a blocking {@code call} to an idle service on this node runs its
	 * handler on the calling thread, as a direct method call would, instead of handing it
	 * to the service's worker and waiting. Off by default: the timeout cannot interrupt a
	 * handler on the caller's thread, so the call returns when the handler does (late
	 * replies are reported as timeouts). {@code callAsync} and {@code multiCall} never
	 * run handlers on the caller's thread.
	 * @param localCallsOnCallerThread whether to run idle local handlers on the caller's
	 * thread
	 */
	public void setLocalCallsOnCallerThread(boolean localCallsOnCallerThread) {
		this.localCallsOnCallerThread = localCallsOnCallerThread;
	}

	/**
	 * Set where measurements go; none by default.
	 * @param metrics the metrics
	 */
	public void setMetrics(DispatchMetrics metrics) {
		Assert.notNull(metrics, "'metrics' must not be null");
		this.metrics = metrics;
		this.router.setMetrics(metrics);
	}

	/**
	 * Set the registry in which casts and calls are observed; none by default. The trace
	 * context travels with each message, so that the handler's observation is a child of
	 * the caller's.
	 * @param observationRegistry the registry
	 */
	public void setObservationRegistry(ObservationRegistry observationRegistry) {
		Assert.notNull(observationRegistry, "'observationRegistry' must not be null");
		this.observations.setRegistry(observationRegistry);
	}

	/**
	 * Set the convention that names and tags the observations of casts and calls; the
	 * default one when {@code null}.
	 * @param observationConvention the convention, or {@code null}
	 */
	public void setObservationConvention(@Nullable DispatchTemplateObservationConvention observationConvention) {
		this.observations.setConvention(observationConvention);
	}

	@Override
	public void cast(String type, Object key, Object message) {
		Assert.notNull(message, "'message' must not be null");
		this.startup.await(type, this.callTimeout);
		RoutingKey routingKey = RoutingKey.of(key);
		ServiceRef target = this.router.route(type, routingKey);
		try {
			castTo(target, message, routingKey);
		}
		catch (ServiceGoneException ex) {
			castTo(reroute(type, routingKey, target).orElseThrow(() -> ex), message, routingKey);
		}
	}

	@Override
	public <R> R call(String type, Object key, Object message, Class<R> replyType) {
		return call(type, key, message, replyType, this.callTimeout);
	}

	@Override
	public <R> R call(String type, Object key, Object message, Class<R> replyType, Duration timeout) {
		Outgoing.validate(message, replyType, timeout);
		ConnectionReaders.checkMayWait("A blocking call");
		Duration left = this.startup.await(type, timeout);
		RoutingKey routingKey = RoutingKey.of(key);
		ServiceRef target = this.router.route(type, routingKey);
		return Replies.await(sendRouted(type, routingKey, target, message, replyType, left, true), target, left);
	}

	@Override
	public <R> CompletableFuture<R> callAsync(String type, Object key, Object message, Class<R> replyType) {
		return callAsync(type, key, message, replyType, this.callTimeout);
	}

	@Override
	public <R> CompletableFuture<R> callAsync(String type, Object key, Object message, Class<R> replyType,
			Duration timeout) {
		Outgoing.validate(message, replyType, timeout);
		return this.startup.then(type, timeout, (left) -> {
			try {
				RoutingKey routingKey = RoutingKey.of(key);
				return sendRouted(type, routingKey, this.router.route(type, routingKey), message, replyType, left,
						false)
					.thenApplyAsync((reply) -> reply, this.transport.getCallbackExecutor());
			}
			catch (DispatchException ex) {
				return CompletableFuture.failedFuture(ex);
			}
		});
	}

	@Override
	public <R> R call(ServiceRef service, Object message, Class<R> replyType, Duration timeout) {
		Assert.notNull(service, "'service' must not be null");
		Outgoing.validate(message, replyType, timeout);
		ConnectionReaders.checkMayWait("A blocking call");
		return Replies.await(send(service, message, replyType, timeout, true, null), service, timeout);
	}

	@Override
	public void cast(ServiceRef service, Object message) {
		Assert.notNull(service, "'service' must not be null");
		Assert.notNull(message, "'message' must not be null");
		castTo(service, message, null);
	}

	@Override
	public int multiCast(int count, String type, Object key, Object message) {
		Assert.notNull(message, "'message' must not be null");
		this.startup.await(type, this.callTimeout);
		List<ServiceRef> targets = routeMulti(count, type, key);
		int sent = 0;
		DispatchException firstFailure = null;
		for (ServiceRef target : targets) {
			try {
				castTo(target, message, null);
				sent++;
			}
			catch (DispatchException ex) {
				logger.debug("A multi-cast could not reach service " + target.id() + ": " + ex.getMessage());
				firstFailure = (firstFailure != null) ? firstFailure : ex;
			}
		}
		if (sent == 0 && firstFailure != null) {
			throw firstFailure;
		}
		this.metrics.multiCast(type, sent);
		return sent;
	}

	@Override
	public <R> List<Reply<R>> multiCall(int count, String type, Object key, Object message, Class<R> replyType) {
		return multiCall(count, type, key, message, replyType, this.callTimeout);
	}

	@Override
	public <R> List<Reply<R>> multiCall(int count, String type, Object key, Object message, Class<R> replyType,
			Duration timeout) {
		Outgoing.validate(message, replyType, timeout);
		ConnectionReaders.checkMayWait("A blocking multiCall");
		Duration left = this.startup.await(type, timeout);
		List<ServiceRef> targets = routeMulti(count, type, key);
		List<CompletableFuture<R>> futures = new ArrayList<>(targets.size());
		for (ServiceRef target : targets) {
			try {
				futures.add(send(target, message, replyType, left, false, null));
			}
			catch (DispatchException ex) {
				futures.add(CompletableFuture.failedFuture(ex));
			}
		}
		return Replies.awaitAll(targets, futures, left);
	}

	private List<ServiceRef> routeMulti(int count, String type, Object key) {
		List<ServiceRef> targets = this.registry.findMultiService(count, type, key);
		if (targets.isEmpty()) {
			throw new ServiceUnavailableException(type);
		}
		return targets;
	}

	/**
	 * Send to the routed service; if it turns out to be gone before handling the message,
	 * route once more, since the message was certainly not handled. The second send never
	 * runs a handler on the current thread: when the first answer came from another node,
	 * that thread is the one that receives every message for this node.
	 */
	private <R> CompletableFuture<R> sendRouted(String type, RoutingKey key, ServiceRef target, Object message,
			Class<R> replyType, Duration timeout, boolean callerWaits) {
		return sendOrFail(target, message, replyType, timeout, callerWaits, key).exceptionallyCompose((ex) -> {
			Throwable cause = (ex instanceof CompletionException && ex.getCause() != null) ? ex.getCause() : ex;
			if (cause instanceof ServiceGoneException) {
				Optional<ServiceRef> next = reroute(type, key, target);
				if (next.isPresent()) {
					return sendOrFail(next.get(), message, replyType, timeout, false, key);
				}
			}
			return CompletableFuture.failedFuture(cause);
		});
	}

	private Optional<ServiceRef> reroute(String type, RoutingKey key, ServiceRef gone) {
		return this.router.findOwner(type, key).filter((next) -> !next.equals(gone));
	}

	private <R> CompletableFuture<R> sendOrFail(ServiceRef target, Object message, Class<R> replyType, Duration timeout,
			boolean callerWaits, RoutingKey key) {
		try {
			return send(target, message, replyType, timeout, callerWaits, key);
		}
		catch (ServiceGoneException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	private void castTo(ServiceRef target, Object message, @Nullable RoutingKey key) {
		boolean local = isLocal(target);
		Observation observation = this.observations.of(target, "cast");
		Runnable settled = this.router.getInFlight().sent(target);
		try (Observation.Scope scope = observation.openScope()) {
			this.transport.cast(target, message, Outgoing.headers(observation, key, keyValue(target, key)), settled);
		}
		catch (RuntimeException ex) {
			settled.run();
			this.metrics.cast(target, local, DispatchMetrics.outcome(ex));
			observation.error(ex);
			throw ex;
		}
		finally {
			observation.stop();
		}
		this.metrics.cast(target, local, DispatchMetrics.outcome(null));
	}

	@SuppressWarnings("unchecked")
	/**
	 * Send a call; a caller that waits for the reply may run a local handler itself.
	 */
	private <R> CompletableFuture<R> send(ServiceRef target, Object message, Class<R> replyType, Duration timeout,
			boolean callerWaits, @Nullable RoutingKey key) {
		long start = System.nanoTime();
		boolean local = isLocal(target);
		Observation observation = this.observations.of(target, "call");
		Runnable settled = this.router.getInFlight().sent(target);
		CompletableFuture<R> reply;
		try (Observation.Scope scope = observation.openScope()) {
			reply = (CompletableFuture<R>) (CompletableFuture<?>) this.transport.call(target, message, replyType,
					timeout, Outgoing.headers(observation, key, keyValue(target, key)),
					callerWaits && this.localCallsOnCallerThread);
		}
		catch (RuntimeException ex) {
			settled.run();
			this.metrics.call(target, local, DispatchMetrics.outcome(ex), System.nanoTime() - start);
			observation.error(ex);
			observation.stop();
			throw ex;
		}
		return reply.whenComplete((value, error) -> {
			settled.run();
			this.metrics.call(target, local, DispatchMetrics.outcome(error), System.nanoTime() - start);
			if (error != null) {
				observation.error(error);
			}
			observation.stop();
		});
	}

	private boolean isLocal(ServiceRef target) {
		return target.node().equals(this.registry.getLocalNode());
	}

}
