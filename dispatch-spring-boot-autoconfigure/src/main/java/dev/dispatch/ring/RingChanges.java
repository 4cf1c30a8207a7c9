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

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Which keys change owner when a {@link HashRing} changes.
 * <p>
 * Members are told apart by id: a member with the same id in both rings keeps the keys
 * that it owns in both, whatever its group and value. The diff merges the points of both
 * rings in one walk, in time linear in their number of points, and hashes no key: between
 * two consecutive positions of either ring, every key has the same owner in each ring.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
public final class RingChanges {

	private RingChanges() {
	}

	/**
	 * Return the keys that change owner from one ring to the other, one move per pair of
	 * distinct members, ordered by the ids of the previous owners, then of the new ones.
	 * @param <T> the type of the members' values
	 * @param before the ring before the change
	 * @param after the ring after the change
	 * @return the moves, none if either ring is empty, since then nobody held or nobody
	 * takes any key
	 */
	public static <T> List<Move> moves(HashRing<T> before, HashRing<T> after) {
		Objects.requireNonNull(before, "'before' must not be null");
		Objects.requireNonNull(after, "'after' must not be null");
		if (before.size() == 0 || after.size() == 0) {
			return List.of();
		}
		int[] same = sameMembers(before, after);
		long afterCount = after.size();
		Map<Long, KeyArcs.Builder> builders = new HashMap<>();
		walk(before, after, new Sink() {

			private long lastPair = -1;

			private KeyArcs.@Nullable Builder lastBuilder;

			@Override
			public void segment(int from, int to, long first, long last) {
				if (same[from] == to) {
					return;
				}
				long pair = from * afterCount + to;
				KeyArcs.Builder builder = this.lastBuilder;
				if (pair != this.lastPair || builder == null) {
					builder = builders.computeIfAbsent(pair, (key) -> new KeyArcs.Builder());
					this.lastPair = pair;
					this.lastBuilder = builder;
				}
				builder.add(first, last);
			}

		});
		long[] pairs = builders.keySet().stream().mapToLong(Long::longValue).sorted().toArray();
		List<String> beforeIds = before.ids();
		List<String> afterIds = after.ids();
		List<Move> moves = new ArrayList<>(pairs.length);
		for (long pair : pairs) {
			moves.add(new Move(beforeIds.get((int) (pair / afterCount)), afterIds.get((int) (pair % afterCount)),
					builders.get(pair).build()));
		}
		return Collections.unmodifiableList(moves);
	}

	/**
	 * Return the keys that a member owns after the change but not before: the union of
	 * the {@link #moves(HashRing, HashRing) moves} to it.
	 * @param <T> the type of the members' values
	 * @param before the ring before the change
	 * @param after the ring after the change
	 * @param id the id of the member
	 * @return the keys that the member gains, none if either ring is empty
	 */
	public static <T> KeyArcs gained(HashRing<T> before, HashRing<T> after, String id) {
		Objects.requireNonNull(id, "'id' must not be null");
		int member = Collections.binarySearch(after.ids(), id);
		if (member < 0 || before.size() == 0) {
			return KeyArcs.EMPTY;
		}
		int[] same = sameMembers(before, after);
		KeyArcs.Builder builder = new KeyArcs.Builder();
		walk(before, after, (from, to, first, last) -> {
			if (to == member && same[from] != member) {
				builder.add(first, last);
			}
		});
		return builder.build();
	}

	/**
	 * Return the keys that a member owns before the change but not after: the union of
	 * the {@link #moves(HashRing, HashRing) moves} from it.
	 * @param <T> the type of the members' values
	 * @param before the ring before the change
	 * @param after the ring after the change
	 * @param id the id of the member
	 * @return the keys that the member loses, none if either ring is empty
	 */
	public static <T> KeyArcs lost(HashRing<T> before, HashRing<T> after, String id) {
		Objects.requireNonNull(id, "'id' must not be null");
		int member = Collections.binarySearch(before.ids(), id);
		if (member < 0 || after.size() == 0) {
			return KeyArcs.EMPTY;
		}
		int stays = sameMembers(before, after)[member];
		KeyArcs.Builder builder = new KeyArcs.Builder();
		walk(before, after, (from, to, first, last) -> {
			if (from == member && to != stays) {
				builder.add(first, last);
			}
		});
		return builder.build();
	}

	/**
	 * Return the keys that a member owns on a ring.
	 * @param <T> the type of the members' values
	 * @param ring the ring
	 * @param id the id of the member
	 * @return the keys it owns, none if it is not on the ring
	 */
	public static <T> KeyArcs owned(HashRing<T> ring, String id) {
		Objects.requireNonNull(id, "'id' must not be null");
		if (!ring.contains(id)) {
			return KeyArcs.EMPTY;
		}
		return (ring.size() == 1) ? KeyArcs.ALL : gained(ring.without(id), ring, id);
	}

	/**
	 * Return, for each member of the ring before, its index in the ring after, or -1.
	 */
	private static int[] sameMembers(HashRing<?> before, HashRing<?> after) {
		List<String> beforeIds = before.ids();
		List<String> afterIds = after.ids();
		int[] same = new int[beforeIds.size()];
		Arrays.fill(same, -1);
		for (int i = 0, j = 0; i < same.length && j < afterIds.size();) {
			int order = beforeIds.get(i).compareTo(afterIds.get(j));
			if (order == 0) {
				same[i++] = j++;
			}
			else if (order < 0) {
				i++;
			}
			else {
				j++;
			}
		}
		return same;
	}

	/**
	 * Walk the elementary segments of two non-empty rings, in increasing order: from just
	 * after one position of either ring up to and including the next, where each ring's
	 * owner is that of its first point at or after the segment's last key, or of its
	 * first point if there is none.
	 */
	private static void walk(HashRing<?> before, HashRing<?> after, Sink sink) {
		int beforeCount = before.pointCount();
		int afterCount = after.pointCount();
		int i = 0;
		int j = 0;
		long first = KeyArcs.BOTTOM;
		while (i < beforeCount || j < afterCount) {
			long position;
			if (j == afterCount || (i < beforeCount && before.maskedPosition(i) <= after.maskedPosition(j))) {
				position = before.maskedPosition(i);
			}
			else {
				position = after.maskedPosition(j);
			}
			sink.segment(before.pointOwner((i < beforeCount) ? i : 0), after.pointOwner((j < afterCount) ? j : 0),
					first, position);
			while (i < beforeCount && before.maskedPosition(i) == position) {
				i++;
			}
			while (j < afterCount && after.maskedPosition(j) == position) {
				j++;
			}
			if (position == KeyArcs.TOP) {
				return;
			}
			first = position + KeyArcs.STEP;
		}
		sink.segment(before.pointOwner(0), after.pointOwner(0), first, KeyArcs.TOP);
	}

	/**
	 * Receives the segments of a walk, with the owners' indices in each ring.
	 */
	@FunctionalInterface
	private interface Sink {

		void segment(int from, int to, long first, long last);

	}

	/**
	 * The keys that one member owns before a change and another after it.
	 *
	 * @param from the id of the owner before the change
	 * @param to the id of the owner after the change
	 * @param arcs the keys that change from one owner to the other
	 */
	public record Move(String from, String to, KeyArcs arcs) {

		public Move {
			Objects.requireNonNull(from, "'from' must not be null");
			Objects.requireNonNull(to, "'to' must not be null");
			Objects.requireNonNull(arcs, "'arcs' must not be null");
		}

	}

}
