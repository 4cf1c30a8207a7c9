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

/**
 * A picture of a {@link HashRing} to draw: the key hash space cut in equal sectors, each
 * given to the member that owns the largest part of it, and each member's exact share of
 * the space.
 * <p>
 * Sectors and positions go clockwise from key hash 0 in unsigned order, the order in
 * which a ring walks its points, so that a key drawn at its {@link #position(long)
 * position} falls in a sector of its owner's colour unless its owner's arc there is
 * small.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
public final class RingSectors {

	private RingSectors() {
	}

	/**
	 * Return, for each of {@code count} equal sectors of the key hash space, the member
	 * that owns the largest part of it (the first in {@link HashRing#values()} order when
	 * two own as much). The walk is linear in the ring's points and hashes no key.
	 * @param ring the ring
	 * @param count the number of sectors
	 * @return the index, in {@link HashRing#values()}, of each sector's member; -1 for
	 * every sector of an empty ring
	 * @throws IllegalArgumentException if {@code count} is less than 1
	 */
	public static int[] owners(HashRing<?> ring, int count) {
		if (count < 1) {
			throw new IllegalArgumentException("count must be at least 1 but was " + count);
		}
		int[] owners = new int[count];
		int pointCount = ring.pointCount();
		if (pointCount == 0) {
			Arrays.fill(owners, -1);
			return owners;
		}
		double[] covered = new double[ring.size()];
		int sector = 0;
		double start = 0;
		for (int i = 0; i <= pointCount; i++) {
			double end = (i < pointCount) ? fraction(ring.maskedPosition(i) ^ Long.MIN_VALUE) : 1.0;
			int owner = ring.pointOwner((i < pointCount) ? i : 0);
			while (sector < count && end >= (sector + 1) / (double) count) {
				double boundary = (sector + 1) / (double) count;
				covered[owner] += boundary - start;
				owners[sector++] = largest(covered);
				Arrays.fill(covered, 0);
				start = boundary;
			}
			if (sector < count) {
				covered[owner] += end - start;
			}
			start = end;
		}
		return owners;
	}

	/**
	 * Return the share of the key hash space that each member owns.
	 * @param ring the ring
	 * @return the shares, from 0 to 1, ordered like {@link HashRing#values()}; they add
	 * up to 1 for a ring with members
	 */
	public static double[] shares(HashRing<?> ring) {
		return ring.shares();
	}

	/**
	 * Return where a key hash falls on the ring, as a fraction of a turn from key hash 0.
	 * @param keyHash the key hash, typically from {@link KeyHasher#hash(Object)}
	 * @return the position, from 0 (inclusive) to 1 (exclusive)
	 */
	public static double position(long keyHash) {
		return fraction(keyHash);
	}

	/**
	 * Return an unsigned 64-bit value as a fraction of 2<sup>64</sup>.
	 */
	private static double fraction(long unsigned) {
		return (unsigned >>> (Long.SIZE - 53)) * 0x1p-53;
	}

	private static int largest(double[] covered) {
		int largest = 0;
		for (int m = 1; m < covered.length; m++) {
			if (covered[m] > covered[largest]) {
				largest = m;
			}
		}
		return largest;
	}

}
