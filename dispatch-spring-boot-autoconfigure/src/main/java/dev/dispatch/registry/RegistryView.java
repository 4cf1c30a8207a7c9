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

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import dev.dispatch.ServiceInfo;
import dev.dispatch.ServiceJoinedEvent;
import dev.dispatch.ServiceLeftEvent;
import dev.dispatch.ServiceRef;
import dev.dispatch.handoff.StateKeeping;
import dev.dispatch.metrics.DispatchMetrics;
import dev.dispatch.ring.HashRing;

/**
 * One node's view of the registry: the services it can see and a ring per type of their
 * online ones. Changes are serialized and turned into join and leave events; lookups read
 * an immutable snapshot per type without locking.
 *
 * @author Dispatch team
 */
final class RegistryView {

	private static final Comparator<ServiceInfo> BY_ID = Comparator.comparing((info) -> info.ref().id());

	private static final int INCREMENTAL_CHANGES = 4;

	private final Object lock = new Object();

	private final Map<String, ServiceInfo> services = new HashMap<>();

	private final Map<String, Map<String, ServiceInfo>> servicesByType = new HashMap<>();

	private final Map<String, TypeView> types = new ConcurrentHashMap<>();

	private final Consumer<Object> events;

	private volatile DispatchMetrics metrics = DispatchMetrics.NONE;

	private volatile RingListener ringListener = (type, before, after, stateful) -> {
	};

	RegistryView(Consumer<Object> events) {
		this.events = events;
	}

	/**
	 * Set what hears of every change of a type's ring, in order, under the view's lock.
	 * @param ringListener the listener
	 */
	void setRingListener(RingListener ringListener) {
		this.ringListener = ringListener;
	}

	void setMetrics(DispatchMetrics metrics) {
		this.metrics = metrics;
	}

	List<ServiceInfo> services(String type) {
		TypeView typeView = this.types.get(type);
		return (typeView != null) ? typeView.services() : List.of();
	}

	List<ServiceInfo> onlineServices(String type) {
		TypeView typeView = this.types.get(type);
		return (typeView != null) ? typeView.online() : List.of();
	}

	@Nullable ServiceRef find(String type, long hash) {
		TypeView typeView = this.types.get(type);
		return (typeView != null) ? typeView.ring().find(hash) : null;
	}

	/**
	 * Return whether an online service keeps copies of its keys' states on backups.
	 */
	boolean hasBackups(ServiceRef ref) {
		TypeView typeView = this.types.get(ref.type());
		return typeView != null && typeView.backedUp().contains(ref.id());
	}

	List<ServiceRef> findMulti(int count, String type, long hash) {
		TypeView typeView = this.types.get(type);
		return (typeView != null) ? typeView.ring().findMulti(count, hash) : List.of();
	}

	/**
	 * Return the checksum of the ring of a type.
	 * @param type the type
	 * @return the checksum, 0 when the type has no online service
	 */
	long checksum(String type) {
		TypeView typeView = this.types.get(type);
		return (typeView != null) ? typeView.ring().checksum() : 0;
	}

	Set<String> typeNames() {
		return new TreeSet<>(this.types.keySet());
	}

	@Nullable ServiceInfo get(String id) {
		synchronized (this.lock) {
			return this.services.get(id);
		}
	}

	private @Nullable ServiceInfo store(ServiceInfo info) {
		ServiceInfo previous = this.services.put(info.ref().id(), info);
		if (previous != null && !previous.ref().type().equals(info.ref().type())) {
			unindex(previous);
		}
		this.servicesByType.computeIfAbsent(info.ref().type(), (type) -> new HashMap<>()).put(info.ref().id(), info);
		return previous;
	}

	private @Nullable ServiceInfo unstore(String id) {
		ServiceInfo previous = this.services.remove(id);
		if (previous != null) {
			unindex(previous);
		}
		return previous;
	}

	private void unindex(ServiceInfo info) {
		Map<String, ServiceInfo> ofType = this.servicesByType.get(info.ref().type());
		if (ofType != null) {
			ofType.remove(info.ref().id());
			if (ofType.isEmpty()) {
				this.servicesByType.remove(info.ref().type());
			}
		}
	}

	void put(ServiceInfo info) {
		synchronized (this.lock) {
			ServiceInfo previous = store(info);
			if (info.equals(previous)) {
				return;
			}
			update(info.ref().type());
			if (previous != null) {
				if (!previous.ref().type().equals(info.ref().type())) {
					update(previous.ref().type());
				}
				this.events.accept(new ServiceLeftEvent(previous));
			}
			this.events.accept(new ServiceJoinedEvent(info));
		}
	}

	/**
	 * Put a service, unless it has become stale: the condition is checked under the
	 * view's lock, so that a change made after the service was removed cannot bring it
	 * back.
	 * @param info the service
	 * @param current whether the service is still the current one
	 */
	void putIfCurrent(ServiceInfo info, BooleanSupplier current) {
		synchronized (this.lock) {
			if (current.getAsBoolean()) {
				put(info);
			}
		}
	}

	void remove(String id) {
		synchronized (this.lock) {
			ServiceInfo previous = unstore(id);
			if (previous != null) {
				update(previous.ref().type());
				this.events.accept(new ServiceLeftEvent(previous));
			}
		}
	}

	/**
	 * Make the view hold exactly the services that the source gives, read under the
	 * view's lock so that no single change can interleave with the read.
	 * @param source the services by id
	 */
	void replaceAll(Supplier<Map<String, ServiceInfo>> source) {
		synchronized (this.lock) {
			Map<String, ServiceInfo> desired = source.get();
			Set<String> changedTypes = new HashSet<>();
			List<Object> events = new ArrayList<>();
			for (String id : new ArrayList<>(this.services.keySet())) {
				if (!desired.containsKey(id)) {
					ServiceInfo previous = unstore(id);
					changedTypes.add(previous.ref().type());
					events.add(new ServiceLeftEvent(previous));
				}
			}
			for (ServiceInfo info : desired.values()) {
				ServiceInfo previous = store(info);
				if (!info.equals(previous)) {
					changedTypes.add(info.ref().type());
					if (previous != null) {
						changedTypes.add(previous.ref().type());
						events.add(new ServiceLeftEvent(previous));
					}
					events.add(new ServiceJoinedEvent(info));
				}
			}
			changedTypes.forEach(this::update);
			events.forEach(this.events);
		}
	}

	private void update(String type) {
		List<ServiceInfo> all = new ArrayList<>(this.servicesByType.getOrDefault(type, Map.of()).values());
		Set<String> onlineIds = new HashSet<>();
		for (ServiceInfo info : all) {
			if (info.isOnline()) {
				onlineIds.add(info.ref().id());
			}
		}
		if (all.isEmpty()) {
			TypeView removed = this.types.remove(type);
			if (removed != null) {
				this.metrics.ringChanged(type);
				if (removed.ring().size() > 0) {
					this.ringListener.ringChanged(type, removed.ring(), HashRing.empty(), Set.of());
				}
			}
			return;
		}
		all.sort(BY_ID);
		TypeView previous = this.types.get(type);
		List<ServiceInfo> online = all.stream().filter(ServiceInfo::isOnline).toList();
		HashRing<ServiceRef> ring = ring((previous != null) ? previous.ring() : HashRing.empty(), online, onlineIds);
		Set<String> backedUp = new HashSet<>();
		for (ServiceInfo info : online) {
			if (StateKeeping.of(info.metadata()).backups() > 0) {
				backedUp.add(info.ref().id());
			}
		}
		this.types.put(type, new TypeView(List.copyOf(all), List.copyOf(online), ring, Set.copyOf(backedUp)));
		if (previous == null || previous.ring() != ring) {
			this.metrics.ringChanged(type);
			Set<String> stateful = new HashSet<>();
			for (ServiceInfo info : online) {
				if (StateKeeping.of(info.metadata()).keyed()) {
					stateful.add(info.ref().id());
				}
			}
			this.ringListener.ringChanged(type, (previous != null) ? previous.ring() : HashRing.empty(), ring,
					stateful);
		}
	}

	/**
	 * Bring a ring to the online services: one member at a time for a few changes, which
	 * costs a merge each, and in one sort when many change at once, as when a node joins
	 * a large cluster.
	 */
	private static HashRing<ServiceRef> ring(HashRing<ServiceRef> ring, List<ServiceInfo> online,
			Set<String> onlineIds) {
		List<ServiceRef> leaving = ring.values().stream().filter((ref) -> !onlineIds.contains(ref.id())).toList();
		List<ServiceInfo> joining = online.stream().filter((info) -> !ring.contains(info.ref().id())).toList();
		if (leaving.size() + joining.size() > INCREMENTAL_CHANGES) {
			return HashRing.of(online.stream()
				.map((info) -> new HashRing.Member<>(info.ref().id(), info.ref().node(), info.ref()))
				.toList());
		}
		HashRing<ServiceRef> changed = ring;
		for (ServiceRef ref : leaving) {
			changed = changed.without(ref.id());
		}
		for (ServiceInfo info : joining) {
			changed = changed.with(info.ref().id(), info.ref().node(), info.ref());
		}
		return changed;
	}

	/**
	 * Hears of the changes of a type's ring.
	 */
	@FunctionalInterface
	interface RingListener {

		void ringChanged(String type, HashRing<ServiceRef> before, HashRing<ServiceRef> after, Set<String> stateful);

	}

	/**
	 * The services of one type, and the ring of the online ones.
	 *
	 * @param services every service of the type, ordered by id
	 * @param online the online services, ordered by id
	 * @param ring the ring of the online services
	 */
	record TypeView(List<ServiceInfo> services, List<ServiceInfo> online, HashRing<ServiceRef> ring,
			Set<String> backedUp) {

	}

}
