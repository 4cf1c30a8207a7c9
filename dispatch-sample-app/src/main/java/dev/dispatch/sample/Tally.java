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

package dev.dispatch.sample;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A counter's value as the increments made under each tag, where a tag names one period
 * in which one service owned the counter: two copies of a counter that counted apart (the
 * two sides of a split) meet by taking the larger count of each tag, and every increment
 * of both sides is in the sum.
 *
 * @param counts the increments by tag
 * @author Dispatch team
 */
public record Tally(Map<String, Long> counts) {

	/**
	 * The tally of a counter never counted.
	 */
	public static final Tally ZERO = new Tally(Map.of());

	public Tally {
		counts.forEach((tag, count) -> {
			if (tag == null || count == null || count < 0) {
				throw new IllegalArgumentException("A tally counts from zero up under each tag, not " + count);
			}
		});
		// sorted, so that no choice of tags makes a tally slow to build or read
		counts = Collections.unmodifiableMap(new TreeMap<>(counts));
	}

	/**
	 * Return the counter's value.
	 * @return the sum of every tag's increments
	 */
	public long value() {
		return this.counts.values().stream().mapToLong(Long::longValue).reduce(0, Math::addExact);
	}

	/**
	 * Return this tally with one more increment under a tag.
	 * @param tag the tag of the service that counts
	 * @return the new tally
	 */
	public Tally plusOne(String tag) {
		Map<String, Long> counts = new HashMap<>(this.counts);
		counts.merge(tag, 1L, Long::sum);
		return new Tally(counts);
	}

	/**
	 * Return the tally that holds the increments of both.
	 * @param other a tally that counted apart from this one
	 * @return the larger count of each tag
	 */
	public Tally merge(Tally other) {
		Map<String, Long> counts = new HashMap<>(this.counts);
		other.counts.forEach((tag, count) -> counts.merge(tag, count, Math::max));
		return new Tally(counts);
	}

}
