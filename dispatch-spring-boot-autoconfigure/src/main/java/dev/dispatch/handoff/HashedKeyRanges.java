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

import dev.dispatch.KeyRanges;
import dev.dispatch.ring.KeyArcs;
import dev.dispatch.ring.KeyHasher;

/**
 * Key ranges given by arcs of the hash space: a key is in them when its hash is.
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

	@Override
	public String toString() {
		return String.format("%.4f of the keys", fraction());
	}

}
