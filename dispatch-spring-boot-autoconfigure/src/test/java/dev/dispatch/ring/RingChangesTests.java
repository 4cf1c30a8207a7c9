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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.dispatch.ring.RingChanges.Move;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Tests for {@link RingChanges}.
 *
 * @author Dispatch team
 */
class RingChangesTests {

	/**
	 * Random key hashes per check, besides those at and beside every point of both rings,
	 * where a wrong arc would show first.
	 */
	private static final int RANDOM_KEY_HASHES = 50_000;

	private static final long[] EDGE_KEY_HASHES = { Long.MIN_VALUE, Long.MAX_VALUE, 0, -1 };

	@Test
	void memberAdded() {
		assertMovesMatchFind(ring(ids(8)), ring(ids(8)).with("member-new", "g", "member-new"), 1);
	}

	@Test
	void memberRemoved() {
		assertMovesMatchFind(ring(ids(8)), ring(ids(8)).without("member-3"), 2);
	}

	@Test
	void twoMembersAddedAndOneRemoved() {
		HashRing<String> before = ring(ids(6));
		HashRing<String> after = before.with("member-x", "g", "member-x")
			.with("member-y", "g", "member-y")
			.without("member-0");
		assertMovesMatchFind(before, after, 3);
	}

	@Test
	void beforeEmpty() {
		assertMovesMatchFind(HashRing.empty(), ring(ids(5)), 4);
		assertThat(RingChanges.moves(HashRing.empty(), ring(ids(5)))).isEmpty();
		assertThat(RingChanges.gained(HashRing.empty(), ring(ids(5)), "member-0")).isSameAs(KeyArcs.EMPTY);
	}

	@Test
	void afterEmpty() {
		assertMovesMatchFind(ring(ids(5)), HashRing.empty(), 5);
		assertThat(RingChanges.moves(ring(ids(5)), HashRing.empty())).isEmpty();
		assertThat(RingChanges.lost(ring(ids(5)), HashRing.empty(), "member-0")).isSameAs(KeyArcs.EMPTY);
	}

	@Test
	void identicalRingsMoveNothing() {
		HashRing<String> ring = ring(ids(7));
		HashRing<String> rebuilt = ring.with("member-x", "g", "member-x").without("member-x");
		assertMovesMatchFind(ring, rebuilt, 6);
		assertThat(RingChanges.moves(ring, rebuilt)).isEmpty();
		assertThat(RingChanges.moves(ring, ring)).isEmpty();
		assertThat(RingChanges.moves(HashRing.empty(), HashRing.empty())).isEmpty();
	}

	@Test
	void regroupedMemberMovesNothing() {
		HashRing<String> ring = ring(ids(4));
		assertThat(RingChanges.moves(ring, ring.with("member-1", "other-group", "member-1"))).isEmpty();
	}

	@Test
	void oneMemberToTwo() {
		HashRing<String> before = ring(List.of("member-a"));
		HashRing<String> after = before.with("member-b", "g", "member-b");
		assertMovesMatchFind(before, after, 7);
		assertThat(RingChanges.moves(before, after)).singleElement().satisfies((move) -> {
			assertThat(move.from()).isEqualTo("member-a");
			assertThat(move.to()).isEqualTo("member-b");
		});
	}

	@Test
	void disjointRings() {
		HashRing<String> before = ring(List.of("a-0", "a-1", "a-2"));
		HashRing<String> after = ring(List.of("b-0", "b-1"));
		assertMovesMatchFind(before, after, 8);
		assertThat(RingChanges.moves(before, after)).map((move) -> move.from() + " -> " + move.to())
			.containsExactly("a-0 -> b-0", "a-0 -> b-1", "a-1 -> b-0", "a-1 -> b-1", "a-2 -> b-0", "a-2 -> b-1");
	}

	@Test
	void randomChangesWithFewPoints() {
		Random random = new Random(9);
		for (int round = 0; round < 20; round++) {
			List<String> ids = new ArrayList<>();
			int memberCount = 1 + random.nextInt(12);
			for (int i = 0; i < memberCount; i++) {
				ids.add("member-" + random.nextInt(20));
			}
			HashRing<String> before = HashRing.of(1 + random.nextInt(4), members(ids.stream().distinct().toList()));
			HashRing<String> after = before;
			int changeCount = 1 + random.nextInt(4);
			for (int i = 0; i < changeCount; i++) {
				String id = "member-" + random.nextInt(20);
				after = random.nextBoolean() ? after.with(id, "g", id) : after.without(id);
			}
			assertMovesMatchFind(before, after, round);
		}
	}

	@Test
	void gainedFractionOfAddedMemberIsItsShare() {
		HashRing<String> before = ring(ids(100));
		HashRing<String> after = before.with("member-new", "g", "member-new");
		KeyArcs gained = RingChanges.gained(before, after, "member-new");
		double share = after.shares()[after.ids().indexOf("member-new")];
		assertThat(gained.fraction()).isCloseTo(share, within(1e-9));
		assertThat(RingChanges.lost(before, after, "member-new")).isSameAs(KeyArcs.EMPTY);
		List<Move> moves = RingChanges.moves(before, after);
		assertThat(moves).allSatisfy((move) -> assertThat(move.to()).isEqualTo("member-new"));
		assertThat(moves.stream().mapToDouble((move) -> move.arcs().fraction()).sum()).isCloseTo(share, within(1e-9));
		for (String id : before.ids()) {
			double lost = before.shares()[before.ids().indexOf(id)] - after.shares()[after.ids().indexOf(id)];
			assertThat(RingChanges.lost(before, after, id).fraction()).isCloseTo(lost, within(1e-9));
		}
	}

	@Test
	void fractionsOfMovesFromRemovedMemberSumToItsShare() {
		HashRing<String> before = ring(ids(20));
		HashRing<String> after = before.without("member-7");
		double share = before.shares()[before.ids().indexOf("member-7")];
		List<Move> moves = RingChanges.moves(before, after);
		assertThat(moves).hasSizeGreaterThan(1).allSatisfy((move) -> assertThat(move.from()).isEqualTo("member-7"));
		assertThat(moves.stream().mapToDouble((move) -> move.arcs().fraction()).sum()).isCloseTo(share, within(1e-9));
		assertThat(RingChanges.lost(before, after, "member-7").fraction()).isCloseTo(share, within(1e-9));
		assertThat(RingChanges.gained(before, after, "member-7")).isSameAs(KeyArcs.EMPTY);
	}

	@Test
	void gainedAndLostOfUnknownMemberAreEmpty() {
		HashRing<String> before = ring(ids(3));
		HashRing<String> after = before.with("member-x", "g", "member-x");
		assertThat(RingChanges.gained(before, after, "nobody")).isSameAs(KeyArcs.EMPTY);
		assertThat(RingChanges.lost(before, after, "nobody")).isSameAs(KeyArcs.EMPTY);
	}

	/**
	 * Assert that moves, gained and lost agree with lookups in both rings, for random key
	 * hashes and for the key hashes at, just before and just after every point.
	 */
	private static void assertMovesMatchFind(HashRing<String> before, HashRing<String> after, long seed) {
		List<Move> moves = RingChanges.moves(before, after);
		Set<String> pairs = new HashSet<>();
		for (Move move : moves) {
			assertThat(move.from()).isNotEqualTo(move.to());
			assertThat(move.arcs().isEmpty()).isFalse();
			assertThat(pairs.add(move.from() + " -> " + move.to())).isTrue();
		}
		Set<String> ids = new HashSet<>(before.ids());
		ids.addAll(after.ids());
		Map<String, KeyArcs> gained = new TreeMap<>();
		Map<String, KeyArcs> lost = new TreeMap<>();
		for (String id : ids) {
			gained.put(id, RingChanges.gained(before, after, id));
			lost.put(id, RingChanges.lost(before, after, id));
		}
		List<String> failures = new ArrayList<>();
		for (long keyHash : keyHashes(before, after, seed)) {
			String from = before.find(keyHash);
			String to = after.find(keyHash);
			boolean moved = from != null && to != null && !from.equals(to);
			int containing = 0;
			for (Move move : moves) {
				boolean contains = move.arcs().contains(keyHash);
				containing += contains ? 1 : 0;
				if (contains && !(move.from().equals(from) && move.to().equals(to))) {
					failures.add(keyHash + " in " + move + " but owned by " + from + " then " + to);
				}
			}
			if (containing != (moved ? 1 : 0)) {
				failures.add(keyHash + " in " + containing + " moves but owned by " + from + " then " + to);
			}
			for (String id : ids) {
				if (gained.get(id).contains(keyHash) != (moved && id.equals(to))) {
					failures.add(keyHash + " gained by " + id + " is wrong, owned by " + from + " then " + to);
				}
				if (lost.get(id).contains(keyHash) != (moved && id.equals(from))) {
					failures.add(keyHash + " lost by " + id + " is wrong, owned by " + from + " then " + to);
				}
			}
			if (failures.size() > 10) {
				break;
			}
		}
		assertThat(failures).isEmpty();
	}

	private static long[] keyHashes(HashRing<String> before, HashRing<String> after, long seed) {
		Random random = new Random(seed);
		long[] keyHashes = Arrays.copyOf(random.longs(RANDOM_KEY_HASHES).toArray(),
				RANDOM_KEY_HASHES + EDGE_KEY_HASHES.length + 5 * (before.pointCount() + after.pointCount()));
		int count = RANDOM_KEY_HASHES;
		for (long keyHash : EDGE_KEY_HASHES) {
			keyHashes[count++] = keyHash;
		}
		for (HashRing<String> ring : List.of(before, after)) {
			for (int i = 0; i < ring.pointCount(); i++) {
				long position = ring.maskedPosition(i) ^ Long.MIN_VALUE;
				keyHashes[count++] = position;
				keyHashes[count++] = position - 1;
				keyHashes[count++] = position + 1;
				keyHashes[count++] = position - KeyArcs.STEP;
				keyHashes[count++] = position + KeyArcs.STEP;
			}
		}
		return keyHashes;
	}

	@Test
	void ownedIsEveryKeyThatFindGivesTheMember() {
		HashRing<String> ring = ring(ids(5));
		Map<String, KeyArcs> owned = new TreeMap<>();
		ids(5).forEach((id) -> owned.put(id, RingChanges.owned(ring, id)));
		Random random = new Random(42);
		for (int i = 0; i < 20_000; i++) {
			long keyHash = random.nextLong();
			owned.forEach((id, arcs) -> assertThat(arcs.contains(keyHash)).isEqualTo(id.equals(ring.find(keyHash))));
		}
		assertThat(RingChanges.owned(ring(ids(1)), "member-0").fraction()).isEqualTo(1.0);
		assertThat(RingChanges.owned(ring, "absent").isEmpty()).isTrue();
		assertThat(RingChanges.owned(HashRing.empty(), "member-0").isEmpty()).isTrue();
	}

	private static List<String> ids(int count) {
		return IntStream.range(0, count).mapToObj((i) -> "member-" + i).toList();
	}

	private static HashRing<String> ring(List<String> ids) {
		return HashRing.of(members(ids));
	}

	private static List<HashRing.Member<String>> members(List<String> ids) {
		return ids.stream().map((id) -> new HashRing.Member<>(id, "group-" + (id.hashCode() & 3), id)).toList();
	}

}
