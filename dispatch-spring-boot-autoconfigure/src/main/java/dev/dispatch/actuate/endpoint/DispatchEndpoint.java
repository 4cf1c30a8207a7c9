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
import java.util.function.ToLongFunction;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

import dev.dispatch.ServiceInfo;
import dev.dispatch.ServiceRef;
import dev.dispatch.registry.ClusterState;
import dev.dispatch.routing.InFlightMessages;

/**
 * {@link Endpoint @Endpoint} that shows this node's view of the registry: every type with
 * its services, how many messages this node has in flight to each, and the ring checksum,
 * the local node, the cluster's members and those whose heartbeats this node refuses, and
 * which services a key routes to, and the bytes of the copies its services hold as
 * backups. Read-only; it never shows message contents.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
@Endpoint(id = "dispatch")
public class DispatchEndpoint {

	private static final int ROUTE_LENGTH = 3;

	private final ClusterState registry;

	private final InFlightMessages inFlight;

	private final ToLongFunction<String> backupBytes;

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
		this(registry, inFlight, (type) -> 0);
	}

	/**
	 * Create an endpoint that also shows the bytes of copies held as backups.
	 * @param registry the registry
	 * @param inFlight the messages this node's template has in flight
	 * @param backupBytes the bytes of the copies this node's services of a type hold
	 */
	public DispatchEndpoint(ClusterState registry, InFlightMessages inFlight, ToLongFunction<String> backupBytes) {
		this.registry = registry;
		this.inFlight = inFlight;
		this.backupBytes = backupBytes;
	}

	@ReadOperation
	public RegistryDescriptor registry() {
		Map<String, TypeDescriptor> types = new LinkedHashMap<>();
		for (String type : this.registry.getTypes()) {
			types.put(type, describe(type));
		}
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
		return services.isEmpty() ? null : new RouteDescriptor(type, key, services);
	}

	private TypeDescriptor describe(String type) {
		List<ServiceDescriptor> services = this.registry.getServices(type)
			.stream()
			.map((info) -> new ServiceDescriptor(info, this.inFlight.count(info.ref().id())))
			.toList();
		return new TypeDescriptor(Long.toHexString(this.registry.getRingChecksum(type)), services,
				this.backupBytes.applyAsLong(type));
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

		TypeDescriptor(String ringChecksum, List<ServiceDescriptor> services, long backupBytes) {
			this.ringChecksum = ringChecksum;
			this.services = services;
			this.backupBytes = backupBytes;
		}

		/**
		 * Return the bytes of the copies of states that this node's services of the type
		 * hold as backups of other services' keys.
		 * @return the bytes held
		 */
		public long getBackupBytes() {
			return this.backupBytes;
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

		private final List<ServiceRef> services;

		RouteDescriptor(String type, String key, List<ServiceRef> services) {
			this.type = type;
			this.key = key;
			this.services = services;
		}

		public String getType() {
			return this.type;
		}

		public String getKey() {
			return this.key;
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

		ServiceDescriptor(ServiceInfo info, int inFlight) {
			this.id = info.ref().id();
			this.node = info.ref().node();
			this.state = info.state().name();
			this.metadata = info.metadata();
			this.inFlight = inFlight;
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

	}

}
