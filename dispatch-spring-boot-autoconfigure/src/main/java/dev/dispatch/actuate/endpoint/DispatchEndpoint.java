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

package dev.dispatch.actuate.endpoint;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

import dev.dispatch.ServiceInfo;
import dev.dispatch.ServiceRef;
import dev.dispatch.actuate.endpoint.RingPictures.Picture;
import dev.dispatch.handoff.StateKeeping;
import dev.dispatch.registry.ClusterState;
import dev.dispatch.ring.KeyHasher;
import dev.dispatch.ring.RingSectors;
import dev.dispatch.routing.InFlightMessages;

/**
 * {@link Endpoint @Endpoint} that shows this node's view of the registry: every type with
 * its services, how many messages this node has in flight to each, each one's share of
 * the keys and its arcs of the ring, and the ring checksum, the local node, the cluster's
 * members and those whose heartbeats this node refuses, and which services a key routes
 * to; and, for this node's services that keep state per key, their hand-offs, their
 * backup lag and the bytes of the copies they hold as backups. Read-only; it never shows
 * message contents.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
@Endpoint(id = "dispatch")
public class DispatchEndpoint {

	private static final int ROUTE_LENGTH = 3;

	private final ClusterState registry;

	private final InFlightMessages inFlight;

	private final KeyedStateStats states;

	private final RingPictures rings = new RingPictures();

	/**
	 * Create an endpoint that shows no message in flight.
	 * @param registry the registry
	 */
	public DispatchEndpoint(ClusterState registry) {
		this(registry, new InFlightMessages());
	}

	/**
	 * Create an endpoint.
	 * @param registry the registry
	 * @param inFlight the messages this node's template has in flight
	 */
	public DispatchEndpoint(ClusterState registry, InFlightMessages inFlight) {
		this(registry, inFlight, KeyedStateStats.NONE);
	}

	/**
	 * Create an endpoint that also shows the hand-offs and backups of this node's
	 * services that keep state per key.
	 * @param registry the registry
	 * @param inFlight the messages this node's template has in flight
	 * @param states what this node's services that keep state per key report
	 */
	public DispatchEndpoint(ClusterState registry, InFlightMessages inFlight, KeyedStateStats states) {
		this.registry = registry;
		this.inFlight = inFlight;
		this.states = states;
	}

	@ReadOperation
	public RegistryDescriptor registry() {
		Map<String, TypeDescriptor> types = new LinkedHashMap<>();
		for (String type : this.registry.getTypes()) {
			types.put(type, describe(type));
		}
		this.rings.retain(types.keySet());
		return new RegistryDescriptor(this.registry.getLocalNode(), this.registry.getMembers(),
				this.registry.getRefusedMembers(), types);
	}

	@ReadOperation
	public @Nullable TypeDescriptor type(@Selector String type) {
		return this.registry.getServices(type).isEmpty() ? null : describe(type);
	}

	/**
	 * Show which services a key routes to: the owner first, then the replicas that
	 * {@code findMultiService} would add.
	 * @param type the service type
	 * @param key the key, as a string
	 * @return the route, or {@code null} when the type has no online service
	 */
	@ReadOperation
	public @Nullable RouteDescriptor route(@Selector String type, @Selector String key) {
		List<ServiceRef> services = this.registry.findMultiService(ROUTE_LENGTH, type, key);
		return services.isEmpty() ? null
				: new RouteDescriptor(type, key, RingSectors.position(KeyHasher.hash(key)), services);
	}

	private TypeDescriptor describe(String type) {
		long checksum = this.registry.getRingChecksum(type);
		Picture ring = this.rings.of(type, checksum, this.registry.getOnlineServices(type));
		List<ServiceDescriptor> services = this.registry.getServices(type)
			.stream()
			.map((info) -> new ServiceDescriptor(info, this.inFlight.count(info.ref().id()), ring))
			.toList();
		return new TypeDescriptor(Long.toHexString(checksum), services, this.states.backupBytes(type),
				this.states.backupLag(type), this.states.handoffs(type));
	}

	/**
	 * The registry as one node sees it.
	 */
	public static final class RegistryDescriptor implements OperationResponseBody {

		private final String node;

		private final List<String> members;

		private final List<String> refusedMembers;

		private final Map<String, TypeDescriptor> types;

		RegistryDescriptor(String node, List<String> members, List<String> refusedMembers,
				Map<String, TypeDescriptor> types) {
			this.node = node;
			this.members = members;
			this.refusedMembers = refusedMembers;
			this.types = types;
		}

		public String getNode() {
			return this.node;
		}

		public List<String> getMembers() {
			return this.members;
		}

		/**
		 * Return the members whose heartbeats this node refuses: they sign with another
		 * cluster secret, or with none.
		 * @return the refused members' ids
		 */
		public List<String> getRefusedMembers() {
			return this.refusedMembers;
		}

		public Map<String, TypeDescriptor> getTypes() {
			return this.types;
		}

	}

	/**
	 * The services of one type.
	 */
	public static final class TypeDescriptor implements OperationResponseBody {

		private final String ringChecksum;

		private final List<ServiceDescriptor> services;

		private final long backupBytes;

		private final int backupLag;

		private final Map<String, Long> handoffs;

		TypeDescriptor(String ringChecksum, List<ServiceDescriptor> services, long backupBytes, int backupLag,
				Map<String, Long> handoffs) {
			this.ringChecksum = ringChecksum;
			this.services = services;
			this.backupBytes = backupBytes;
			this.backupLag = backupLag;
			this.handoffs = handoffs;
		}

		/**
		 * Return the bytes of the copies of states that this node's services of the type
		 * hold as backups of other services' keys.
		 * @return the bytes held
		 */
		public long getBackupBytes() {
			return this.backupBytes;
		}

		/**
		 * Return how many states of this node's services of the type wait for their
		 * backups to acknowledge them.
		 * @return the number of states not yet acknowledged
		 */
		public int getBackupLag() {
			return this.backupLag;
		}

		/**
		 * Return how many keys of this node's services of the type had their state moved
		 * to their new owner, or failed or timed out moving, per outcome.
		 * @return the keys per outcome
		 */
		public Map<String, Long> getHandoffs() {
			return this.handoffs;
		}

		public String getRingChecksum() {
			return this.ringChecksum;
		}

		public List<ServiceDescriptor> getServices() {
			return this.services;
		}

	}

	/**
	 * The services a key routes to, the owner first.
	 */
	public static final class RouteDescriptor implements OperationResponseBody {

		private final String type;

		private final String key;

		private final double position;

		private final List<ServiceRef> services;

		RouteDescriptor(String type, String key, double position, List<ServiceRef> services) {
			this.type = type;
			this.key = key;
			this.position = position;
			this.services = services;
		}

		public String getType() {
			return this.type;
		}

		public String getKey() {
			return this.key;
		}

		/**
		 * Return where the key falls on the ring, as the arcs of the services count.
		 * @return the fraction of a turn from key hash 0
		 */
		public double getPosition() {
			return this.position;
		}

		public ServiceRef getOwner() {
			return this.services.get(0);
		}

		public List<ServiceRef> getReplicas() {
			return this.services.subList(1, this.services.size());
		}

	}

	/**
	 * One service.
	 */
	public static final class ServiceDescriptor {

		private final String id;

		private final String node;

		private final String state;

		private final Map<String, String> metadata;

		private final int inFlight;

		private final int backups;

		private final double share;

		private final List<double[]> arcs;

		ServiceDescriptor(ServiceInfo info, int inFlight, Picture ring) {
			this.id = info.ref().id();
			this.node = info.ref().node();
			this.state = info.state().name();
			this.metadata = info.metadata();
			this.inFlight = inFlight;
			this.backups = StateKeeping.of(info.metadata()).backups();
			this.share = ring.share(this.id);
			this.arcs = ring.arcs(this.id);
		}

		public String getId() {
			return this.id;
		}

		public String getNode() {
			return this.node;
		}

		public String getState() {
			return this.state;
		}

		public Map<String, String> getMetadata() {
			return this.metadata;
		}

		/**
		 * Return how many messages this node has sent the service that are not settled
		 * yet.
		 * @return the number of messages in flight from this node
		 */
		public int getInFlight() {
			return this.inFlight;
		}

		/**
		 * Return on how many other services the service keeps a copy of each key's state.
		 * @return the number of backups, 0 for none
		 */
		public int getBackups() {
			return this.backups;
		}

		/**
		 * Return the share of the keys that the service owns, 0 while it is offline.
		 * @return a fraction from 0 to 1
		 */
		public double getShare() {
			return this.share;
		}

		/**
		 * Return the arcs of the ring where the service owns the most keys: the sectors,
		 * of 256 in a turn, that it owns the largest part of.
		 * @return the arcs, each from and to a fraction of a turn from key hash 0
		 */
		public List<double[]> getArcs() {
			return this.arcs;
		}

	}

}
