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
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The registry's listeners are removed each by its own way, in the order they were added.
 *
 * @author Dispatch team
 */
class ListenerRegistrationsTests {

	private final ListenerRegistrations registrations = new ListenerRegistrations();

	private final List<String> removed = new ArrayList<>();

	@Test
	void listenersAreRemovedInOrderEachWithItsId() {
		UUID entries = UUID.randomUUID();
		UUID heartbeats = UUID.randomUUID();
		this.registrations.add(entries, (id) -> this.removed.add("entries " + id));
		this.registrations.add(heartbeats, (id) -> this.removed.add("heartbeats " + id));
		this.registrations.removeAll();
		assertThat(this.removed).containsExactly("entries " + entries, "heartbeats " + heartbeats);
	}

	@Test
	void removedListenersAreForgotten() {
		this.registrations.add(UUID.randomUUID(), (id) -> this.removed.add("entries"));
		this.registrations.removeAll();
		this.registrations.removeAll();
		assertThat(this.removed).containsExactly("entries");
	}

	@Test
	void aLeaveRemovesOnlyTheListenersItTookNotThoseOfARestartThatCameFirst() {
		this.registrations.add(UUID.randomUUID(), (id) -> this.removed.add("before the leave"));
		ListenerRegistrations leaving = this.registrations.takeAll();
		this.registrations.add(UUID.randomUUID(), (id) -> this.removed.add("after a restart"));
		leaving.removeAll();
		assertThat(this.removed).containsExactly("before the leave");
		this.registrations.removeAll();
		assertThat(this.removed).containsExactly("before the leave", "after a restart");
	}

	@Test
	void forgottenListenersAreNotRemoved() {
		this.registrations.add(UUID.randomUUID(), (id) -> this.removed.add("entries"));
		this.registrations.forget();
		this.registrations.removeAll();
		assertThat(this.removed).isEmpty();
	}

	@Test
	void failedRemovalKeepsTheRest() {
		this.registrations.add(UUID.randomUUID(), (id) -> {
			throw new IllegalStateException("member shut down");
		});
		this.registrations.add(UUID.randomUUID(), (id) -> this.removed.add("heartbeats"));
		assertThatIllegalStateException().isThrownBy(this.registrations::removeAll);
		assertThat(this.removed).isEmpty();
	}

}
