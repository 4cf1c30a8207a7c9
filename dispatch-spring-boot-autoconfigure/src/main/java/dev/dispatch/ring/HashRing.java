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

import java.util.AbstractList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.RandomAccess;

import org.jspecify.annotations.Nullable;

/**
 * An immutable consistent-hash ring that maps 64-bit key hashes (see {@link KeyHasher})
 * to members.
 * <p>
 * Each member has a unique {@code id}, belongs to a {@code group} (typically the node it
 * runs on) and carries a value that lookups return. A member is placed on the ring at
 * {@link #POINTS_PER_MEMBER} virtual points derived from its id alone, and a key hash is
 * owned by the member of the first point at or after it, going clockwise in unsigned
 * order and wrapping around; equal points are ordered by member id. Lookups are therefore
 * a pure function of the set of members: rings with the same members answer every lookup
 * identically, however they were built. When a member joins, only keys that it now owns
 * change owner, and when a member leaves, only keys that it owned change owner.
 * <p>
 * Each point is one {@code long}: its position's high 43 bits and its owner's index in
 * the low 21 bits, so that a lookup reads one sorted array; positions and key hashes are
 * compared on those high bits (keys that differ only in the low bits share an owner).
 * With an {@code int[]} bucket index of fewer than two buckets per point, the ring needs
 * at most 16 bytes per virtual point (about 32 KiB per member with the default number of
 * points). A bucket without points holds its owner instead of an index, so that about two
 * lookups in five read one array element in all. {@link #find(long)} is lock-free and
 * allocation-free. Changes return a new ring and cost time linear in the number of
 * points.
 * <p>
 * Instances are immutable and thread-safe.
 *
 * @param <T> the type of the members' values
 * @author Dispatch team
 * @since 0.1.0
 */
public final class HashRing<T> {

	/**
	 * The default number of virtual points per member.
	 */
	public static final int POINTS_PER_MEMBER = 2048;

	private static final long POINT_STEP = 0x9E3779B97F4A7C15L;

	private static final long CHECKSUM_SALT = 0x6A09E667F3BCC909L;

	private static final int MAX_BUCKET_BITS = 24;

	private static final int MAX_POINTS = Integer.MAX_VALUE - 8;

	private static final int OWNER_BITS = 21;

	static final int POSITION_BITS = Long.SIZE - OWNER_BITS;

	private static final long OWNER_MASK = (1L << OWNER_BITS) - 1;

	private static final long POSITION_MASK = ~OWNER_MASK;

	private static final int MAX_MEMBERS = (int) OWNER_MASK;

	private static final HashRing<?> EMPTY = new HashRing<>(POINTS_PER_MEMBER, new String[0], new String[0],
			new Object[0], new long[0], null, 0L);

	private final int pointsPerMember;

	private final String[] ids;

	private final String[] groups;

	private final Object[] values;

	private final int[] groupOrdinals;

	private final int groupCount;

	/**
	 * The points, sorted: {@code (position ^ Long.MIN_VALUE) & POSITION_MASK | owner}, so
	 * that signed order is the unsigned order of positions, then of owners.
	 */
	private final long[] points;

	private final int bucketShift;

	/**
	 * One entry per bucket of the key hash space: the index of the bucket's first point
	 * or, for a bucket without points, {@code -(owner + 1)} for the owner of the next
	 * point, which owns every key of the bucket, so that such a lookup reads no other
	 * array.
	 */
	private final int[] buckets;

	private final long checksum;

	private final List<T> valueList;

	private HashRing(int pointsPerMember, String[] ids, String[] groups, Object[] values, long[] points,
			int @Nullable [] buckets, long checksum) {
		this.pointsPerMember = pointsPerMember;
		this.ids = ids;
		this.groups = groups;
		this.values = values;
		this.groupOrdinals = new int[groups.length];
		Map<String, Integer> ordinals = new HashMap<>();
		for (int i = 0; i < groups.length; i++) {
			Integer ordinal = ordinals.get(groups[i]);
			if (ordinal == null) {
				ordinal = ordinals.size();
				ordinals.put(groups[i], ordinal);
			}
			this.groupOrdinals[i] = ordinal;
		}
		this.groupCount = ordinals.size();
		this.points = points;
		int bucketBits = bucketBits(points.length);
		this.bucketShift = Long.SIZE - bucketBits;
		this.buckets = (buckets != null) ? buckets : buildBucketIndex(points, bucketBits);
		this.checksum = checksum;
		this.valueList = new ArrayView<>(values);
	}

	/**
	 * Return an empty ring whose members get {@link #POINTS_PER_MEMBER} virtual points
	 * each.
	 * @param <T> the type of the members' values
	 * @return an empty ring
	 */
	@SuppressWarnings("unchecked")
	public static <T> HashRing<T> empty() {
		return (HashRing<T>) EMPTY;
	}

	/**
	 * Return an empty ring whose members get the given number of virtual points each.
	 * @param <T> the type of the members' values
	 * @param pointsPerMember the number of virtual points per member
	 * @return an empty ring
	 */
	static <T> HashRing<T> empty(int pointsPerMember) {
		checkPointsPerMember(pointsPerMember);
		return new HashRing<>(pointsPerMember, new String[0], new String[0], new Object[0], new long[0], null, 0L);
	}

	/**
	 * Return a ring with the given members and {@link #POINTS_PER_MEMBER} virtual points
	 * each, built in one step: the same ring as adding them one by one, in any order, but
	 * at the cost of one sort instead of a merge per member.
	 * @param <T> the type of the members' values
	 * @param members the members, with unique ids
	 * @return the ring
	 */
	public static <T> HashRing<T> of(Collection<Member<T>> members) {
		return of(POINTS_PER_MEMBER, members);
	}

	/**
	 * Return a ring with the given members, built in one step.
	 * @param <T> the type of the members' values
	 * @param pointsPerMember the number of virtual points per member
	 * @param members the members, with unique ids
	 * @return the ring
	 */
	static <T> HashRing<T> of(int pointsPerMember, Collection<Member<T>> members) {
		checkPointsPerMember(pointsPerMember);
		Member<?>[] sorted = members.toArray(new Member<?>[0]);
		Arrays.sort(sorted, Comparator.comparing(Member::id));
		int memberCount = sorted.length;
		if ((long) memberCount * pointsPerMember > MAX_POINTS || memberCount > MAX_MEMBERS) {
			throw new IllegalArgumentException("Too many members for a ring: " + memberCount);
		}
		int pointCount = memberCount * pointsPerMember;
		String[] ids = new String[memberCount];
		String[] groups = new String[memberCount];
		Object[] values = new Object[memberCount];
		long[] points = new long[pointCount];
		long checksum = 0;
		for (int m = 0; m < memberCount; m++) {
			Member<?> member = sorted[m];
			if (m > 0 && ids[m - 1].equals(member.id())) {
				throw new IllegalArgumentException("Duplicate member id '" + member.id() + "'");
			}
			ids[m] = member.id();
			groups[m] = member.group();
			values[m] = member.value();
			System.arraycopy(points(member.id(), pointsPerMember, m), 0, points, m * pointsPerMember, pointsPerMember);
			checksum += checksumTerm(member.id());
		}
		long[] target = new long[pointCount];
		for (long width = pointsPerMember; width < pointCount; width *= 2) {
			for (long low = 0; low < pointCount; low += 2 * width) {
				int middle = (int) Math.min(low + width, pointCount);
				int high = (int) Math.min(low + 2 * width, pointCount);
				mergeRuns(points, target, (int) low, middle, high);
			}
			long[] swap = points;
			points = target;
			target = swap;
		}
		return new HashRing<>(pointsPerMember, ids, groups, values, points, null, checksum);
	}

	/**
	 * Return a ring with the given member added, or replacing the member with the same
	 * id. The member's points depend only on its id, so replacing a member changes
	 * neither its points nor the owner of any key.
	 * @param id the id of the member
	 * @param group the group of the member, used to spread replicas in
	 * {@link #findMulti(int, long)}
	 * @param value the value that lookups return for the member
	 * @return the new ring, or this ring if it already has the same member with the same
	 * group and value
	 */
	public HashRing<T> with(String id, String group, T value) {
		Objects.requireNonNull(id, "'id' must not be null");
		Objects.requireNonNull(group, "'group' must not be null");
		Objects.requireNonNull(value, "'value' must not be null");
		int index = Arrays.binarySearch(this.ids, id);
		if (index >= 0) {
			if (this.groups[index].equals(group) && this.values[index] == value) {
				return this;
			}
			String[] groups = this.groups.clone();
			groups[index] = group;
			Object[] values = this.values.clone();
			values[index] = value;
			return new HashRing<>(this.pointsPerMember, this.ids, groups, values, this.points, this.buckets,
					this.checksum);
		}
		int insert = -index - 1;
		long[] old = this.points;
		int oldCount = old.length;
		if ((long) oldCount + this.pointsPerMember > MAX_POINTS || this.ids.length >= MAX_MEMBERS) {
			throw new IllegalStateException("Too many members for a ring: " + this.ids.length);
		}
		long[] added = points(id, this.pointsPerMember, insert);
		int addedCount = added.length;
		long[] points = new long[oldCount + addedCount];
		int i = 0;
		int j = 0;
		int out = 0;
		while (i < oldCount && j < addedCount) {
			long existing = shifted(old[i], insert);
			if (existing < added[j]) {
				points[out++] = existing;
				i++;
			}
			else {
				points[out++] = added[j++];
			}
		}
		for (; i < oldCount; i++) {
			points[out++] = shifted(old[i], insert);
		}
		System.arraycopy(added, j, points, out, addedCount - j);
		return new HashRing<>(this.pointsPerMember, inserted(this.ids, insert, id),
				inserted(this.groups, insert, group), inserted(this.values, insert, value), points, null,
				this.checksum + checksumTerm(id));
	}

	/**
	 * Return a ring without the member with the given id.
	 * @param id the id of the member
	 * @return the new ring, or this ring if it has no member with the given id
	 */
	public HashRing<T> without(String id) {
		int index = Arrays.binarySearch(this.ids, id);
		if (index < 0) {
			return this;
		}
		long[] old = this.points;
		long[] points = new long[old.length - this.pointsPerMember];
		int out = 0;
		for (long point : old) {
			int owner = owner(point);
			if (owner != index) {
				points[out++] = (owner > index) ? point - 1 : point;
			}
		}
		return new HashRing<>(this.pointsPerMember, removed(this.ids, index), removed(this.groups, index),
				removed(this.values, index), points, null, this.checksum - checksumTerm(id));
	}

	/**
	 * Return the value of the member that owns the given key hash.
	 * @param keyHash the hash of the key, typically from {@link KeyHasher#hash(Object)}
	 * @return the value of the owner, or {@code null} if the ring is empty
	 */
	public @Nullable T find(long keyHash) {
		if (this.points.length == 0) {
			return null;
		}
		int bucket = this.buckets[(int) (keyHash >>> this.bucketShift)];
		if (bucket < 0) {
			return value(-bucket - 1);
		}
		return value(owner(this.points[scan(bucket, keyHash)]));
	}

	/**
	 * Return the values of up to {@code count} distinct members for the given key hash,
	 * walking clockwise from it. Members of groups that are not yet represented in the
	 * result come first, so that replicas land in distinct groups while there are enough
	 * groups; then the remaining members follow in ring order. The first element is
	 * always the {@link #find(long) owner} of the key hash.
	 * @param count the maximum number of members to return
	 * @param keyHash the hash of the key, typically from {@link KeyHasher#hash(Object)}
	 * @return an unmodifiable list of {@code min(count, size())} values, empty if the
	 * ring is empty
	 * @throws IllegalArgumentException if {@code count} is less than 1
	 */
	public List<T> findMulti(int count, long keyHash) {
		if (count < 1) {
			throw new IllegalArgumentException("count must be at least 1 but was " + count);
		}
		int memberCount = this.ids.length;
		if (memberCount == 0) {
			return List.of();
		}
		int wanted = Math.min(count, memberCount);
		int start = indexOf(keyHash);
		long[] points = this.points;
		int[] groupOrdinals = this.groupOrdinals;
		Object[] values = this.values;
		Object[] result = new Object[wanted];
		int first = owner(points[start]);
		result[0] = values[first];
		if (wanted == 1) {
			return new ArrayView<>(result);
		}
		long[] seen = new long[(memberCount + this.groupCount + 63) >>> 6];
		mark(seen, first);
		mark(seen, memberCount + groupOrdinals[first]);
		int size = 1;
		int pointCount = points.length;
		int distinctGroups = Math.min(wanted, this.groupCount);
		for (int step = 1, i = start; size < distinctGroups && step < pointCount; step++) {
			i = (i + 1 < pointCount) ? i + 1 : 0;
			int owner = owner(points[i]);
			int group = memberCount + groupOrdinals[owner];
			if (!isMarked(seen, group)) {
				mark(seen, group);
				mark(seen, owner);
				result[size++] = values[owner];
			}
		}
		for (int step = 1, i = start; size < wanted && step < pointCount; step++) {
			i = (i + 1 < pointCount) ? i + 1 : 0;
			int owner = owner(points[i]);
			if (!isMarked(seen, owner)) {
				mark(seen, owner);
				result[size++] = values[owner];
			}
		}
		return new ArrayView<>(result);
	}

	/**
	 * Return the number of members.
	 * @return the number of members
	 */
	public int size() {
		return this.ids.length;
	}

	/**
	 * Return whether the ring has a member with the given id.
	 * @param id the id of the member
	 * @return whether the member is present
	 */
	public boolean contains(String id) {
		return Arrays.binarySearch(this.ids, id) >= 0;
	}

	/**
	 * Return the values of all members, ordered by member id.
	 * @return an unmodifiable list of the values
	 */
	public List<T> values() {
		return this.valueList;
	}

	/**
	 * Return a digest of the member ids. Two rings with the same set of member ids have
	 * the same checksum, whatever the groups and values of their members and however they
	 * were built.
	 * @return the checksum
	 */
	public long checksum() {
		return this.checksum;
	}

	/**
	 * Return the share of the key hash space that each member owns, as a fraction of
	 * 2<sup>64</sup>.
	 * @return the shares, ordered like {@link #values()}
	 */
	double[] shares() {
		int memberCount = this.ids.length;
		double[] shares = new double[memberCount];
		if (memberCount == 1) {
			shares[0] = 1.0;
		}
		else if (memberCount > 1) {
			long[] points = this.points;
			int pointCount = points.length;
			long previous = points[pointCount - 1] & POSITION_MASK;
			for (int i = 0; i < pointCount; i++) {
				long position = points[i] & POSITION_MASK;
				long arc = position - previous;
				shares[owner(points[i])] += (double) (arc >>> 1) * 2.0 + (arc & 1);
				previous = position;
			}
			for (int m = 0; m < memberCount; m++) {
				shares[m] /= 0x1p64;
			}
		}
		return shares;
	}

	/**
	 * Return the ids of all members, in order.
	 * @return the ids
	 */
	List<String> ids() {
		return new ArrayView<>(this.ids);
	}

	int pointsPerMember() {
		return this.pointsPerMember;
	}

	int pointCount() {
		return this.points.length;
	}

	/**
	 * Return the position of a point as it is compared with key hashes: the masked
	 * comparison space, whose signed order is the unsigned order of positions.
	 */
	long maskedPosition(int point) {
		return this.points[point] & POSITION_MASK;
	}

	/**
	 * Return the index, in {@link #ids()}, of the owner of a point.
	 */
	int pointOwner(int point) {
		return owner(this.points[point]);
	}

	int bucketCount() {
		return this.buckets.length;
	}

	@Override
	public String toString() {
		return "HashRing[members=" + this.ids.length + ", points=" + this.points.length + "]";
	}

	private int indexOf(long keyHash) {
		int bucket = (int) (keyHash >>> this.bucketShift);
		int start = this.buckets[bucket];
		return (start >= 0) ? scan(start, keyHash) : firstPointAfter(bucket);
	}

	/**
	 * Return the index of the first point at or after the key hash, from the first point
	 * of the key's bucket.
	 */
	private int scan(int start, long keyHash) {
		long[] points = this.points;
		long key = (keyHash ^ Long.MIN_VALUE) & POSITION_MASK;
		int i = start;
		while (i < points.length && points[i] < key) {
			i++;
		}
		return (i < points.length) ? i : 0;
	}

	private int firstPointAfter(int bucket) {
		for (int next = bucket + 1; next < this.buckets.length; next++) {
			if (this.buckets[next] >= 0) {
				return this.buckets[next];
			}
		}
		return 0;
	}

	@SuppressWarnings("unchecked")
	private T value(int member) {
		return (T) this.values[member];
	}

	/**
	 * Return a member's points, sorted, for the owner index it has in the ring.
	 */
	private static long[] points(String id, int count, int owner) {
		long base = KeyHasher.hash(id);
		long[] points = new long[count];
		for (int i = 0; i < count; i++) {
			points[i] = ((KeyHasher.mix(base + (i + 1) * POINT_STEP) ^ Long.MIN_VALUE) & POSITION_MASK) | owner;
		}
		Arrays.sort(points);
		return points;
	}

	private static int owner(long point) {
		return (int) (point & OWNER_MASK);
	}

	/**
	 * Return a point whose owner index moves up by one if it is at or after an inserted
	 * member's index.
	 */
	private static long shifted(long point, int insert) {
		return (owner(point) >= insert) ? point + 1 : point;
	}

	private static long checksumTerm(String id) {
		return KeyHasher.mix(KeyHasher.hash(id) ^ CHECKSUM_SALT);
	}

	private static void mergeRuns(long[] points, long[] target, int low, int middle, int high) {
		int i = low;
		int j = middle;
		int out = low;
		while (i < middle && j < high) {
			target[out++] = (points[i] <= points[j]) ? points[i++] : points[j++];
		}
		int rest = middle - i;
		System.arraycopy(points, i, target, out, rest);
		out += rest;
		System.arraycopy(points, j, target, out, high - j);
	}

	private static int bucketBits(int pointCount) {
		int bits = (pointCount > 1) ? Integer.SIZE - Integer.numberOfLeadingZeros(pointCount - 1) : 1;
		return Math.min(bits, MAX_BUCKET_BITS);
	}

	private static int[] buildBucketIndex(long[] points, int bucketBits) {
		int[] buckets = new int[1 << bucketBits];
		int shift = Long.SIZE - bucketBits;
		int i = 0;
		for (int bucket = 0; bucket < buckets.length; bucket++) {
			while (i < points.length && (int) ((points[i] ^ Long.MIN_VALUE) >>> shift) < bucket) {
				i++;
			}
			buckets[bucket] = i;
		}
		if (points.length > 0) {
			for (int bucket = 0; bucket < buckets.length; bucket++) {
				int start = buckets[bucket];
				int end = (bucket + 1 < buckets.length) ? buckets[bucket + 1] : points.length;
				if (start == end) {
					buckets[bucket] = -owner(points[(start < points.length) ? start : 0]) - 1;
				}
			}
		}
		return buckets;
	}

	private static void mark(long[] bits, int index) {
		bits[index >>> 6] |= 1L << index;
	}

	private static boolean isMarked(long[] bits, int index) {
		return (bits[index >>> 6] & (1L << index)) != 0;
	}

	private static <E> E[] inserted(E[] array, int index, E element) {
		E[] result = Arrays.copyOf(array, array.length + 1);
		System.arraycopy(array, index, result, index + 1, array.length - index);
		result[index] = element;
		return result;
	}

	private static <E> E[] removed(E[] array, int index) {
		E[] result = Arrays.copyOf(array, array.length - 1);
		System.arraycopy(array, index + 1, result, index, array.length - index - 1);
		return result;
	}

	private static void checkPointsPerMember(int pointsPerMember) {
		if (pointsPerMember < 1) {
			throw new IllegalArgumentException("pointsPerMember must be at least 1 but was " + pointsPerMember);
		}
	}

	/**
	 * A member of a ring.
	 *
	 * @param <T> the type of the value
	 * @param id the id of the member
	 * @param group the group of the member
	 * @param value the value of the member
	 */
	public record Member<T>(String id, String group, T value) {

		public Member {
			Objects.requireNonNull(id, "'id' must not be null");
			Objects.requireNonNull(group, "'group' must not be null");
			Objects.requireNonNull(value, "'value' must not be null");
		}

	}

	/**
	 * An unmodifiable list view of an array that is never modified.
	 *
	 * @param <E> the type of the elements
	 */
	private static final class ArrayView<E> extends AbstractList<E> implements RandomAccess {

		private final Object[] elements;

		ArrayView(Object[] elements) {
			this.elements = elements;
		}

		@Override
		@SuppressWarnings("unchecked")
		public E get(int index) {
			return (E) this.elements[index];
		}

		@Override
		public int size() {
			return this.elements.length;
		}

	}

}
