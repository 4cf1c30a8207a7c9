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

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.dispatch.ServiceInfo;
import dev.dispatch.ServiceState;

/**
 * The services registered on this node, and every write of their entries. Each write of a
 * service's entry runs inside a {@code compute} of the local map for the service's id, as
 * does its removal, so that no write brings a removed service back; a removal of an entry
 * that names this node but none of its services is serialized with the registration of a
 * service under that id the same way.
 * <p>
 * Threads: callers that add, change and remove services; the thread that calls
 * {@code start} (writes every entry) and {@code stop} (takes the services away); the
 * upkeep thread {@code dispatch-registry-} (re-asserts, republishes, announces the leave,
 * removes stray entries); and every thread that reads the services while it builds the
 * view, Hazelcast's event threads and the heartbeat thread {@code dispatch-heartbeat-}
 * among them. The map is concurrent; the per-id {@code compute} is the only ordering
 * between writers.
 *
 * @author Dispatch team
 */
final class LocalServices {

	private static final Log logger = LogFactory.getLog(LocalServices.class);

	private final Map<String, ServiceInfo> services = new ConcurrentHashMap<>();

	private final RegistryNode node;

	private final RawServiceEntries entries;

	private final RegistryView view;

	private final BiConsumer<String, String> beforeWrite;

	/**
	 * Create the local services.
	 * @param node this node
	 * @param entries the services map, read and written raw
	 * @param view this node's view
	 * @param beforeWrite called with the operation and the service id just before an
	 * entry is written, while no removal of that service can run
	 */
	LocalServices(RegistryNode node, RawServiceEntries entries, RegistryView view,
			BiConsumer<String, String> beforeWrite) {
		this.node = node;
		this.entries = entries;
		this.view = view;
		this.beforeWrite = beforeWrite;
	}

	/**
	 * Register a service, and write its entry if the registry is running.
	 * @param info the service
	 */
	void add(ServiceInfo info) {
		this.services.compute(info.ref().id(), (id, previous) -> {
			if (this.node.isRunning()) {
				write("add", info);
			}
			return info;
		});
	}

	/**
	 * Change the state of a service, and write its entry if the registry is running.
	 * @param id the service id
	 * @param state the new state
	 * @return the changed service, or {@code null} if it is not a local service
	 */
	@Nullable ServiceInfo changeState(String id, ServiceState state) {
		return this.services.computeIfPresent(id, (key, current) -> {
			ServiceInfo info = current.withState(state);
			if (this.node.isRunning()) {
				write("state", info);
			}
			return info;
		});
	}

	/**
	 * Remove the service and its entry in one step for its id, so that no write of the
	 * entry can follow; if the entry cannot be removed now, upkeep removes it later since
	 * it names this node but no local service.
	 * @param id the service id
	 * @return whether it was a local service
	 */
	boolean remove(String id) {
		AtomicBoolean removed = new AtomicBoolean();
		this.services.computeIfPresent(id, (key, current) -> {
			removed.set(true);
			try {
				if (this.node.isClusterRunning()) {
					this.entries.remove(key);
				}
			}
			catch (RuntimeException ex) {
				logger.warn("Could not remove the entry of service " + key + " yet; upkeep removes it later: " + ex);
			}
			return null;
		});
		return removed.get();
	}

	/**
	 * Write the entries of all local services, whatever this member's copy of the map
	 * holds, and show each in the view.
	 * @param operation what the write is for
	 */
	void writeAll(String operation) {
		for (String id : this.services.keySet()) {
			ServiceInfo info = this.services.computeIfPresent(id, (key, current) -> {
				write(operation, current);
				return current;
			});
			if (info != null) {
				show(info);
			}
		}
	}

	/**
	 * Write the entries of the local services that differ in this member's copy of the
	 * map.
	 */
	void reassert() {
		for (String id : this.services.keySet()) {
			this.services.computeIfPresent(id, (key, info) -> {
				this.beforeWrite.accept("reassert", key);
				byte[] expected = RegistryEntry.encode(info);
				if (!Arrays.equals(expected, this.entries.get(key))) {
					this.entries.put(key, expected);
				}
				return info;
			});
		}
	}

	/**
	 * Write the entries of leaving services as offline, unless they were removed since.
	 * @param leaving the services
	 */
	void writeOffline(List<ServiceInfo> leaving) {
		for (ServiceInfo info : leaving) {
			this.services.computeIfPresent(info.ref().id(), (id, current) -> {
				write("offline", current.withState(ServiceState.OFFLINE));
				return current;
			});
		}
	}

	/**
	 * Remove an entry that names this node, unless a service is registered under its id.
	 * @param key the entry's key
	 */
	void removeStray(String key) {
		this.services.computeIfAbsent(key, (id) -> {
			logger.info("Removing registry entry " + id + ", which names node " + this.node.id()
					+ " but none of its services");
			this.entries.remove(id);
			return null;
		});
	}

	/**
	 * Show a local service in this node's view, unless it was changed or removed since.
	 * @param info the service
	 */
	void show(ServiceInfo info) {
		this.view.putIfCurrent(info, () -> this.services.get(info.ref().id()) == info);
	}

	boolean contains(String id) {
		return this.services.containsKey(id);
	}

	List<ServiceInfo> snapshot() {
		return List.copyOf(this.services.values());
	}

	void copyTo(Map<String, ServiceInfo> target) {
		target.putAll(this.services);
	}

	void clear() {
		this.services.clear();
	}

	/**
	 * Write the entry of a local service; called only inside a {@code compute} of the
	 * local map for its id. The replication to the other nodes starts before this node
	 * builds its ring.
	 */
	private void write(String operation, ServiceInfo info) {
		this.beforeWrite.accept(operation, info.ref().id());
		this.entries.put(info.ref().id(), RegistryEntry.encode(info));
	}

}
