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

import java.util.Collection;

import org.jspecify.annotations.Nullable;

/**
 * Implemented by a service that keeps state per key, so that the state follows its key
 * when the ring changes: when a graceful change (a service added, enabled, disabled or
 * removed, a node started or stopped gracefully) gives a key to another service, Dispatch
 * takes the key's state from the old owner with {@link #handOff(Object)}, after the
 * messages that reached it first, and installs it at the new owner with
 * {@link #takeOver(Object, Object)} before the key's next message runs there.
 * <p>
 * The state type {@code S} travels between nodes as JSON, like a message: its class must
 * be trusted by the receiving node. A node that crashes loses the state it held. A state
 * that arrives after messages of its key ran without it meets the state they built in
 * {@link #merge(Object, Object, Object)}.
 * <p>
 * Dispatch calls these methods on the service's own workers, never at the same time as a
 * message of the same key; with a concurrency above one, messages of other keys may run
 * meanwhile.
 *
 * @param <S> the type of the state of one key
 * @author Dispatch team
 * @since 0.1.0
 */
public interface KeyedState<S> {

	/**
	 * Return the keys this service holds state for, as callers route by them.
	 * @return the keys
	 */
	Collection<?> keys();

	/**
	 * Remove and return the state of a key that now belongs to another service.
	 * @param key the key
	 * @return the state, or {@code null} when this service holds none for it
	 */
	@Nullable S handOff(Object key);

	/**
	 * Install the state of a key that now belongs to this service.
	 * @param key the key
	 * @param state its state
	 */
	void takeOver(Object key, S state);

	/**
	 * Return the current state of a key without removing it: a copy, or an immutable
	 * value. Dispatch sends it to the key's backups after each message of the key, so a
	 * service with {@link DispatchService#backups() backups} must override this method.
	 * @param key the key
	 * @return the state, or {@code null} when this service holds none for it
	 */
	default @Nullable S snapshot(Object key) {
		throw new UnsupportedOperationException(getClass().getName() + " does not override KeyedState.snapshot");
	}

	/**
	 * Decide the state of a key whose state arrived after messages of the key had already
	 * run here without it: after the hand-off timeout, or when the state came back from a
	 * service that no longer held the key. Those messages were acknowledged, so the
	 * arriving state never silently replaces what they did; the result is installed with
	 * {@link #takeOver(Object, Object)}, and each call is counted as a {@code conflict}.
	 * @param key the key
	 * @param current the state this service built meanwhile
	 * @param arriving the state that arrived
	 * @return the state to keep; by default {@code current}
	 */
	default S merge(Object key, S current, S arriving) {
		return current;
	}

}
