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

package dev.dispatch.test;

import java.util.Collections;
import java.util.HashSet;
import java.util.Set;

/**
 * Sets nested so that computing their hash code takes 2^depth steps, while Java
 * serialization, which writes each shared set once, keeps them small on the wire: what a
 * hostile member sends to stall whoever rebuilds them.
 *
 * @author Dispatch team
 */
public final class NestedSets {

	private NestedSets() {
	}

	/**
	 * Return such sets, wrapped in a JDK class that Hazelcast writes with Java
	 * serialization rather than its own set serializer.
	 * @param depth how deep the sets nest
	 * @return the outermost set
	 */
	public static Set<Object> billionLaughs(int depth) {
		Set<Object> root = new HashSet<>();
		Set<Object> left = root;
		Set<Object> right = new HashSet<>();
		for (int i = 0; i < depth; i++) {
			Set<Object> nextLeft = new HashSet<>();
			Set<Object> nextRight = new HashSet<>();
			nextLeft.add("laugh");
			left.add(nextLeft);
			left.add(nextRight);
			right.add(nextLeft);
			right.add(nextRight);
			left = nextLeft;
			right = nextRight;
		}
		return Collections.unmodifiableSet(root);
	}

}
