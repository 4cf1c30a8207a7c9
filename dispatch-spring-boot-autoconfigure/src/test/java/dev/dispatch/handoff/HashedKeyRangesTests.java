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
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.dispatch.OwnershipChangedEvent;
import dev.dispatch.ServiceRef;
import dev.dispatch.ring.HashRing;
import dev.dispatch.ring.RingChanges;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

/**
 * The ownership events of a node's services: each service's events add up, gained minus
 * lost, to the share of the keys it owns, from a ring that was empty to one that is empty
 * again.
 *
 * @author Dispatch team
 */
class HashedKeyRangesTests {

	private static final String NODE = "node-1";

	private static final ServiceRef A = new ServiceRef("t", "a", NODE);

	private static final ServiceRef B = new ServiceRef("t", "b", NODE);

	private static final ServiceRef C = new ServiceRef("t", "c", NODE);

	private static final ServiceRef ELSEWHERE = new ServiceRef("t", "d", "node-2");

	private final List<OwnershipChangedEvent> events = new ArrayList<>();

	private final Map<ServiceRef, Double> owned = new HashMap<>();

	private HashRing<ServiceRef> ring = HashRing.empty();

	@Test
	void aServiceThatStartsAloneGainsEveryKey() {
		changeTo(A);
		assertThat(this.events).singleElement().satisfies((event) -> {
			assertThat(event.service()).isEqualTo(A);
			assertThat(event.gained().fraction()).isEqualTo(1.0);
			assertThat(event.lost().isEmpty()).isTrue();
		});
	}

	@Test
	void theLastServiceToLeaveLosesEveryKey() {
		changeTo(A);
		changeTo();
		assertThat(this.events).last().satisfies((event) -> {
			assertThat(event.gained().isEmpty()).isTrue();
			assertThat(event.lost().fraction()).isEqualTo(1.0);
		});
	}

	@Test
	void eachServicesEventsAddUpToWhatItOwns() {
		changeTo(A);
		assertAddUp();
		changeTo(A, B);
		assertAddUp();
		changeTo(A, B, C, ELSEWHERE);
		assertAddUp();
		changeTo(B, C);
		assertAddUp();
		changeTo(C);
		assertAddUp();
		changeTo();
		assertAddUp();
	}

	@Test
	void aJoiningNodeWhoseViewDropsItsServiceForAMomentNeverLosesWhatItDidNotGain() {
		changeTo(B);
		changeTo(A, C);
		changeTo(A, B, C);
		assertAddUp();
		assertThat(this.events.get(0).gained().fraction()).isEqualTo(1.0);
	}

	private void changeTo(ServiceRef... services) {
		List<HashRing.Member<ServiceRef>> members = new ArrayList<>();
		for (ServiceRef service : services) {
			members.add(new HashRing.Member<>(service.id(), service.node(), service));
		}
		HashRing<ServiceRef> after = HashRing.of(members);
		Map<String, ServiceRef> refs = new HashMap<>();
		this.ring.values().forEach((ref) -> refs.put(ref.id(), ref));
		after.values().forEach((ref) -> refs.put(ref.id(), ref));
		int before = this.events.size();
		HashedKeyRanges.announce(this.ring, after, RingChanges.moves(this.ring, after), refs, NODE,
				(event) -> this.events.add((OwnershipChangedEvent) event));
		for (OwnershipChangedEvent event : this.events.subList(before, this.events.size())) {
			this.owned.merge(event.service(), event.gained().fraction() - event.lost().fraction(), Double::sum);
		}
		this.ring = after;
	}

	private void assertAddUp() {
		for (ServiceRef service : List.of(A, B, C)) {
			assertThat(this.owned.getOrDefault(service, 0.0)).as("sum of the events of %s", service.id())
				.isCloseTo(RingChanges.owned(this.ring, service.id()).fraction(), offset(1e-9));
		}
		assertThat(this.owned).doesNotContainKey(ELSEWHERE);
	}

}
