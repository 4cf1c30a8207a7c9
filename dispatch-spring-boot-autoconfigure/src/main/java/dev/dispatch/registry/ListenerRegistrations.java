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

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The registry's Hazelcast listeners, each with the way to remove it, so that they are
 * removed in the order they were added.
 * <p>
 * Threads: listeners are added by the thread that calls {@code start} and removed or
 * forgotten on the upkeep thread {@code dispatch-registry-}, to which {@code stop} hands
 * the leave; the list is copy-on-write.
 *
 * @author Dispatch team
 */
final class ListenerRegistrations {

	private final List<Registration> registrations = new CopyOnWriteArrayList<>();

	/**
	 * Remember a listener.
	 * @param id the id Hazelcast gave the listener
	 * @param removal how to remove it
	 */
	void add(UUID id, Consumer<UUID> removal) {
		this.registrations.add(new Registration(id, removal));
	}

	/**
	 * Remove every listener, in the order they were added, then forget them. If a removal
	 * fails, the rest are neither removed nor forgotten.
	 */
	void removeAll() {
		for (Registration registration : this.registrations) {
			registration.removal().accept(registration.id());
		}
		this.registrations.clear();
	}

	/**
	 * Hand over the listeners registered so far, forgetting them here: a registry that
	 * leaves removes exactly these, even if it starts again, and registers new ones,
	 * before the removal runs.
	 * @return the listeners, to remove with {@link #removeAll()} of the result
	 */
	ListenerRegistrations takeAll() {
		ListenerRegistrations taken = new ListenerRegistrations();
		for (Registration registration : this.registrations) {
			taken.registrations.add(registration);
			this.registrations.remove(registration);
		}
		return taken;
	}

	/**
	 * Forget every listener without removing it, as when the member has shut down.
	 */
	void forget() {
		this.registrations.clear();
	}

	private record Registration(UUID id, Consumer<UUID> removal) {

	}

}
