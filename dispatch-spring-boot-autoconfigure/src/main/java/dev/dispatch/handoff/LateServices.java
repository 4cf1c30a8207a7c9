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

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import dev.dispatch.ServiceRef;
import dev.dispatch.ring.HashRing;
import dev.dispatch.ring.RingChanges;

/**
 * The services that a node which has just started sees late: its copy of the registry may
 * reach it after the start, while those services already held their keys.
 *
 * @author Dispatch team
 */
final class LateServices {

	private LateServices() {
	}

	/**
	 * Return, for a node that started less than a hand-off timeout ago, the keys of a
	 * service that the stateful services new in its view would own without it: this
	 * node's copy of the registry may have reached it after the start, while those
	 * services already held the keys.
	 */
	static List<RingChanges.Move> alsoFromServicesSeenLate(ServiceRef service, HashRing<ServiceRef> before,
			HashRing<ServiceRef> after, Predicate<String> isStateful, List<RingChanges.Move> moves, String localNode) {
		if (!after.contains(service.id())) {
			return moves;
		}
		Set<String> seenLate = new HashSet<>();
		for (ServiceRef ref : after.values()) {
			if (!before.contains(ref.id()) && !ref.node().equals(localNode) && isStateful.test(ref.id())) {
				seenLate.add(ref.id());
			}
		}
		if (seenLate.isEmpty()) {
			return moves;
		}
		List<RingChanges.Move> all = new ArrayList<>(moves);
		for (RingChanges.Move move : RingChanges.moves(after.without(service.id()), after)) {
			if (seenLate.contains(move.from())) {
				all.add(move);
			}
		}
		return all;
	}

}
