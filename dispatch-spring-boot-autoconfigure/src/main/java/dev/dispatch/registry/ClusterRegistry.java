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

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Collection;
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
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;
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
import dev.dispatch.messaging.UntrustedData;
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
 * node the others had given up on comes back by itself, and removes the entries that name
 * it but are not its services.
 * <p>
 * Any member of the cluster can write the map and the topics, so nothing read from them
 * goes through Hazelcast's deserializer: keys must be strings, values byte arrays, and
 * each entry must decode and sit under its service's id; every other entry is skipped.
 * Every write of a local service's entry is serialized with the service's removal, so
 * that no write brings a removed service back. The heartbeat runs on a thread of its own,
 * since it may deliver events to listeners that block.
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

	static final int MAX_TYPE_LENGTH = RegistryEntry.MAX_TYPE_LENGTH;

	/**
	 * How long a stopping node waits for the cluster to take the removal of its services.
	 */
	static final Duration LEAVE_TIMEOUT = Duration.ofSeconds(10);

	private static final int FULL_RECONCILE_PERIODS = 10;

	private static final long DRAIN_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

	private static final long DRAIN_MINIMUM_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

	private static final int MAX_REPORTED_ENTRIES = 1024;

	private static final long UNNAMED_REPORT_NANOS = TimeUnit.MINUTES.toNanos(1);

	private static final Log logger = LogFactory.getLog(ClusterRegistry.class);

	private final HazelcastInstance hazelcast;

	private final ClusterTransport transport;

	private final String localNode;

	private final Duration broadcastPeriod;

	private final Duration shutdownDrain;

	private final ReplicatedMap<String, byte[]> services;

	private final byte[] localNodeBytes;

	private final ITopic<byte[]> heartbeats;

	private final ITopic<byte[]> republishRequests;

	private final UntrustedData untrusted;

	private final RawServiceEntries entries;

	private final ExecutorService upkeep;

	private final ScheduledExecutorService heartbeat;

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

	private final Map<String, UUID> holders = new HashMap<>();

	private final Set<UUID> reportedDuplicates = ConcurrentHashMap.newKeySet();

	private final Set<String> reportedEntries = ConcurrentHashMap.newKeySet();

	private final AtomicLong nextUnnamedReport = new AtomicLong(System.nanoTime());

	/**
	 * Called with the operation and the service id just before an entry of a local service
	 * is written, while no removal of that service can run; for tests.
	 */
	volatile BiConsumer<String, String> beforeLocalWrite = (operation, id) -> {
	};

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
		Assert.isTrue(this.localNode.length() <= RegistryEntry.MAX_ID_LENGTH, () -> "The node id must be at most "
				+ RegistryEntry.MAX_ID_LENGTH + " characters long but was " + this.localNode.length());
		this.localNodeBytes = this.localNode.getBytes(StandardCharsets.UTF_8);
		this.broadcastPeriod = broadcastPeriod;
		this.shutdownDrain = shutdownDrain;
		this.services = hazelcast.getReplicatedMap(SERVICES_MAP);
		this.heartbeats = hazelcast.getTopic(HEARTBEATS_TOPIC);
		this.republishRequests = hazelcast.getTopic(REPUBLISH_TOPIC);
		this.untrusted = UntrustedData.of(hazelcast);
		this.entries = new RawServiceEntries(this.services, this.untrusted);
		this.upkeep = Executors.newSingleThreadExecutor(daemonThreads("dispatch-registry-"));
		this.heartbeat = Executors.newSingleThreadScheduledExecutor(daemonThreads("dispatch-heartbeat-"));
		this.view = new RegistryView(events);
		this.liveness = new NodeLiveness(broadcastPeriod, maxSilentPeriods);
	}

	private static CustomizableThreadFactory daemonThreads(String prefix) {
		CustomizableThreadFactory threads = new CustomizableThreadFactory(prefix);
		threads.setDaemon(true);
		return threads;
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
		RegistryEntry.validateMetadata(metadata);
		HandlerMethods handlerMethods = HandlerMethods.of(handler);
		ServiceRef ref = new ServiceRef(type, UUID.randomUUID().toString(), this.localNode);
		this.transport.bind(ref, handlerMethods, concurrency);
		ServiceInfo info = new ServiceInfo(ref, ServiceState.ONLINE, metadata);
		try {
			this.localServices.compute(ref.id(), (id, previous) -> {
				if (this.running) {
					write("add", info);
				}
				return info;
			});
		}
		catch (RuntimeException ex) {
			this.transport.unbind(ref.id());
			throw ex;
		}
		showLocal(info);
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
		Assert.notNull(service, "'service' must not be null");
		ServiceInfo changed = this.localServices.computeIfPresent(service.id(), (id, current) -> {
			ServiceInfo info = current.withState(state);
			if (this.running) {
				write("state", info);
			}
			return info;
		});
		Assert.isTrue(changed != null, () -> notLocal(service));
		showLocal(changed);
	}

	/**
	 * Remove the service and its entry in one step for its id, so that no write of the
	 * entry can follow; if the entry cannot be removed now, upkeep removes it later since
	 * it names this node but no local service.
	 */
	@Override
	public void removeService(ServiceRef service) {
		Assert.notNull(service, "'service' must not be null");
		AtomicBoolean removed = new AtomicBoolean();
		this.localServices.computeIfPresent(service.id(), (id, current) -> {
			removed.set(true);
			try {
				if (isClusterRunning()) {
					this.services.remove(id);
				}
			}
			catch (RuntimeException ex) {
				logger.warn("Could not remove the entry of service " + id + " yet; upkeep removes it later: " + ex);
			}
			return null;
		});
		Assert.isTrue(removed.get(), () -> notLocal(service));
		this.transport.unbind(service.id());
		this.view.remove(service.id());
	}

	private String notLocal(ServiceRef service) {
		return "Service " + service.id() + " of type '" + service.type() + "' is not registered on this node ("
				+ this.localNode + ")";
	}

	/**
	 * Write the entry of a local service; called only inside a {@code compute} of
	 * {@link #localServices} for its id. The replication to the other nodes starts before
	 * this node builds its ring.
	 */
	private void write(String operation, ServiceInfo info) {
		this.beforeLocalWrite.accept(operation, info.ref().id());
		this.services.put(info.ref().id(), RegistryEntry.encode(info));
	}

	/**
	 * Show a local service in this node's view, unless it was changed or removed since.
	 */
	private void showLocal(ServiceInfo info) {
		this.view.putIfCurrent(info, () -> this.localServices.get(info.ref().id()) == info);
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
		refuseDuplicateId();
		this.transport.start();
		this.registrations.add(this.services.addEntryListener(new ServiceEntryListener()));
		this.registrations.add(this.heartbeats.addMessageListener(this::heard));
		this.registrations.add(this.hazelcast.getCluster().addMembershipListener(new MemberListener()));
		this.registrations.add(this.hazelcast.getLifecycleService().addLifecycleListener(this::lifecycleChanged));
		this.registrations.add(this.republishRequests.addMessageListener(this::republishRequested));
		updateHolders(this.hazelcast.getCluster().getMembers());
		this.running = true;
		beat();
		writeLocalServices("start");
		reconcile();
		long period = this.broadcastPeriod.toNanos();
		this.ticker = this.heartbeat.scheduleAtFixedRate(this::tick, period, period, TimeUnit.NANOSECONDS);
	}

	private void refuseDuplicateId() {
		for (Member member : this.hazelcast.getCluster().getMembers()) {
			if (!member.localMember() && NodeIds.of(member).equals(this.localNode)) {
				throw new IllegalStateException("Member " + member.getUuid() + " of the cluster already has node id '"
						+ this.localNode + "', so this node cannot start: give each node a unique id in the member "
						+ "attribute '" + NodeIds.ATTRIBUTE + "' (or leave it unset to get a random one)");
			}
		}
	}

	/**
	 * Leave gracefully: take this node's services offline so that no new routes reach them,
	 * let the messages they have accepted finish (waiting at least a broadcast period, up to
	 * 200 ms, for those already on their way, and at most {@code shutdownDrain}), then
	 * remove them. The writes
	 * to the cluster run on the upkeep thread and are awaited for at most
	 * {@link #LEAVE_TIMEOUT} each: if the cluster cannot take them in time, the oldest member
	 * removes this node's entries once it has left. The transport keeps its inbox until it
	 * is closed, so that calls made while the application shuts down still get their
	 * replies.
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
				this.localServices.computeIfPresent(info.ref().id(), (id, current) -> {
					write("offline", current.withState(ServiceState.OFFLINE));
					return current;
				});
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
	 * Stop the upkeep and heartbeat threads.
	 */
	@Override
	public void close() {
		stop();
		this.heartbeat.shutdownNow();
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
	 * Every broadcast period, on the heartbeat thread: beat, and drop the members that went
	 * silent.
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
				removeStrayEntriesOfThisNode();
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
		this.heartbeats.publish(this.localNodeBytes);
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

	private void republishRequested(Message<byte[]> request) {
		String node = nodeId(request);
		if (node != null && !node.equals(this.localNode)) {
			this.upkeep.execute(() -> republishLocalServices(false));
		}
	}

	/**
	 * Take a heartbeat only from the member that holds the node id it names.
	 */
	private void heard(Message<byte[]> heartbeat) {
		String node = nodeId(heartbeat);
		Member from = heartbeat.getPublishingMember();
		if (node == null || node.equals(this.localNode) || from == null || !NodeIds.of(from).equals(node)
				|| !NodeIds.holdsId(from, this.hazelcast.getCluster().getMembers())) {
			return;
		}
		if (this.liveness.heard(node)) {
			logger.info("Node " + node + " is heard from again; its services return to this node's view");
			reconcile();
		}
	}

	/**
	 * Read the node id that a heartbeat or republish request carries as UTF-8 bytes.
	 * @return the node id, or {@code null} if the message is anything else
	 */
	private @Nullable String nodeId(Message<byte[]> message) {
		byte[] bytes = this.untrusted.bytes(message);
		if (bytes == null || bytes.length == 0 || bytes.length > 4 * RegistryEntry.MAX_ID_LENGTH) {
			return null;
		}
		try {
			String node = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
			return (node.length() <= RegistryEntry.MAX_ID_LENGTH) ? node : null;
		}
		catch (CharacterCodingException ex) {
			return null;
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
				writeLocalServices("republish");
				if (askOthers) {
					this.republishRequests.publish(this.localNodeBytes);
				}
			}
		}
		catch (RuntimeException ex) {
			logger.warn("Could not publish the services of node " + this.localNode + " again", ex);
		}
	}

	private void writeLocalServices(String operation) {
		for (String id : this.localServices.keySet()) {
			ServiceInfo info = this.localServices.computeIfPresent(id, (key, current) -> {
				write(operation, current);
				return current;
			});
			if (info != null) {
				showLocal(info);
			}
		}
	}

	private void reassertLocalServices() {
		for (String id : this.localServices.keySet()) {
			this.localServices.computeIfPresent(id, (key, info) -> {
				this.beforeLocalWrite.accept("reassert", key);
				byte[] expected = RegistryEntry.encode(info);
				if (!Arrays.equals(expected, this.entries.get(key))) {
					this.services.put(key, expected);
				}
				return info;
			});
		}
	}

	/**
	 * Remove the entries that name this node but none of its services: leftovers of an
	 * earlier process with this node id, or forgeries. Each removal is serialized with the
	 * registration of a service under that id.
	 */
	private void removeStrayEntriesOfThisNode() {
		List<String> stray = new ArrayList<>();
		this.entries.forEach((key, value) -> {
			if (key != null && value != null && !this.localServices.containsKey(key)) {
				ServiceInfo info = decodeQuietly(value);
				if (info != null && info.ref().node().equals(this.localNode)) {
					stray.add(key);
				}
			}
		});
		for (String key : stray) {
			this.localServices.computeIfAbsent(key, (id) -> {
				logger.info("Removing registry entry " + id + ", which names node " + this.localNode
						+ " but none of its services");
				this.services.remove(id);
				return null;
			});
		}
	}

	/**
	 * Rebuild the view from the replicated entries, the members and their liveness.
	 */
	void reconcile() {
		this.view.replaceAll(() -> {
			Set<String> members = memberIds();
			Map<String, ServiceInfo> desired = new HashMap<>();
			this.entries.forEach((key, value) -> {
				ServiceInfo info = parse(key, value);
				if (info != null && isVisibleRemote(info, members)) {
					desired.put(info.ref().id(), info);
				}
			});
			if (this.running) {
				desired.putAll(this.localServices);
			}
			return desired;
		});
	}

	private boolean isVisibleRemote(ServiceInfo info, Set<String> members) {
		String node = info.ref().node();
		return !node.equals(this.localNode) && members.contains(node) && !this.liveness.isSilent(node)
				&& !this.localServices.containsKey(info.ref().id());
	}

	/**
	 * Remove the entries of nodes that are no longer members, and the malformed ones.
	 * Entries whose key is not a string or whose value is not a byte array are left
	 * alone: removing them would deserialize them.
	 */
	private void removeEntriesOfDepartedNodes() {
		Set<String> members = memberIds();
		List<String> doomed = new ArrayList<>();
		this.entries.forEach((key, value) -> {
			if (key != null && value != null) {
				ServiceInfo info = decodeQuietly(value);
				if (info == null || !info.ref().id().equals(key) || !members.contains(info.ref().node())) {
					doomed.add(key);
				}
			}
		});
		doomed.forEach(this.services::remove);
	}

	private Set<String> memberIds() {
		Set<String> ids = new HashSet<>();
		for (Member member : this.hazelcast.getCluster().getMembers()) {
			ids.add(NodeIds.of(member));
		}
		return ids;
	}

	private Set<String> otherMembers() {
		Set<String> others = memberIds();
		others.remove(this.localNode);
		return others;
	}

	private boolean isOldestMember() {
		Iterator<Member> members = this.hazelcast.getCluster().getMembers().iterator();
		return members.hasNext() && members.next().localMember();
	}

	/**
	 * Read an entry of the map, and report a bad one once per key.
	 * @param key the key, {@code null} if it is not a string
	 * @param value the value, {@code null} if it is not a byte array
	 * @return the service, or {@code null} if the entry is bad
	 */
	private @Nullable ServiceInfo parse(@Nullable String key, byte @Nullable [] value) {
		if (key == null) {
			long next = this.nextUnnamedReport.get();
			if (System.nanoTime() - next >= 0 && this.nextUnnamedReport.compareAndSet(next, next + UNNAMED_REPORT_NANOS)) {
				logger.warn("Ignored a registry entry whose key is not a string; another member of the cluster "
						+ "wrote it, not Dispatch");
			}
			return null;
		}
		if (value == null) {
			report(key, "its value is not a byte array");
			return null;
		}
		try {
			ServiceInfo info = RegistryEntry.decode(value);
			if (!info.ref().id().equals(key)) {
				report(key, "it names another service id");
				return null;
			}
			this.reportedEntries.remove(key);
			return info;
		}
		catch (IllegalArgumentException ex) {
			report(key, ex.getMessage());
			return null;
		}
	}

	private void report(String key, @Nullable String reason) {
		if (this.reportedEntries.size() < MAX_REPORTED_ENTRIES && this.reportedEntries.add(key)) {
			String shown = (key.length() <= RegistryEntry.MAX_ID_LENGTH) ? key
					: key.substring(0, RegistryEntry.MAX_ID_LENGTH) + "...";
			logger.warn("Ignored registry entry '" + shown + "': " + reason);
		}
	}

	private static @Nullable ServiceInfo decodeQuietly(byte[] value) {
		try {
			return RegistryEntry.decode(value);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private void updateHolders(Collection<Member> members) {
		synchronized (this.holders) {
			this.holders.clear();
			for (Member member : members) {
				this.holders.putIfAbsent(NodeIds.of(member), member.getUuid());
			}
		}
	}

	private boolean held(String node, UUID member) {
		synchronized (this.holders) {
			UUID holder = this.holders.get(node);
			return holder == null || holder.equals(member);
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
			removed(event);
		}

		@Override
		public void entryEvicted(EntryEvent<String, byte[]> event) {
			removed(event);
		}

		@Override
		public void mapCleared(MapEvent event) {
			reconcile();
		}

		private void changed(EntryEvent<String, byte[]> event) {
			String key = ClusterRegistry.this.entries.key(event);
			ServiceInfo info = parse(key, ClusterRegistry.this.entries.value(event));
			if (info != null && isVisibleRemote(info, memberIds())) {
				ClusterRegistry.this.view.put(info);
			}
			else if (key != null) {
				removeRemote(key);
			}
		}

		private void removed(EntryEvent<String, byte[]> event) {
			String key = ClusterRegistry.this.entries.key(event);
			if (key != null) {
				ClusterRegistry.this.reportedEntries.remove(key);
				removeRemote(key);
			}
		}

		private void removeRemote(String id) {
			ServiceInfo info = ClusterRegistry.this.view.get(id);
			if (info != null && !info.ref().node().equals(ClusterRegistry.this.localNode)) {
				ClusterRegistry.this.view.remove(id);
			}
		}

	}

	/**
	 * Follows the members. A node id belongs to the oldest member that has it: a younger
	 * member with the same id (a restarted node whose old member has not been removed yet,
	 * or an impostor) neither revives nor ends the node.
	 */
	private final class MemberListener implements MembershipListener {

		@Override
		public void memberAdded(MembershipEvent event) {
			Member member = event.getMember();
			String node = NodeIds.of(member);
			if (NodeIds.holdsId(member, event.getMembers())) {
				ClusterRegistry.this.transport.nodeJoined(node);
			}
			else {
				reportDuplicate(member, node, event.getMembers());
			}
			updateHolders(event.getMembers());
			reconcile();
		}

		@Override
		public void memberRemoved(MembershipEvent event) {
			Member member = event.getMember();
			String node = NodeIds.of(member);
			boolean held = held(node, member.getUuid());
			updateHolders(event.getMembers());
			ClusterRegistry.this.reportedDuplicates.remove(member.getUuid());
			if (!NodeIds.isMember(node, event.getMembers())) {
				ClusterRegistry.this.liveness.forget(node);
				ClusterRegistry.this.transport.nodeGone(node);
			}
			else if (held) {
				ClusterRegistry.this.transport.nodeUnreachable(node);
			}
			reconcile();
			ClusterRegistry.this.upkeep.execute(ClusterRegistry.this::cleanUpIfOldest);
		}

		private void reportDuplicate(Member member, String node, Set<Member> members) {
			if (!ClusterRegistry.this.reportedDuplicates.add(member.getUuid())) {
				return;
			}
			UUID holder = members.stream().filter((other) -> NodeIds.of(other).equals(node)).findFirst()
				.map(Member::getUuid).orElse(null);
			logger.error("Member " + member.getUuid() + " joined with node id '" + node + "', which member " + holder
					+ " already has; the younger member is not taken for the node. Give each node a unique id "
					+ "in the member attribute '" + NodeIds.ATTRIBUTE + "'");
		}

	}

}
