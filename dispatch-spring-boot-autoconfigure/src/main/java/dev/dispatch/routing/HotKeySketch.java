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

/**
 * The heaviest keys among one type's recent messages, counted by key hash with the
 * Space-Saving algorithm: {@value #CAPACITY} counters, where a key not counted yet
 * replaces the lightest and inherits its count as its error. Every {@value #HALF_LIFE}
 * messages all counts halve, so that the sketch follows a change of which keys are hot. A
 * key is hot when the count it is sure of ({@code count - error}) is at least a given
 * share of the recent messages, and it was seen more than once. The router asks for
 * {@link #shareOfAHotKey}: a key that alone asks for an eighth of a service's fair share,
 * so that a few of them on one owner would overload it. The keys of a large key space
 * that are not hot never reach that share, however unlucky their moment.
 * <p>
 * Threads: the template's calling threads, under this object's lock.
 *
 * @author Dispatch team
 */
final class HotKeySketch {

	static final int CAPACITY = 64;

	static final int HALF_LIFE = 4096;

	private final long[] hashes = new long[CAPACITY];

	private final long[] counts = new long[CAPACITY];

	private final long[] errors = new long[CAPACITY];

	private int used;

	private long total;

	private int sinceHalving;

	/**
	 * Return the share of a type's messages that makes a key hot: an eighth of a
	 * service's fair share, {@code 1 / (8n)}, but never below one share in
	 * {@value #CAPACITY}, the least that {@value #CAPACITY} counters tell reliably.
	 * @param services the type's online services
	 * @return the share
	 */
	static double shareOfAHotKey(int services) {
		return Math.max(1.0 / (8.0 * services), 1.0 / CAPACITY);
	}

	/**
	 * Count one message of a key, and return whether the key is hot.
	 * @param keyHash the key's hash
	 * @param share the share of recent messages that makes a key hot, above 0
	 * @return whether the key's sure count is at least {@code share} of the messages, and
	 * at least 2
	 */
	synchronized boolean recordAndIsHot(long keyHash, double share) {
		if (++this.sinceHalving > HALF_LIFE) {
			halve();
		}
		this.total++;
		int slot = slotOf(keyHash);
		this.counts[slot]++;
		long sure = this.counts[slot] - this.errors[slot];
		return sure >= 2 && sure >= share * this.total;
	}

	private int slotOf(long keyHash) {
		int lightest = 0;
		for (int i = 0; i < this.used; i++) {
			if (this.hashes[i] == keyHash) {
				return i;
			}
			if (this.counts[i] < this.counts[lightest]) {
				lightest = i;
			}
		}
		if (this.used < CAPACITY) {
			int slot = this.used++;
			this.hashes[slot] = keyHash;
			this.counts[slot] = 0;
			this.errors[slot] = 0;
			return slot;
		}
		this.hashes[lightest] = keyHash;
		this.errors[lightest] = this.counts[lightest];
		return lightest;
	}

	private void halve() {
		this.sinceHalving = 1;
		this.total /= 2;
		int kept = 0;
		for (int i = 0; i < this.used; i++) {
			long count = this.counts[i] / 2;
			if (count > 0) {
				this.hashes[kept] = this.hashes[i];
				this.counts[kept] = count;
				this.errors[kept] = this.errors[i] / 2;
				kept++;
			}
		}
		this.used = kept;
	}

}
