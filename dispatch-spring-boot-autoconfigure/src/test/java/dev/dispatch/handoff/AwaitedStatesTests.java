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

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.dispatch.ServiceRef;
import dev.dispatch.ring.HashRing;
import dev.dispatch.ring.KeyArcs;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a stateful service awaits: a hand-off until its source says it is done; when the
 * source's node died, the copies of every other live service of the ring instead, each
 * until that service says it sent them, never until it says its own hand-off is done.
 *
 * @author Dispatch team
 */
class AwaitedStatesTests {

	private static final ServiceRef SELF = new ServiceRef("t", "self", "node-self");

	private static final ServiceRef SOURCE = new ServiceRef("t", "source", "node-dead");

	private static final ServiceRef BACKUP = new ServiceRef("t", "backup", "node-b");

	private static final ServiceRef OTHER = new ServiceRef("t", "other", "node-c");

	private static final ServiceRef GONE = new ServiceRef("t", "gone", "node-dead");

	private static final HashRing<ServiceRef> RING = HashRing
		.of(List.of(member(SELF), member(BACKUP), member(OTHER), member(GONE)));

	private static final long KEY = 42;

	private final AwaitedStates awaited = new AwaitedStates(SELF);

	@Test
	void theKeysOfASourceWhoseNodeDiedAwaitTheCopiesOfEveryOtherLiveServiceInstead() {
		this.awaited.await(SOURCE, new Incoming(SOURCE, KeyArcs.ALL, 1, Long.MAX_VALUE), 1, 1);
		List<Incoming> orphaned = this.awaited.takeOrphans((node) -> !node.equals("node-dead"));
		assertThat(orphaned).extracting(Incoming::source).containsExactly(SOURCE);
		assertThat(this.awaited.awaits(KEY)).isFalse();
		List<Incoming> asked = this.awaited.awaitCopiesInstead(orphaned, RING, (node) -> !node.equals("node-dead"),
				Long.MAX_VALUE);
		assertThat(asked).extracting(Incoming::source).containsExactlyInAnyOrder(BACKUP, OTHER);
		assertThat(asked).allSatisfy((copies) -> assertThat(copies.isForCopies()).isTrue());
		assertThat(this.awaited.awaits(KEY)).isTrue();
		// the end of a service's hand-off does not end the wait for its copies
		this.awaited.doneFrom(BACKUP.id(), RING.checksum(), RING.checksum());
		this.awaited.forgetDone(RING);
		assertThat(this.awaited.awaits(KEY)).isTrue();
		Incoming fromBackup = asked.stream()
			.filter((copies) -> copies.source().equals(BACKUP))
			.findFirst()
			.orElseThrow();
		Incoming fromOther = asked.stream().filter((copies) -> copies.source().equals(OTHER)).findFirst().orElseThrow();
		// the end of another request's copies ends nothing
		assertThat(this.awaited.copiesDoneFrom(BACKUP.id(), fromOther.request())).isEmpty();
		assertThat(this.awaited.copiesDoneFrom(BACKUP.id(), fromBackup.request())).hasSize(1);
		assertThat(this.awaited.awaits(KEY)).isTrue();
		assertThat(this.awaited.copiesDoneFrom(OTHER.id(), fromOther.request())).hasSize(1);
		assertThat(this.awaited.awaits(KEY)).isFalse();
	}

	@Test
	void aWaitForCopiesWhoseHolderDiedIsNotReplacedAgain() {
		Incoming copies = new Incoming(SOURCE, KeyArcs.ALL, 1, Long.MAX_VALUE).copiesFrom(GONE, 1, Long.MAX_VALUE);
		assertThat(this.awaited.awaitCopiesInstead(List.of(copies), RING, (node) -> true, Long.MAX_VALUE)).isEmpty();
	}

	@Test
	void aHandOffEndsWhenItsSourceSaysItIsDoneButNotWhenItSaysItsCopiesAre() {
		this.awaited.await(SOURCE, new Incoming(SOURCE, KeyArcs.ALL, 1, Long.MAX_VALUE), 1, 1);
		assertThat(this.awaited.copiesDoneFrom(SOURCE.id(), 0)).isEmpty();
		assertThat(this.awaited.awaits(KEY)).isTrue();
		this.awaited.doneFrom(SOURCE.id(), 1, 1);
		assertThat(this.awaited.awaits(KEY)).isFalse();
		assertThat(Set.copyOf(this.awaited.takeExpired(Long.MAX_VALUE))).isEmpty();
	}

	private static HashRing.Member<ServiceRef> member(ServiceRef ref) {
		return new HashRing.Member<>(ref.id(), ref.node(), ref);
	}

}
