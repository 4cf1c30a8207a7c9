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

package dev.dispatch.registry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
import com.hazelcast.core.EntryAdapter;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.core.LifecycleEvent.LifecycleState;
import com.hazelcast.map.MapEvent;
import com.hazelcast.replicatedmap.ReplicatedMap;
import com.hazelcast.topic.ITopic;
import com.hazelcast.topic.Message;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.util.Assert;

import dev.dispatch.DispatchRegistry;
import dev.dispatch.ServiceInfo;
import dev.dispatch.ServiceRef;
import dev.dispatch.ServiceState;
import dev.dispatch.annotation.HandlerMethods;
import dev.dispatch.messaging.ClusterTransport;
import dev.dispatch.messaging.NodeIds;
import dev.dispatch.metrics.DispatchMetrics;
import dev.dispatch.registry.RegistryView.TypeView;
import dev.dispatch.ring.KeyHasher;

/**
 * The {@link DispatchRegistry} of one node. Service entries live in a Hazelcast
 * {@link ReplicatedMap}, written only by the node that owns them; every broadcast period
 * each node publishes a heartbeat on a topic, which costs no round trip and never waits
 * for a partition owner.
 * <p>
 * A remote service is in this node's view while its node is a cluster member that has
 * been heard from within {@code broadcast-period x max-silent-periods}. A member that
 * leaves is dropped at once, its pending calls fail, and the oldest member deletes its
 * entries. Every broadcast period each node also re-asserts its own entries, so that a
 * node the others had given up on comes back by itself.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
public final class ClusterRegistry implements DispatchRegistry, SmartLifecycle, AutoCloseable {

	/**
	 * The lifecycle phase: services go online before the web server takes requests and
	 * leave after it has stopped.
	 */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

	/**
	 * The name of the replicated map of services.
	 */
	public static final String SERVICES_MAP = "dispatch.services";

	/**
	 * The name of the topic of heartbeats.
	 */
	public static final String HEARTBEATS_TOPIC = "dispatch.heartbeats";

	/**
	 * The name of the topic on which a node merged back after a split-brain heal asks the
	 * others to publish their services again.
	 */
	public static final String REPUBLISH_TOPIC = "dispatch.republish";

	static final int MAX_TYPE_LENGTH = 255;

	/**
	 * How long a stopping node waits for the cluster to take the removal of its services.
	 */
	static final Duration LEAVE_TIMEOUT = Duration.ofSeconds(10);

	private static final int FULL_RECONCILE_PERIODS = 10;

	private static final long DRAIN_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

	private static final long DRAIN_MINIMUM_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

	private static final Log logger = LogFactory.getLog(ClusterRegistry.class);

	private final HazelcastInstance hazelcast;

	private final ClusterTransport transport;

	private final String localNode;

	private final Duration broadcastPeriod;

	private final Duration shutdownDrain;

	private final ReplicatedMap<String, byte[]> services;

	private final ITopic<String> heartbeats;

	private final ITopic<String> republishRequests;

	private final ExecutorService upkeep;

	private final RegistryView view;

	private final NodeLiveness liveness;

	private final Map<String, ServiceInfo> localServices = new ConcurrentHashMap<>();

	private final AtomicLong beats = new AtomicLong();

	private final List<UUID> registrations = new CopyOnWriteArrayList<>();

	private volatile boolean running;

	private volatile boolean leaving;

	private @Nullable ScheduledFuture<?> ticker;

	private final AtomicBoolean upkeepPending = new AtomicBoolean();

	private volatile int lastSeenSize = -1;

	/**
	 * Create a registry.
	 * @param hazelcast the cluster member
	 * @param transport how messages reach services
	 * @param broadcastPeriod how often this node asserts its liveness and services
	 * @param maxSilentPeriods how many periods a node may be silent before its services
	 * leave the view
	 * @param shutdownDrain how long a stopping node lets its services finish the messages
	 * they have accepted
	 * @param events where join and leave events go
	 */
	public ClusterRegistry(HazelcastInstance hazelcast, ClusterTransport transport, Duration broadcastPeriod,
			int maxSilentPeriods, Duration shutdownDrain, Consumer<Object> events) {
		Assert.isTrue(!broadcastPeriod.isNegative() && !broadcastPeriod.isZero(), "'broadcastPeriod' must be positive");
		Assert.isTrue(maxSilentPeriods >= 1, "'maxSilentPeriods' must be at least 1");
		Assert.isTrue(!shutdownDrain.isNegative(), "'shutdownDrain' must not be negative");
		this.hazelcast = hazelcast;
		this.transport = transport;
		this.localNode = transport.getLocalNode();
		this.broadcastPeriod = broadcastPeriod;
		this.shutdownDrain = shutdownDrain;
		this.services = hazelcast.getReplicatedMap(SERVICES_MAP);
		this.heartbeats = hazelcast.getTopic(HEARTBEATS_TOPIC);
		this.republishRequests = hazelcast.getTopic(REPUBLISH_TOPIC);
		CustomizableThreadFactory threads = new CustomizableThreadFactory("dispatch-registry-");
		threads.setDaemon(true);
		this.upkeep = Executors.newSingleThreadExecutor(threads);
		this.view = new RegistryView(events);
		this.liveness = new NodeLiveness(broadcastPeriod, maxSilentPeriods);
	}

	/**
	 * Set where measurements of ring changes go; none by default.
	 * @param metrics the metrics
	 */
	public void setMetrics(DispatchMetrics metrics) {
		this.view.setMetrics(metrics);
	}

	@Override
	public ServiceRef addService(String type, Object handler, int concurrency, Map<String, String> metadata) {
		validateType(type);
		Assert.notNull(handler, "'handler' must not be null");
		Assert.isTrue(concurrency >= 1, () -> "'concurrency' must be at least 1 but was " + concurrency);
		Assert.notNull(metadata, "'metadata' must not be null");
		HandlerMethods handlerMethods = HandlerMethods.of(handler);
		ServiceRef ref = new ServiceRef(type, UUID.randomUUID().toString(), this.localNode);
		this.transport.bind(ref, handlerMethods, concurrency);
		ServiceInfo info = new ServiceInfo(ref, ServiceState.ONLINE, metadata);
		this.localServices.put(ref.id(), info);
		if (this.running) {
			publish(info);
		}
		return ref;
	}

	@Override
	public void enableService(ServiceRef service) {
		changeState(service, ServiceState.ONLINE);
	}

	@Override
	public void disableService(ServiceRef service) {
		changeState(service, ServiceState.OFFLINE);
	}

	private void changeState(ServiceRef service, ServiceState state) {
		ServiceInfo info = requireLocal(service).withState(state);
		this.localServices.put(service.id(), info);
		if (this.running) {
			publish(info);
		}
	}

	@Override
	public void removeService(ServiceRef service) {
		requireLocal(service);
		this.localServices.remove(service.id());
		this.transport.unbind(service.id());
		this.view.remove(service.id());
		if (isClusterRunning()) {
			this.services.remove(service.id());
		}
	}

	private ServiceInfo requireLocal(ServiceRef service) {
		Assert.notNull(service, "'service' must not be null");
		ServiceInfo info = this.localServices.get(service.id());
		Assert.isTrue(info != null, () -> "Service " + service.id() + " of type '" + service.type()
				+ "' is not registered on this node (" + this.localNode + ")");
		return info;
	}

	/**
	 * Write the entry, then update this node's view: the replication to the other nodes
	 * starts before this node builds its ring.
	 */
	private void publish(ServiceInfo info) {
		this.services.put(info.ref().id(), RegistryEntry.encode(info));
		this.view.put(info);
	}

	@Override
	public List<ServiceInfo> getServices(String type) {
		validateType(type);
		TypeView typeView = this.view.type(type);
		return (typeView != null) ? typeView.services() : List.of();
	}

	@Override
	public List<ServiceInfo> getOnlineServices(String type) {
		validateType(type);
		TypeView typeView = this.view.type(type);
		return (typeView != null) ? typeView.online() : List.of();
	}

	@Override
	public Optional<ServiceRef> findService(String type, Object key) {
		validateType(type);
		long hash = KeyHasher.hash(key);
		TypeView typeView = this.view.type(type);
		return (typeView != null) ? Optional.ofNullable(typeView.ring().find(hash)) : Optional.empty();
	}

	@Override
	public List<ServiceRef> findMultiService(int count, String type, Object key) {
		Assert.isTrue(count >= 1, () -> "'count' must be at least 1 but was " + count);
		validateType(type);
		long hash = KeyHasher.hash(key);
		TypeView typeView = this.view.type(type);
		return (typeView != null) ? typeView.ring().findMulti(count, hash) : List.of();
	}

	@Override
	public String getLocalNode() {
		return this.localNode;
	}

	@Override
	public List<String> getTypes() {
		return List.copyOf(this.view.typeNames());
	}

	/**
	 * Return a digest of the online service ids of a type: two nodes whose views agree
	 * return the same value.
	 * @param type the service type
	 * @return the checksum, 0 when the type has no online service
	 */
	public long getRingChecksum(String type) {
		TypeView typeView = this.view.type(type);
		return (typeView != null) ? typeView.ring().checksum() : 0;
	}

	/**
	 * Return the services registered on this node.
	 * @return the local services, in no particular order
	 */
	public List<ServiceInfo> getLocalServices() {
		return List.copyOf(this.localServices.values());
	}

	/**
	 * Return whether the Hazelcast member behind this registry is running.
	 * @return whether the member is running
	 */
	public boolean isClusterRunning() {
		return this.hazelcast.getLifecycleService().isRunning();
	}

	/**
	 * Return the ids of the cluster's members, oldest first.
	 * @return the member ids
	 */
	public List<String> getMembers() {
		return this.hazelcast.getCluster().getMembers().stream().map(NodeIds::of).toList();
	}

	static void validateType(String type) {
		Assert.isTrue(type != null && !type.isBlank(), "A service type must not be null or blank");
		Assert.isTrue(type.length() <= MAX_TYPE_LENGTH, () -> "A service type must be at most " + MAX_TYPE_LENGTH
				+ " characters long but was " + type.length());
	}

	@Override
	public void start() {
		if (this.running) {
			return;
		}
		this.transport.start();
		this.registrations.add(this.services.addEntryListener(new ServiceEntryListener()));
		this.registrations.add(this.heartbeats.addMessageListener(this::heard));
		this.registrations.add(this.hazelcast.getCluster().addMembershipListener(new MemberListener()));
		this.registrations.add(this.hazelcast.getLifecycleService().addLifecycleListener(this::lifecycleChanged));
		this.registrations.add(this.republishRequests.addMessageListener(this::republishRequested));
		this.running = true;
		beat();
		this.localServices.values().forEach(this::publish);
		reconcile();
		long period = this.broadcastPeriod.toNanos();
		this.ticker = this.transport.getTimer().scheduleAtFixedRate(this::tick, period, period, TimeUnit.NANOSECONDS);
	}

	/**
	 * Leave gracefully: take this node's services offline so that no new routes reach them,
	 * let the messages they have accepted finish (waiting at least a broadcast period, up to
	 * 200 ms, for those already on their way, and at most {@code shutdownDrain}), then
	 * remove them. The writes
	 * to the cluster run on the upkeep thread and are awaited for at most
	 * {@link #LEAVE_TIMEOUT} each: if the cluster cannot take them in time, the oldest member
	 * removes this node's entries once it has left.
	 */
	@Override
	public void stop() {
		if (!this.running) {
			return;
		}
		this.leaving = true;
		this.running = false;
		List<ServiceInfo> leaving = List.copyOf(this.localServices.values());
		leaving.forEach((info) -> this.view.put(info.withState(ServiceState.OFFLINE)));
		awaitWrites(this.upkeep.submit(() -> announceOffline(leaving)));
		drain(leaving);
		for (ServiceInfo info : leaving) {
			this.transport.unbind(info.ref().id());
			this.view.remove(info.ref().id());
		}
		this.localServices.clear();
		awaitWrites(this.upkeep.submit(() -> leaveCluster(leaving)));
		ScheduledFuture<?> ticker = this.ticker;
		if (ticker != null) {
			ticker.cancel(false);
		}
		this.leaving = false;
	}

	private void announceOffline(List<ServiceInfo> leaving) {
		if (isClusterRunning()) {
			for (ServiceInfo info : leaving) {
				this.services.put(info.ref().id(), RegistryEntry.encode(info.withState(ServiceState.OFFLINE)));
			}
		}
	}

	private void drain(List<ServiceInfo> leaving) {
		long start = System.nanoTime();
		long minimum = Math.min(Math.min(this.broadcastPeriod.toNanos(), DRAIN_MINIMUM_NANOS),
				this.shutdownDrain.toNanos());
		while (System.nanoTime() - start < this.shutdownDrain.toNanos()) {
			boolean idle = leaving.stream().map((info) -> this.transport.getEndpoint(info.ref().id()))
				.allMatch((endpoint) -> endpoint == null || endpoint.isIdle());
			if (idle && System.nanoTime() - start >= minimum) {
				return;
			}
			LockSupport.parkNanos(DRAIN_POLL_NANOS);
		}
		logger.warn("Services of node " + this.localNode + " still had messages after the shutdown drain of "
				+ this.shutdownDrain.toMillis() + " ms");
	}

	private void awaitWrites(Future<?> writes) {
		try {
			writes.get(LEAVE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException ex) {
			logger.warn("Could not update the services of node " + this.localNode + " in the registry in time; "
					+ "the oldest member removes them when this node leaves: " + ex);
		}
	}

	private void leaveCluster(List<ServiceInfo> leaving) {
		if (!isClusterRunning()) {
			this.registrations.clear();
			return;
		}
		for (ServiceInfo info : leaving) {
			this.services.remove(info.ref().id());
		}
		this.services.removeEntryListener(this.registrations.get(0));
		this.heartbeats.removeMessageListener(this.registrations.get(1));
		this.hazelcast.getCluster().removeMembershipListener(this.registrations.get(2));
		this.hazelcast.getLifecycleService().removeLifecycleListener(this.registrations.get(3));
		this.republishRequests.removeMessageListener(this.registrations.get(4));
		this.registrations.clear();
	}

	/**
	 * Stop the upkeep thread.
	 */
	@Override
	public void close() {
		stop();
		this.upkeep.shutdownNow();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	/**
	 * Every broadcast period, on the timer: beat, and drop the members that went silent.
	 * Nothing here waits on the cluster; writes go to the upkeep thread. A leaving node only
	 * beats, so that the others keep waiting for the calls it is finishing.
	 */
	private void tick() {
		try {
			if (!(this.running || this.leaving) || !isClusterRunning()) {
				return;
			}
			beat();
			if (!this.running) {
				return;
			}
			List<String> silent = this.liveness.newlySilent(otherMembers());
			for (String node : silent) {
				logger.info("Node " + node + " has been silent too long; its services leave this node's view");
				this.transport.nodeUnreachable(node);
			}
			if (!silent.isEmpty()) {
				reconcile();
			}
			if (this.upkeepPending.compareAndSet(false, true)) {
				this.upkeep.execute(this::upkeep);
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Registry heartbeat failed on node " + this.localNode, ex);
		}
	}

	/**
	 * Re-assert this node's entries, and now and then rebuild the view and clean up.
	 */
	private void upkeep() {
		this.upkeepPending.set(false);
		try {
			if (!this.running || !isClusterRunning()) {
				return;
			}
			reassertLocalServices();
			int size = this.services.size();
			if (size != this.lastSeenSize || this.beats.get() % FULL_RECONCILE_PERIODS == 0) {
				this.lastSeenSize = size;
				reconcile();
				cleanUpIfOldest();
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Registry upkeep failed on node " + this.localNode, ex);
		}
	}

	/**
	 * Let the oldest member delete the entries of nodes that are no longer members; it
	 * runs on the timer because writes to a departed member's partitions wait for the
	 * partition table to settle.
	 */
	private void cleanUpIfOldest() {
		try {
			if (this.running && isClusterRunning() && isOldestMember()) {
				removeEntriesOfDepartedNodes();
			}
		}
		catch (RuntimeException ex) {
			logger.debug("Could not remove the entries of departed nodes yet: " + ex.getMessage());
		}
	}

	private void beat() {
		this.beats.incrementAndGet();
		this.heartbeats.publish(this.localNode);
	}

	/**
	 * After a split-brain heal has merged this member into the other side, publish this
	 * node's entries again at once, ask the others to do the same, and rebuild the view.
	 */
	private void lifecycleChanged(LifecycleEvent event) {
		if (event.getState() != LifecycleState.MERGED) {
			return;
		}
		String id = NodeIds.local(this.hazelcast);
		if (!id.equals(this.localNode)) {
			logger.error("The split-brain merge changed this node's Hazelcast member UUID to " + id + ", so node "
					+ this.localNode + " cannot be reached until it restarts. Give the member's configuration a "
					+ "unique member attribute '" + NodeIds.ATTRIBUTE + "' (Dispatch does so for the members it "
					+ "creates and for a Config bean) to keep the node id across merges.");
		}
		logger.info("Node " + this.localNode + " was merged back into the cluster; publishing its services again");
		this.lastSeenSize = -1;
		this.upkeep.execute(() -> republishLocalServices(true));
		this.upkeep.execute(this::upkeep);
	}

	private void republishRequested(Message<String> request) {
		if (!request.getMessageObject().equals(this.localNode)) {
			this.upkeep.execute(() -> republishLocalServices(false));
		}
	}

	private void heard(Message<String> heartbeat) {
		String node = heartbeat.getMessageObject();
		if (!node.equals(this.localNode) && this.liveness.heard(node)) {
			logger.info("Node " + node + " is heard from again; its services return to this node's view");
			reconcile();
		}
	}

	/**
	 * Write this node's entries again, whatever this member's copy of the map holds: a
	 * node merged back after a split-brain heal would get the others' entries only from
	 * Hazelcast's periodic anti-entropy, seconds later, and the others may have deleted
	 * this node's entries while it was away.
	 * @param askOthers whether to ask the other nodes to do the same
	 */
	private void republishLocalServices(boolean askOthers) {
		try {
			if (this.running && isClusterRunning()) {
				this.localServices.values().forEach(this::publish);
				if (askOthers) {
					this.republishRequests.publish(this.localNode);
				}
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Could not publish the services of node " + this.localNode + " again", ex);
		}
	}

	private void reassertLocalServices() {
		for (ServiceInfo info : this.localServices.values()) {
			byte[] expected = RegistryEntry.encode(info);
			if (!Arrays.equals(expected, this.services.get(info.ref().id()))) {
				this.services.put(info.ref().id(), expected);
			}
		}
	}

	/**
	 * Rebuild the view from the replicated entries, the members and their liveness.
	 */
	void reconcile() {
		this.view.replaceAll(() -> {
			Set<String> members = memberIds();
			Map<String, ServiceInfo> desired = new HashMap<>();
			for (Map.Entry<String, byte[]> entry : this.services.entrySet()) {
				ServiceInfo info = decode(entry.getValue());
				if (info != null && isVisibleRemote(info, members)) {
					desired.put(info.ref().id(), info);
				}
			}
			if (this.running) {
				desired.putAll(this.localServices);
			}
			return desired;
		});
	}

	private boolean isVisibleRemote(ServiceInfo info, Set<String> members) {
		String node = info.ref().node();
		return !node.equals(this.localNode) && members.contains(node) && !this.liveness.isSilent(node);
	}

	private void removeEntriesOfDepartedNodes() {
		Set<String> members = memberIds();
		for (Map.Entry<String, byte[]> entry : this.services.entrySet()) {
			ServiceInfo info = decode(entry.getValue());
			if (info == null || !members.contains(info.ref().node())) {
				this.services.remove(entry.getKey());
			}
		}
	}

	private Set<String> memberIds() {
		Set<String> ids = new HashSet<>();
		for (Member member : this.hazelcast.getCluster().getMembers()) {
			ids.add(NodeIds.of(member));
		}
		return ids;
	}

	private List<String> otherMembers() {
		List<String> others = new ArrayList<>();
		for (Member member : this.hazelcast.getCluster().getMembers()) {
			if (!member.localMember()) {
				others.add(NodeIds.of(member));
			}
		}
		return others;
	}

	private boolean isOldestMember() {
		Iterator<Member> members = this.hazelcast.getCluster().getMembers().iterator();
		return members.hasNext() && members.next().localMember();
	}

	private static @Nullable ServiceInfo decode(byte[] value) {
		try {
			return RegistryEntry.decode(value);
		}
		catch (IllegalArgumentException ex) {
			logger.warn("Ignored a malformed registry entry: " + ex.getMessage());
			return null;
		}
	}

	private final class ServiceEntryListener extends EntryAdapter<String, byte[]> {

		@Override
		public void entryAdded(EntryEvent<String, byte[]> event) {
			changed(event);
		}

		@Override
		public void entryUpdated(EntryEvent<String, byte[]> event) {
			changed(event);
		}

		@Override
		public void entryRemoved(EntryEvent<String, byte[]> event) {
			removed(event.getKey());
		}

		@Override
		public void entryEvicted(EntryEvent<String, byte[]> event) {
			removed(event.getKey());
		}

		@Override
		public void mapCleared(MapEvent event) {
			reconcile();
		}

		private void changed(EntryEvent<String, byte[]> event) {
			ServiceInfo info = decode(event.getValue());
			if (info != null && isVisibleRemote(info, memberIds())) {
				ClusterRegistry.this.view.put(info);
			}
		}

		private void removed(String id) {
			ServiceInfo info = ClusterRegistry.this.view.get(id);
			if (info != null && !info.ref().node().equals(ClusterRegistry.this.localNode)) {
				ClusterRegistry.this.view.remove(id);
			}
		}

	}

	private final class MemberListener implements MembershipListener {

		@Override
		public void memberAdded(MembershipEvent event) {
			ClusterRegistry.this.transport.nodeJoined(NodeIds.of(event.getMember()));
			reconcile();
		}

		@Override
		public void memberRemoved(MembershipEvent event) {
			String node = NodeIds.of(event.getMember());
			ClusterRegistry.this.liveness.forget(node);
			ClusterRegistry.this.transport.nodeGone(node);
			reconcile();
			ClusterRegistry.this.upkeep.execute(ClusterRegistry.this::cleanUpIfOldest);
		}

	}

}
