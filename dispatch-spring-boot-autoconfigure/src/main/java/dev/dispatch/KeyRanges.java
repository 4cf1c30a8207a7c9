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

/**
 * A set of keys, given by the parts of the hash space they fall in, as a ring change
 * moves them between services.
 *
 * @author Dispatch team
 * @since 0.1.0
 * @see OwnershipChangedEvent
 */
public interface KeyRanges {

	/**
	 * Return whether a key falls in these ranges.
	 * @param key the key, as callers route by it
	 * @return whether it is in the ranges
	 */
	boolean contains(Object key);

	/**
	 * Return whether the ranges hold no key.
	 * @return whether they are empty
	 */
	boolean isEmpty();

	/**
	 * Return the share of the hash space that the ranges cover.
	 * @return a fraction between 0 and 1
	 */
	double fraction();

}
