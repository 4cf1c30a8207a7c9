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

package dev.dispatch.routing;

import dev.dispatch.ring.KeyHasher;

/**
 * The key a message is routed by, with its hash, taken once per message: the ring, the
 * hot-key sketch, a spill and a stateful service's gate all read the same hash.
 *
 * @param value the key
 * @param hash its hash ({@link KeyHasher#hash(Object)})
 * @author Dispatch team
 */
public record RoutingKey(Object value, long hash) {

	/**
	 * Hash a key.
	 * @param key the key
	 * @return the key and its hash
	 * @throws IllegalArgumentException if the key is null, empty or of an unsupported
	 * type
	 */
	public static RoutingKey of(Object key) {
		return new RoutingKey(key, KeyHasher.hash(key));
	}

}
