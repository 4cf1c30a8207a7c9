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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.replicatedmap.ReplicatedMap;
import com.hazelcast.topic.ITopic;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.util.Assert;

import dev.dispatch.DispatchRegistry;
import dev.dispatch.ServiceInfo;
import dev.dispatch.ServiceOptions;
import dev.dispatch.ServiceRef;
import dev.dispatch.ServiceState;
import dev.dispatch.handoff.KeyedStates;
import dev.dispatch.messaging.ClusterTransport;
import dev.dispatch.messaging.NodeIds;
import dev.dispatch.messaging.UntrustedData;
import dev.dispatch.metrics.DispatchMetrics;
import dev.dispatch.ring.KeyHasher;

/**
 * The {@link DispatchRegistry} of one node. Service entries live in a Hazelcast
 * {@link ReplicatedMap}, written only by the node that owns them; every broadcast period
 * each node publishes a heartbeat on a topic. A remote service is in this node's view
 * while its node is a cluster member heard from within its limit, at least
 * {@code broadcast-period x max-silent-periods}. Any member can write the map and the
 * topics, so nothing read from them goes through Hazelcast's deserializer, and every
 * entry is checked. The states of stateful services follow their keys
 * ({@link KeyedStates}).
 * <p>
 * This class wires the registry's parts together and keeps the order of the steps in
 * {@link #start()} and {@link #stop()}; each part says which threads use it (see
 * {@code docs/design.md}).
 *
 * @author Dispatch team
 * @since 0.1.0
 */
public final class ClusterRegistry implements DispatchRegistry, ClusterState, SmartLifecycle, AutoCloseable {

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

	private final HazelcastInstance hazelcast;

	private final ClusterTransport transport;

	private final String localNode;

	private final ReplicatedMap<String, byte[]> services;

	private final ITopic<byte[]> heartbeatTopic;

	private final ITopic<byte[]> republishTopic;

	private final RegistryNode node;

	private final RegistryView view;

	private final LocalServices localServices;

	private final ViewReconciler reconciler;

	private final NodeIdHolders holders = new NodeIdHolders();

	private final Heartbeats heartbeats;

	private final RegistryUpkeep upkeep;

	private final HeartbeatTimer timer;

	private final MembershipTracker membership;

	private final ListenerRegistrations registrations = new ListenerRegistrations();

	private final GracefulLeave leave;

	private final KeyedStates keyedStates;

	private final ServiceChanges changes;

	/**
	 * Called with the operation and the service id just before an entry of a local
	 * service is written, while no removal of that service can run; for tests.
	 */
	volatile BiConsumer<String, String> beforeLocalWrite = (operation, id) -> {
	};

	/**
	 * Create a registry.
	 * @param hazelcast the cluster member
	 * @param transport how messages reach services; the registry signs with its seal
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
		RegistryEntry.validateNodeId(this.localNode);
		this.services = hazelcast.getReplicatedMap(SERVICES_MAP);
		this.heartbeatTopic = hazelcast.getTopic(HEARTBEATS_TOPIC);
		this.republishTopic = hazelcast.getTopic(REPUBLISH_TOPIC);
		UntrustedData untrusted = UntrustedData.of(hazelcast);
		RawServiceEntries entries = new RawServiceEntries(this.services, untrusted, transport.getSeal());
		this.node = new RegistryNode(hazelcast, transport, this.localNode, untrusted, transport.getSeal());
		NodeLiveness liveness = new NodeLiveness(broadcastPeriod, maxSilentPeriods, this.node.isSealed());
		this.view = new RegistryView(events);
		this.keyedStates = new KeyedStates(transport, events, this.node::isMember);
		this.view.setRingListener(this.keyedStates::ringChanged);
		this.localServices = new LocalServices(this.node, entries, this.view,
				(operation, id) -> this.beforeLocalWrite.accept(operation, id));
		this.changes = new ServiceChanges(this.localNode,
				new ServiceBinder(this.localNode, transport, this.keyedStates), this.localServices, this.view);
		this.reconciler = new ViewReconciler(this.node, entries, this.view, this.localServices, liveness,
				new EntryReports());
		this.heartbeats = new Heartbeats(this.node, this.heartbeatTopic, liveness, this.reconciler,
				new HeartbeatRefusals(broadcastPeriod.multipliedBy(maxSilentPeriods)));
		this.upkeep = new RegistryUpkeep(this.node, this.services, entries, this.localServices, this.reconciler,
				this.heartbeats, this.republishTopic);
		this.timer = new HeartbeatTimer(this.node, this.heartbeats, liveness, this.reconciler, this.upkeep,
				broadcastPeriod);
		this.membership = new MembershipTracker(this.holders, transport, liveness, this.reconciler, this.upkeep);
		this.leave = new GracefulLeave(this.node, entries, this.localServices, this.view, this.upkeep,
				this.registrations, new ShutdownDrain(broadcastPeriod, shutdownDrain), this.keyedStates);
	}

	/**
	 * Set where measurements of ring changes and hand-offs go; none by default.
	 */
	public void setMetrics(DispatchMetrics metrics) {
		this.view.setMetrics(metrics);
		this.keyedStates.setMetrics(metrics);
	}

	@Override
	public ServiceRef addService(String type, Object handler, ServiceOptions options) {
		return this.changes.add(type, handler, options);
	}

	@Override
	public void enableService(ServiceRef service) {
		this.changes.changeState(service, ServiceState.ONLINE);
	}

	@Override
	public void disableService(ServiceRef service) {
		this.changes.changeState(service, ServiceState.OFFLINE);
	}

	@Override
	public void removeService(ServiceRef service) {
		this.changes.remove(service);
	}

	@Override
	public List<ServiceInfo> getServices(String type) {
		RegistryEntry.validateType(type);
		return this.view.services(type);
	}

	@Override
	public List<ServiceInfo> getOnlineServices(String type) {
		RegistryEntry.validateType(type);
		return this.view.onlineServices(type);
	}

	@Override
	public Optional<ServiceRef> findService(String type, Object key) {
		RegistryEntry.validateType(type);
		return Optional.ofNullable(this.view.find(type, KeyHasher.hash(key)));
	}

	@Override
	public @Nullable ServiceRef findServiceByHash(String type, long keyHash) {
		RegistryEntry.validateType(type);
		return this.view.find(type, keyHash);
	}

	@Override
	public List<ServiceRef> findMultiService(int count, String type, Object key) {
		Assert.isTrue(count >= 1, () -> "'count' must be at least 1 but was " + count);
		RegistryEntry.validateType(type);
		return this.view.findMulti(count, type, KeyHasher.hash(key));
	}

	@Override
	public List<ServiceRef> findMultiServiceByHash(int count, String type, long keyHash) {
		Assert.isTrue(count >= 1, () -> "'count' must be at least 1 but was " + count);
		RegistryEntry.validateType(type);
		return this.view.findMulti(count, type, keyHash);
	}

	@Override
	public String getLocalNode() {
		return this.localNode;
	}

	@Override
	public List<String> getTypes() {
		return List.copyOf(this.view.typeNames());
	}

	@Override
	public long getRingChecksum(String type) {
		return this.view.checksum(type);
	}

	@Override
	public List<ServiceInfo> getLocalServices() {
		return this.localServices.snapshot();
	}

	/**
	 * Return the keyed states of this node's services: their hand-offs and backups.
	 */
	public KeyedStates getKeyedStates() {
		return this.keyedStates;
	}

	/**
	 * Return whether an online service keeps copies of its keys' states on backups.
	 */
	public boolean hasBackups(ServiceRef service) {
		return this.view.hasBackups(service);
	}

	@Override
	public boolean isClusterRunning() {
		return this.node.isClusterRunning();
	}

	@Override
	public List<String> getMembers() {
		return this.node.members().stream().map(NodeIds::of).toList();
	}

	@Override
	public List<String> getRefusedMembers() {
		return this.heartbeats.refusedMembers();
	}

	@Override
	public boolean isCutOff() {
		return this.heartbeats.isCutOff();
	}

	@Override
	public void start() {
		if (this.node.isRunning()) {
			return;
		}
		NodeIdHolders.refuseDuplicate(this.localNode, this.node.members());
		this.transport.start();
		listen();
		this.holders.update(this.node.members());
		this.node.setRunning(true);
		this.heartbeats.beatAndHearOthers();
		this.reconciler.reconcile();
		this.keyedStates.activate();
		this.localServices.writeAll("start");
		this.reconciler.reconcile();
		this.timer.start();
		this.node.markStarted();
	}

	private void listen() {
		this.registrations.add(this.services.addEntryListener(this.reconciler), this.services::removeEntryListener);
		this.registrations.add(this.heartbeatTopic.addMessageListener(this.heartbeats::heard),
				this.heartbeatTopic::removeMessageListener);
		this.registrations.add(this.hazelcast.getCluster().addMembershipListener(this.membership),
				(id) -> this.hazelcast.getCluster().removeMembershipListener(id));
		this.registrations.add(this.hazelcast.getLifecycleService().addLifecycleListener(this.upkeep::lifecycleChanged),
				(id) -> this.hazelcast.getLifecycleService().removeLifecycleListener(id));
		this.registrations.add(this.republishTopic.addMessageListener(this.upkeep::republishRequested),
				this.republishTopic::removeMessageListener);
	}

	/**
	 * Leave gracefully (see {@link GracefulLeave}): take this node's services offline,
	 * let them finish the messages they have accepted and hand off their keys, within
	 * {@code shutdownDrain}, then remove them. The transport keeps its inbox until it is
	 * closed, so that calls made while the application shuts down still get replies.
	 */
	@Override
	public void stop() {
		if (!this.node.isRunning()) {
			return;
		}
		this.node.setLeaving(true);
		this.node.setRunning(false);
		this.leave.leave();
		this.timer.stop();
		this.node.setLeaving(false);
	}

	/**
	 * Stop the upkeep and heartbeat threads.
	 */
	@Override
	public void close() {
		stop();
		this.timer.shutdown();
		this.upkeep.shutdown();
		this.keyedStates.close();
	}

	@Override
	public boolean isRunning() {
		return this.node.isRunning();
	}

	/**
	 * Return a stage that completes when this registry has first started.
	 */
	public CompletionStage<Void> whenStarted() {
		return this.node.whenStarted();
	}

	@Override
	public boolean isDraining() {
		return this.node.isLeaving();
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

}
