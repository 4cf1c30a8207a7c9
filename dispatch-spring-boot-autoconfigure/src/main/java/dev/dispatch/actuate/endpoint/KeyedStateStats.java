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

package dev.dispatch.actuate.endpoint;

import java.util.Map;

/**
 * What this node's services that keep state per key report of their type, for the
 * {@link DispatchEndpoint}: their hand-offs and their backups.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
public interface KeyedStateStats {

	/**
	 * Stats of a node with no service that keeps state.
	 */
	KeyedStateStats NONE = new KeyedStateStats() {
	};

	/**
	 * Return the bytes of the copies of states that this node's services of a type hold
	 * as backups of other services' keys.
	 * @param type the type
	 * @return the bytes held
	 */
	default long backupBytes(String type) {
		return 0;
	}

	/**
	 * Return how many states of this node's services of a type wait for their backups to
	 * acknowledge them.
	 * @param type the type
	 * @return the number of states not yet acknowledged
	 */
	default int backupLag(String type) {
		return 0;
	}

	/**
	 * Return how many keys of this node's services of a type had their state moved to
	 * their new owner, or failed or timed out moving, per outcome.
	 * @param type the type
	 * @return the keys per outcome
	 */
	default Map<String, Long> handoffs(String type) {
		return Map.of();
	}

}
