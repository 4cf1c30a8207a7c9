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

package dev.dispatch.handoff;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.core.ResolvableType;
import org.springframework.util.Assert;
import org.springframework.util.ClassUtils;

import dev.dispatch.KeyedState;
import dev.dispatch.OwnershipChangedEvent;
import dev.dispatch.ServiceRef;
import dev.dispatch.messaging.ClusterTransport;
import dev.dispatch.messaging.KeyGate;
import dev.dispatch.messaging.ServiceWorker;
import dev.dispatch.metrics.DispatchMetrics;
import dev.dispatch.ring.HashRing;
import dev.dispatch.ring.KeyHasher;
import dev.dispatch.ring.RingChanges;

/**
 * State that follows its key, for the services of one node. Every change of a type's ring
 * on this node is taken in order on the hand-off thread ({@code dispatch-handoff-}): each
 * service of this node that gained or lost keys hears of it in an
 * {@link OwnershipChangedEvent}; each stateful one hands off the keys it no longer owns,
 * and waits for the states of the keys it gained from other stateful services (see
 * {@link StatefulService}).
 * <p>
 * Until the registry starts, rings are followed but nothing is awaited: at the start,
 * each stateful service of this node awaits the states of every key it owns from the
 * service that would own the key without this node's services.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
public final class KeyedStates implements AutoCloseable {

	/**
	 * The metadata entry that marks a service that keeps state per key.
	 */
	public static final String METADATA_KEY = "dispatch.keyed-state";

	private static final Log logger = LogFactory.getLog(KeyedStates.class);

	private static final long SWEEP_MILLIS = 100;

	private final ClusterTransport transport;

	private final HandoffChannel channel;

	private final String localNode;

	private final Consumer<Object> events;

	private final Predicate<String> isMember;

	private final HandoffThread thread;

	private final Map<String, Prepared> prepared = new ConcurrentHashMap<>();

	private final Set<String> lagWatched = ConcurrentHashMap.newKeySet();

	private final Map<String, StateMover> services = new ConcurrentHashMap<>();

	private final Map<String, Set<String>> statefulByType = new ConcurrentHashMap<>();

	private final StateArrivals arrivals;

	private final BackupChannel backupChannel;

	private final CopyRequests copyRequests;

	private volatile Duration timeout = Duration.ofSeconds(5);

	private final HandoffCounts handoffs = new HandoffCounts();

	private volatile DispatchMetrics metrics = this.handoffs.counting(DispatchMetrics.NONE);

	private volatile boolean active;

	private volatile long activatedAt;

	/**
	 * Create the keyed states of a node.
	 * @param transport the node's transport
	 * @param events where ownership events go
	 * @param isMember whether a node is in the cluster
	 */
	public KeyedStates(ClusterTransport transport, Consumer<Object> events, Predicate<String> isMember) {
		this.transport = transport;
		this.channel = new HandoffChannel(transport.hooks());
		this.localNode = transport.getLocalNode();
		this.events = events;
		this.isMember = isMember;
		this.thread = new HandoffThread(this::expire, SWEEP_MILLIS);
		this.arrivals = new StateArrivals(this.services, this.channel, this.localNode, () -> this.metrics);
		this.channel.setListener(this.arrivals);
		this.backupChannel = new BackupChannel(transport.hooks(), this.services, this.arrivals);
		this.copyRequests = new CopyRequests(transport.hooks(), this.services, this.arrivals, () -> this.metrics);
	}

	/**
	 * Set how long a service waits for the states of the keys it gained.
	 * @param timeout the hand-off timeout
	 */
	public void setTimeout(Duration timeout) {
		Assert.isTrue(!timeout.isNegative() && !timeout.isZero(), "'timeout' must be positive");
		this.timeout = timeout;
	}

	/**
	 * Set where hand-offs are counted besides {@link #handoffs(String)}; nowhere by
	 * default.
	 * @param metrics the metrics
	 */
	public void setMetrics(DispatchMetrics metrics) {
		this.metrics = this.handoffs.counting(metrics);
	}

	/**
	 * Return the gate of a service about to be bound, if its handler keeps state per key.
	 * @param ref the service
	 * @param handler its handler
	 * @param keeping how it keeps state
	 * @return the gate, or {@code null} for a service that keeps no state per key
	 */
	public @Nullable KeyGate gate(ServiceRef ref, Object handler, StateKeeping keeping) {
		if (!keeping.keyed()) {
			return null;
		}
		StatefulService service = new StatefulService(ref, this.transport);
		this.prepared.put(ref.id(), new Prepared(service, keeping.backups()));
		return service;
	}

	/**
	 * Take a stateful service whose gate is bound.
	 * @param ref the service
	 * @param handler its handler
	 * @param worker its worker
	 */
	public void bound(ServiceRef ref, Object handler, ServiceWorker worker) {
		Prepared prepared = this.prepared.remove(ref.id());
		if (prepared == null || !(handler instanceof KeyedState<?> keyed)) {
			return;
		}
		StatefulService service = prepared.service();
		Class<?> stateType = ResolvableType.forClass(ClassUtils.getUserClass(handler))
			.as(KeyedState.class)
			.getGeneric(0)
			.resolve(Object.class);
		this.channel.trust(stateType);
		this.services.put(ref.id(),
				new StateMover(service, keyed, stateType, worker, this.channel, () -> this.metrics,
						() -> this.statefulByType.getOrDefault(ref.type(), Set.of()), this.thread::started,
						this.thread::finished, this.thread::later, this.transport.hooks(), prepared.backups()));
		if (prepared.backups() > 0 && this.lagWatched.add(ref.type())) {
			this.metrics.backupLag(ref.type(), () -> backupLag(ref.type()));
		}
	}

	/**
	 * Return how many messages and tasks wait in the mailbox of a stateful service of
	 * this node.
	 */
	int queued(String serviceId) {
		StateMover mover = this.services.get(serviceId);
		return (mover != null) ? mover.worker().queued() : 0;
	}

	BackupChannel backupChannel() {
		return this.backupChannel;
	}

	/**
	 * Return how many states of this node's services of a type wait for their backups to
	 * acknowledge them.
	 * @param type the type
	 * @return the number of states not yet acknowledged
	 */
	public int backupLag(String type) {
		return this.services.values()
			.stream()
			.filter((mover) -> mover.service().ref().type().equals(type))
			.mapToInt((mover) -> mover.backups().lag())
			.sum();
	}

	/**
	 * Return the bytes of the copies that this node's services of a type hold as backups.
	 * @param type the type
	 * @return the bytes held
	 */
	public long backupBytes(String type) {
		return this.services.values()
			.stream()
			.filter((mover) -> mover.service().ref().type().equals(type))
			.mapToLong((mover) -> mover.store().bytes())
			.sum();
	}

	/**
	 * Return how many keys of this node's services of a type had their state moved to
	 * their new owner, or failed or timed out moving, as {@code dispatch.handoffs} counts
	 * them.
	 * @param type the type
	 * @return the keys per outcome ({@code moved}, {@code failed}, ...), sorted
	 */
	public Map<String, Long> handoffs(String type) {
		return this.handoffs.of(type);
	}

	/**
	 * Forget a service once the changes before this call are handled and it has handed
	 * off what it held.
	 * @param serviceId the service id
	 */
	public void removed(String serviceId) {
		this.prepared.remove(serviceId);
		this.thread.inOrder(() -> {
			StateMover mover = this.services.get(serviceId);
			if (mover != null) {
				mover.worker().run(() -> {
					this.services.remove(serviceId);
					mover.service().removed();
					mover.backups().removed();
				});
			}
		});
	}

	/**
	 * Take a change of a type's ring on this node, in the order of the changes.
	 * @param type the type
	 * @param before the ring before
	 * @param after the ring after
	 * @param stateful the ids of the type's stateful online services
	 */
	public void ringChanged(String type, HashRing<ServiceRef> before, HashRing<ServiceRef> after,
			Set<String> stateful) {
		this.thread.inOrder(() -> changeRing(type, before, after, stateful));
	}

	/**
	 * Start awaiting states: each stateful service of this node awaits the states of the
	 * keys it owns from the services that would own them without this node's services.
	 */
	public void activate() {
		try {
			this.thread.await(() -> {
				awaitInitialStates();
				return null;
			}, 10);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException ex) {
			logger.warn("Could not start awaiting the states of this node's stateful services: " + ex);
		}
	}

	/**
	 * Return whether every ring change is handled, every hand-off has run, and every
	 * state sent to backups is acknowledged.
	 * @return whether nothing is left to hand off or back up
	 */
	public boolean isSettled() {
		return this.thread.isIdle() && this.services.values().stream().allMatch((mover) -> mover.backups().lag() == 0);
	}

	@Override
	public void close() {
		this.thread.close();
	}

	private void changeRing(String type, HashRing<ServiceRef> before, HashRing<ServiceRef> after,
			Set<String> stateful) {
		Set<String> wasStateful = this.statefulByType.put(type, Set.copyOf(stateful));
		List<RingChanges.Move> moves = RingChanges.moves(before, after);
		Map<String, ServiceRef> refs = new HashMap<>();
		before.values().forEach((ref) -> refs.put(ref.id(), ref));
		after.values().forEach((ref) -> refs.put(ref.id(), ref));
		this.arrivals.remember(type, after, refs);
		HashedKeyRanges.announce(before, after, moves, refs, this.localNode, this.events);
		Predicate<String> isStateful = (id) -> stateful.contains(id)
				|| (wasStateful != null && wasStateful.contains(id));
		for (StateMover mover : this.services.values()) {
			StatefulService service = mover.service();
			if (!service.ref().type().equals(type)) {
				continue;
			}
			mover.backups().ringChanged(after);
			if (!this.active) {
				service.ringChanged(after, List.of(), isStateful, refs, 0, this.isMember);
				continue;
			}
			List<RingChanges.Move> awaited = (System.nanoTime() - this.activatedAt < this.timeout.toNanos())
					? LateServices.alsoFromServicesSeenLate(service.ref(), before, after, isStateful, moves,
							this.localNode)
					: moves;
			this.copyRequests.ask(service.ref(),
					service.ringChanged(after, awaited, isStateful, refs, deadline(), this.isMember));
			mover.scheduleHandOff();
		}
	}

	private void awaitInitialStates() {
		this.active = true;
		this.activatedAt = System.nanoTime();
		for (StateMover mover : this.services.values()) {
			StatefulService service = mover.service();
			HashRing<ServiceRef> ring = service.ring();
			HashRing<ServiceRef> without = ring;
			for (ServiceRef ref : ring.values()) {
				if (ref.node().equals(this.localNode)) {
					without = without.without(ref.id());
				}
			}
			Map<String, ServiceRef> refs = new HashMap<>();
			ring.values().forEach((ref) -> refs.put(ref.id(), ref));
			Set<String> stateful = this.statefulByType.getOrDefault(service.ref().type(), Set.of());
			this.copyRequests.ask(service.ref(), service.ringChanged(ring, RingChanges.moves(without, ring),
					stateful::contains, refs, deadline(), this.isMember));
			mover.scheduleHandOff();
		}
	}

	private long deadline() {
		return System.nanoTime() + this.timeout.toNanos();
	}

	private void expire() {
		long now = System.nanoTime();
		for (StateMover mover : this.services.values()) {
			try {
				this.copyRequests.ask(mover.service().ref(),
						mover.service().expire(now, this.timeout, this.isMember, this.metrics));
			}
			catch (RuntimeException ex) {
				logger.error("Could not time out the messages held by service " + mover.service().ref().id(), ex);
			}
		}
	}

	/**
	 * Return the version of the copy of a key's state that a service of this node holds
	 * as a backup.
	 * @param serviceId the service id
	 * @param key the key
	 * @return the version, or -1 when it holds none
	 */
	public long backupVersion(String serviceId, Object key) {
		StateMover mover = this.services.get(serviceId);
		return (mover != null) ? mover.store().version(KeyHasher.hash(key)) : -1;
	}

	/**
	 * Return how many messages a stateful service of this node holds until states arrive.
	 * @param serviceId the service id
	 * @return the number of held messages, 0 for a service that keeps no state
	 */
	public int heldMessages(String serviceId) {
		StateMover mover = this.services.get(serviceId);
		return (mover != null) ? mover.service().heldCount() : 0;
	}

	private record Prepared(StatefulService service, int backups) {

	}

}
