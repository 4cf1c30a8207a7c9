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

package dev.dispatch;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The cluster-wide registry of services. Every node holds a replicated view of it and a
 * consistent-hash ring per service type, so that a key maps to the same service on every
 * node as long as the set of online services of that type is unchanged.
 * <p>
 * Changes are published as {@link ServiceJoinedEvent} and {@link ServiceLeftEvent}
 * application events on every node.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
public interface DispatchRegistry {

	/**
	 * Register a handler on this node as an online service of a type, handling one
	 * message at a time.
	 * @param type the service type
	 * @param handler an object with {@link DispatchHandler @DispatchHandler} methods
	 * @return the reference of the new service
	 * @throws IllegalArgumentException if the type is invalid or the handler has no
	 * usable handler methods
	 */
	default ServiceRef addService(String type, Object handler) {
		return addService(type, handler, 1, Map.of());
	}

	/**
	 * Register a handler on this node as an online service of a type.
	 * @param type the service type
	 * @param handler an object with {@link DispatchHandler @DispatchHandler} methods
	 * @param concurrency how many messages the service may handle at once, at least 1
	 * @param metadata metadata to publish with the service
	 * @return the reference of the new service
	 * @throws IllegalArgumentException if an argument is invalid
	 */
	default ServiceRef addService(String type, Object handler, int concurrency, Map<String, String> metadata) {
		return addService(type, handler, ServiceOptions.defaults().withConcurrency(concurrency).withMetadata(metadata));
	}

	/**
	 * Register a handler on this node as an online service of a type, with options.
	 * @param type the service type
	 * @param handler an object with {@link DispatchHandler @DispatchHandler} methods
	 * @param options its concurrency, backups and metadata
	 * @return the reference of the new service
	 * @throws IllegalArgumentException if an argument is invalid, or the service has
	 * backups and its handler is not a {@link KeyedState} that overrides
	 * {@link KeyedState#snapshot(Object) snapshot}
	 */
	ServiceRef addService(String type, Object handler, ServiceOptions options);

	/**
	 * Put a service of this node back online.
	 * @param service the service
	 * @throws IllegalArgumentException if the service is not registered on this node
	 */
	void enableService(ServiceRef service);

	/**
	 * Take a service of this node offline: it stays listed but receives no new routes.
	 * @param service the service
	 * @throws IllegalArgumentException if the service is not registered on this node
	 */
	void disableService(ServiceRef service);

	/**
	 * Remove a service of this node from the registry. Messages it has already accepted
	 * are still handled.
	 * @param service the service
	 * @throws IllegalArgumentException if the service is not registered on this node
	 */
	void removeService(ServiceRef service);

	/**
	 * Return every service of a type, online or offline, ordered by id.
	 * @param type the service type
	 * @return the services, empty when there are none
	 */
	List<ServiceInfo> getServices(String type);

	/**
	 * Return the online services of a type, ordered by id.
	 * @param type the service type
	 * @return the online services, empty when there are none
	 */
	List<ServiceInfo> getOnlineServices(String type);

	/**
	 * Return the online service that owns a key.
	 * @param type the service type
	 * @param key a {@code String}, {@code Number}, {@code UUID}, {@code byte[]}, enum, or
	 * a {@code List} or record of these
	 * @return the service, or empty when the type has no online service
	 * @throws IllegalArgumentException if the key is of an unsupported type
	 */
	Optional<ServiceRef> findService(String type, Object key);

	/**
	 * Return up to {@code count} distinct online services for a key, in ring order, the
	 * first being {@link #findService(String, Object)}'s answer. Services on distinct
	 * nodes are preferred while there are enough of them.
	 * @param count how many services are wanted, at least 1
	 * @param type the service type
	 * @param key the key, as for {@link #findService(String, Object)}
	 * @return the services, empty when the type has no online service
	 * @throws IllegalArgumentException if count is less than 1 or the key is unsupported
	 */
	List<ServiceRef> findMultiService(int count, String type, Object key);

	/**
	 * Return the id of this node.
	 * @return the node id
	 */
	String getLocalNode();

	/**
	 * Return the service types that have at least one service, sorted.
	 * @return the service types
	 */
	List<String> getTypes();

}
