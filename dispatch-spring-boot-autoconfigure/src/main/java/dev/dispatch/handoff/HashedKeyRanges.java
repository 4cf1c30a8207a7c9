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

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import dev.dispatch.KeyRanges;
import dev.dispatch.OwnershipChangedEvent;
import dev.dispatch.ServiceRef;
import dev.dispatch.ring.HashRing;
import dev.dispatch.ring.KeyArcs;
import dev.dispatch.ring.KeyHasher;
import dev.dispatch.ring.RingChanges;

/**
 * Key ranges given by arcs of the hash space: a key is in them when its hash is; and the
 * events that tell this node's services which ranges they gained and lost.
 *
 * @author Dispatch team
 */
final class HashedKeyRanges implements KeyRanges {

	private final KeyArcs arcs;

	HashedKeyRanges(KeyArcs arcs) {
		this.arcs = arcs;
	}

	@Override
	public boolean contains(Object key) {
		return this.arcs.contains(KeyHasher.hash(key));
	}

	@Override
	public boolean isEmpty() {
		return this.arcs.isEmpty();
	}

	@Override
	public double fraction() {
		return this.arcs.fraction();
	}

	/**
	 * Publish, for each service of this node that gained or lost keys in a ring change,
	 * an {@link OwnershipChangedEvent}; a service's events add up to what it owns. A ring
	 * that was empty gives each service all it owns; one that becomes empty takes it.
	 * @param before the ring before
	 * @param after the ring after
	 * @param moves how keys moved between the services of two non-empty rings
	 * @param refs the services of both rings by id
	 * @param localNode this node
	 * @param events where the events go
	 */
	static void announce(HashRing<ServiceRef> before, HashRing<ServiceRef> after, List<RingChanges.Move> moves,
			Map<String, ServiceRef> refs, String localNode, Consumer<Object> events) {
		Map<String, KeyArcs> gained = new HashMap<>();
		Map<String, KeyArcs> lost = new HashMap<>();
		Set<String> changed = new LinkedHashSet<>();
		for (RingChanges.Move move : moves) {
			gained.merge(move.to(), move.arcs(), KeyArcs::union);
			lost.merge(move.from(), move.arcs(), KeyArcs::union);
			changed.add(move.to());
			changed.add(move.from());
		}
		if (before.size() == 0) {
			for (ServiceRef ref : after.values()) {
				gained.put(ref.id(), RingChanges.owned(after, ref.id()));
				changed.add(ref.id());
			}
		}
		if (after.size() == 0) {
			for (ServiceRef ref : before.values()) {
				lost.put(ref.id(), RingChanges.owned(before, ref.id()));
				changed.add(ref.id());
			}
		}
		for (String id : changed) {
			ServiceRef ref = refs.get(id);
			if (ref != null && ref.node().equals(localNode)) {
				events
					.accept(new OwnershipChangedEvent(ref, new HashedKeyRanges(gained.getOrDefault(id, KeyArcs.EMPTY)),
							new HashedKeyRanges(lost.getOrDefault(id, KeyArcs.EMPTY))));
			}
		}
	}

	@Override
	public String toString() {
		return String.format("%.4f of the keys", fraction());
	}

}
