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

package dev.dispatch.ring;

import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * An immutable set of arcs of the 64-bit key hash space, such as the keys that changed
 * owner between two {@link HashRing rings} (see {@link RingChanges}).
 * <p>
 * Key hashes are compared as a {@link HashRing} compares them: on their high
 * {@link HashRing#POSITION_BITS} bits, in unsigned order, so that a key hash is in the
 * set exactly when the ring's lookup of it is concerned. An arc of the ring, from just
 * after one point up to and including the next, is stored by its first and last key in
 * that comparison space (the first is the start point plus one step of the high bits), so
 * that an arc from the bottom of the space needs no sentinel. The arc that wraps past the
 * largest position is split in two. Arcs are sorted, disjoint and never adjacent:
 * adjacent arcs are merged, but the two halves of a wrapping arc stay apart.
 * {@link #contains(long)} is a binary search and allocation-free.
 * <p>
 * Instances are immutable and thread-safe.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
public final class KeyArcs {

	/**
	 * The set of no key hash.
	 */
	public static final KeyArcs EMPTY = new KeyArcs(new long[0], new long[0]);

	/**
	 * The distance between two consecutive keys of the comparison space.
	 */
	static final long STEP = 1L << (Long.SIZE - HashRing.POSITION_BITS);

	/**
	 * The smallest key of the comparison space.
	 */
	static final long BOTTOM = Long.MIN_VALUE;

	/**
	 * The largest key of the comparison space.
	 */
	static final long TOP = Long.MAX_VALUE & -STEP;

	/**
	 * The set of every key hash.
	 */
	public static final KeyArcs ALL = new KeyArcs(new long[] { BOTTOM }, new long[] { TOP });

	private final long[] firsts;

	private final long[] lasts;

	private KeyArcs(long[] firsts, long[] lasts) {
		this.firsts = firsts;
		this.lasts = lasts;
	}

	/**
	 * Return the arc from just after one key hash up to and including another, going
	 * clockwise in unsigned order and wrapping around; the whole space if both are
	 * compared as equal, like the arc of a lone point of a ring.
	 * @param startExclusive the key hash just before the arc
	 * @param endInclusive the last key hash of the arc
	 * @return the arc
	 */
	static KeyArcs arc(long startExclusive, long endInclusive) {
		long start = key(startExclusive);
		long end = key(endInclusive);
		Builder builder = new Builder();
		if (start < end) {
			builder.add(start + STEP, end);
		}
		else {
			builder.add(BOTTOM, end);
			if (start != TOP) {
				builder.add(start + STEP, TOP);
			}
		}
		return builder.build();
	}

	/**
	 * Return whether the set contains the given key hash.
	 * @param keyHash the hash of the key, typically from {@link KeyHasher#hash(Object)}
	 * @return whether the key hash is in one of the arcs
	 */
	public boolean contains(long keyHash) {
		long key = key(keyHash);
		long[] firsts = this.firsts;
		int low = 0;
		int high = firsts.length - 1;
		while (low <= high) {
			int middle = (low + high) >>> 1;
			if (firsts[middle] <= key) {
				low = middle + 1;
			}
			else {
				high = middle - 1;
			}
		}
		return high >= 0 && key <= this.lasts[high];
	}

	/**
	 * Return whether the set contains no key hash.
	 * @return whether the set is empty
	 */
	public boolean isEmpty() {
		return this.firsts.length == 0;
	}

	/**
	 * Return the share of the key hash space that the arcs cover.
	 * @return the share, from 0 to 1
	 */
	public double fraction() {
		long steps = 0;
		for (int i = 0; i < this.firsts.length; i++) {
			steps += ((this.lasts[i] - this.firsts[i]) >>> (Long.SIZE - HashRing.POSITION_BITS)) + 1;
		}
		return steps / (double) (1L << HashRing.POSITION_BITS);
	}

	/**
	 * Return the number of arcs, after merging adjacent ones.
	 * @return the number of arcs
	 */
	public int size() {
		return this.firsts.length;
	}

	/**
	 * Return the set of the key hashes that are in this set or in the other, with
	 * adjacent and overlapping arcs merged.
	 * @param other the other set
	 * @return the union, or one of the sets if the other is empty
	 */
	public KeyArcs union(KeyArcs other) {
		if (other.isEmpty()) {
			return this;
		}
		if (isEmpty()) {
			return other;
		}
		Builder builder = new Builder();
		int i = 0;
		int j = 0;
		while (i < this.firsts.length || j < other.firsts.length) {
			if (j == other.firsts.length || (i < this.firsts.length && this.firsts[i] <= other.firsts[j])) {
				builder.add(this.firsts[i], this.lasts[i++]);
			}
			else {
				builder.add(other.firsts[j], other.lasts[j++]);
			}
		}
		return builder.build();
	}

	/**
	 * Return the arcs as the first and last key of each, in order, for the wire.
	 * @return {@code first0, last0, first1, last1, ...}
	 * @see #ofBounds(long[])
	 */
	public long[] bounds() {
		long[] bounds = new long[this.firsts.length * 2];
		for (int i = 0; i < this.firsts.length; i++) {
			bounds[2 * i] = this.firsts[i];
			bounds[2 * i + 1] = this.lasts[i];
		}
		return bounds;
	}

	/**
	 * Return the arcs that {@link #bounds()} gave, as another node sent them.
	 * @param bounds the first and last key of each arc, in order
	 * @return the arcs
	 * @throws IllegalArgumentException if the bounds are not pairs of keys of the
	 * comparison space in increasing order
	 */
	public static KeyArcs ofBounds(long[] bounds) {
		if (bounds.length % 2 != 0) {
			throw new IllegalArgumentException("Arcs need a first and a last key each, not " + bounds.length + " keys");
		}
		Builder builder = new Builder();
		for (int i = 0; i < bounds.length; i += 2) {
			long first = bounds[i];
			long last = bounds[i + 1];
			boolean aligned = (first & (STEP - 1)) == 0 && (last & (STEP - 1)) == 0;
			if (!aligned || first > last || (i > 0 && first <= bounds[i - 1])) {
				throw new IllegalArgumentException("Arc " + (i / 2) + " is not after the arc before it");
			}
			builder.add(first, last);
		}
		return builder.build();
	}

	@Override
	public boolean equals(@Nullable Object obj) {
		if (this == obj) {
			return true;
		}
		return obj instanceof KeyArcs other && Arrays.equals(this.firsts, other.firsts)
				&& Arrays.equals(this.lasts, other.lasts);
	}

	@Override
	public int hashCode() {
		return 31 * Arrays.hashCode(this.firsts) + Arrays.hashCode(this.lasts);
	}

	@Override
	public String toString() {
		return "KeyArcs[arcs=" + this.firsts.length + ", fraction=" + fraction() + "]";
	}

	/**
	 * Return a key hash in the comparison space of a ring.
	 */
	static long key(long keyHash) {
		return (keyHash ^ Long.MIN_VALUE) & -STEP;
	}

	/**
	 * Collects arcs of the comparison space, added in order of their first keys, and
	 * merges those that overlap or are adjacent.
	 */
	static final class Builder {

		private long[] firsts = new long[8];

		private long[] lasts = new long[8];

		private int size;

		/**
		 * Add the keys from {@code first} to {@code last}, both included, where
		 * {@code first} is not below the first key of any arc added before.
		 */
		void add(long first, long last) {
			int size = this.size;
			if (size > 0) {
				long previous = this.lasts[size - 1];
				if (first <= previous || first - STEP == previous) {
					this.lasts[size - 1] = Math.max(previous, last);
					return;
				}
			}
			if (size == this.firsts.length) {
				this.firsts = Arrays.copyOf(this.firsts, size * 2);
				this.lasts = Arrays.copyOf(this.lasts, size * 2);
			}
			this.firsts[size] = first;
			this.lasts[size] = last;
			this.size = size + 1;
		}

		KeyArcs build() {
			if (this.size == 0) {
				return EMPTY;
			}
			return new KeyArcs(Arrays.copyOf(this.firsts, this.size), Arrays.copyOf(this.lasts, this.size));
		}

	}

}
