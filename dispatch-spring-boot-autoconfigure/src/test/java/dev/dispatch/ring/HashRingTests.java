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

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

/**
 * Tests for {@link HashRing}.
 *
 * @author Dispatch team
 */
class HashRingTests {

	private static final long[] KEY_HASHES = keyHashes(200_000);

	@Test
	void emptyRingHasNoMembers() {
		HashRing<String> ring = HashRing.empty();
		assertThat(ring.size()).isZero();
		assertThat(ring.find(0)).isNull();
		assertThat(ring.find(KeyHasher.hash("key"))).isNull();
		assertThat(ring.findMulti(3, 0)).isEmpty();
		assertThat(ring.values()).isEmpty();
		assertThat(ring.contains("a")).isFalse();
		assertThat(ring.checksum()).isZero();
		assertThat(ring.shares()).isEmpty();
	}

	@Test
	void emptyRingUsesDefaultPointsPerMember() {
		HashRing<String> ring = HashRing.<String>empty().with("a", "g", "a");
		assertThat(ring.pointCount()).isEqualTo(HashRing.POINTS_PER_MEMBER);
	}

	@Test
	void emptyRejectsPointsPerMemberBelowOne() {
		assertThatIllegalArgumentException().isThrownBy(() -> HashRing.empty(0))
			.withMessage("pointsPerMember must be at least 1 but was 0");
	}

	@Test
	void singleMemberOwnsEveryKey() {
		HashRing<String> ring = HashRing.<String>empty().with("a", "g", "value-a");
		assertThat(ring.size()).isOne();
		assertThat(ring.contains("a")).isTrue();
		for (long keyHash : new long[] { 0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, KEY_HASHES[0] }) {
			assertThat(ring.find(keyHash)).isEqualTo("value-a");
			assertThat(ring.findMulti(3, keyHash)).containsExactly("value-a");
		}
		assertThat(ring.shares()).containsExactly(1.0);
	}

	@Test
	void singleMemberWithSinglePointOwnsEveryKey() {
		HashRing<String> ring = HashRing.<String>empty(1).with("a", "g", "a");
		assertThat(ring.find(0)).isEqualTo("a");
		assertThat(ring.find(-1)).isEqualTo("a");
		assertThat(ring.shares()).containsExactly(1.0);
	}

	@Test
	void findMatchesReferenceImplementation() {
		for (int pointsPerMember : new int[] { 1, 2, 7, 64 }) {
			Map<String, String> groups = groups(40, 5);
			HashRing<String> ring = build(HashRing.empty(pointsPerMember), groups.keySet(), groups);
			ReferenceRing reference = new ReferenceRing(pointsPerMember, groups);
			for (long keyHash : interestingKeyHashes(reference)) {
				assertThat(ring.find(keyHash)).as("owner of %x", keyHash).isEqualTo(reference.find(keyHash));
			}
		}
	}

	@Test
	void findMultiMatchesReferenceImplementation() {
		for (int groupCount : new int[] { 1, 3, 40 }) {
			Map<String, String> groups = groups(40, groupCount);
			HashRing<String> ring = build(HashRing.empty(8), groups.keySet(), groups);
			ReferenceRing reference = new ReferenceRing(8, groups);
			for (long keyHash : Arrays.copyOf(interestingKeyHashes(reference), 2_000)) {
				for (int count = 1; count <= 42; count += 4) {
					assertThat(ring.findMulti(count, keyHash)).as("replicas of %x", keyHash)
						.isEqualTo(reference.findMulti(count, keyHash));
				}
			}
		}
	}

	@Test
	void withReplacesMemberWithSameId() {
		Map<String, String> groups = groups(10, 3);
		HashRing<String> ring = build(HashRing.empty(), groups.keySet(), groups);
		HashRing<String> replaced = ring.with("svc-3", "other-node", "replacement");
		assertThat(replaced.size()).isEqualTo(10);
		assertThat(replaced.checksum()).isEqualTo(ring.checksum());
		assertThat(replaced.values()).contains("replacement").doesNotContain("svc-3");
		assertThat(ring.values()).contains("svc-3");
		for (long keyHash : Arrays.copyOf(KEY_HASHES, 20_000)) {
			String owner = ring.find(keyHash);
			assertThat(replaced.find(keyHash)).isEqualTo("svc-3".equals(owner) ? "replacement" : owner);
		}
		assertThat(replaced.findMulti(10, KEY_HASHES[0])).contains("replacement").hasSize(10);
	}

	@Test
	void withSameMemberReturnsSameRing() {
		HashRing<String> ring = HashRing.<String>empty().with("a", "g", "a");
		assertThat(ring.with("a", "g", "a")).isSameAs(ring);
	}

	@Test
	void withRejectsNullArguments() {
		HashRing<String> ring = HashRing.empty();
		assertThatExceptionOfType(NullPointerException.class).isThrownBy(() -> ring.with(nullString(), "g", "v"));
		assertThatExceptionOfType(NullPointerException.class).isThrownBy(() -> ring.with("a", nullString(), "v"));
		assertThatExceptionOfType(NullPointerException.class).isThrownBy(() -> ring.with("a", "g", nullString()));
	}

	@Test
	void withoutAbsentMemberReturnsSameRing() {
		HashRing<String> ring = HashRing.<String>empty().with("a", "g", "a");
		assertThat(ring.without("b")).isSameAs(ring);
	}

	@Test
	void withoutLastMemberReturnsEmptyRing() {
		HashRing<String> ring = HashRing.<String>empty(16).with("a", "g", "a").without("a");
		assertThat(ring.size()).isZero();
		assertThat(ring.find(0)).isNull();
		assertThat(ring.findMulti(2, 0)).isEmpty();
		assertThat(ring.checksum()).isZero();
		assertThat(ring.with("b", "g", "b").pointCount()).isEqualTo(16);
	}

	@Test
	void lookupsAreIndependentOfInsertionOrder() {
		Map<String, String> groups = groups(50, 7);
		List<String> ids = new ArrayList<>(groups.keySet());
		List<HashRing<String>> rings = new ArrayList<>();
		for (int seed = 0; seed < 5; seed++) {
			Collections.shuffle(ids, new Random(seed));
			rings.add(build(HashRing.empty(), ids, groups));
		}
		HashRing<String> churned = HashRing.empty();
		for (int i = 0; i < 30; i++) {
			churned = churned.with("extra-" + i, "node-x", "extra-" + i);
		}
		churned = build(churned, ids.subList(0, 40), groups);
		for (int i = 0; i < 30; i += 2) {
			churned = churned.without("extra-" + i);
		}
		churned = churned.without(ids.get(3)).without(ids.get(17));
		churned = build(churned, ids, groups);
		for (int i = 1; i < 30; i += 2) {
			churned = churned.without("extra-" + i);
		}
		churned = churned.with(ids.get(5), "node-x", "changed").with(ids.get(5), groups.get(ids.get(5)), ids.get(5));
		rings.add(churned);
		rings.add(HashRing.of(HashRing.POINTS_PER_MEMBER, members(groups)));
		HashRing<String> expected = rings.get(0);
		for (HashRing<String> ring : rings) {
			assertThat(ring.size()).isEqualTo(50);
			assertThat(ring.values()).isEqualTo(expected.values());
			assertThat(ring.checksum()).isEqualTo(expected.checksum());
			for (int i = 0; i < 100_000; i++) {
				long keyHash = KEY_HASHES[i];
				assertThat(ring.find(keyHash)).isEqualTo(expected.find(keyHash));
				assertThat(ring.findMulti(3, keyHash)).isEqualTo(expected.findMulti(3, keyHash));
			}
		}
	}

	@Test
	void joiningMemberOnlyTakesKeysFromOtherMembers() {
		HashRing<String> ring = HashRing.<String>empty().with("svc-0", "node-0", "svc-0");
		String[] owners = findAll(ring);
		for (int i = 1; i < 20; i++) {
			String joined = "svc-" + i;
			ring = ring.with(joined, "node-" + (i % 3), joined);
			String[] newOwners = findAll(ring);
			int moved = 0;
			for (int k = 0; k < owners.length; k++) {
				if (!newOwners[k].equals(owners[k])) {
					assertThat(newOwners[k]).isEqualTo(joined);
					moved++;
				}
			}
			assertThat(moved).isPositive();
			owners = newOwners;
		}
	}

	@Test
	void leavingMemberOnlyReleasesItsKeys() {
		Map<String, String> groups = groups(20, 3);
		HashRing<String> ring = build(HashRing.empty(), groups.keySet(), groups);
		String[] owners = findAll(ring);
		for (int i = 19; i > 0; i--) {
			String left = "svc-" + i;
			ring = ring.without(left);
			String[] newOwners = findAll(ring);
			for (int k = 0; k < owners.length; k++) {
				if (!newOwners[k].equals(owners[k])) {
					assertThat(owners[k]).isEqualTo(left);
				}
				assertThat(newOwners[k]).isNotEqualTo(left);
			}
			owners = newOwners;
		}
		assertThat(owners).containsOnly("svc-0");
	}

	@Test
	void sharesAreBalancedWithHundredMembers() {
		Map<String, String> groups = groups(100, 10);
		HashRing<String> ring = build(HashRing.empty(), groups.keySet(), groups);
		assertThat(maxToMeanShare(ring.shares())).isLessThanOrEqualTo(1.07);
	}

	@Test
	void sharesAreBalancedWithThousandMembers() {
		HashRing<String> ring = HashRing.of(HashRing.POINTS_PER_MEMBER, members(groups(1000, 10)));
		assertThat(ring.size()).isEqualTo(1000);
		assertThat(maxToMeanShare(ring.shares())).isLessThanOrEqualTo(1.12);
	}

	@Test
	void sharesSumToOneAndMatchSampledOwnership() {
		Map<String, String> groups = groups(8, 2);
		HashRing<String> ring = build(HashRing.empty(64), groups.keySet(), groups);
		double[] shares = ring.shares();
		assertThat(Arrays.stream(shares).sum()).isCloseTo(1.0, within(1e-9));
		Map<String, Integer> owned = new HashMap<>();
		for (long keyHash : KEY_HASHES) {
			owned.merge(ring.find(keyHash), 1, Integer::sum);
		}
		List<String> ids = ring.ids();
		for (int m = 0; m < ids.size(); m++) {
			double sampled = owned.getOrDefault(ids.get(m), 0) / (double) KEY_HASHES.length;
			assertThat(sampled).as(ids.get(m)).isCloseTo(shares[m], within(0.005));
		}
	}

	@Test
	void bulkBuiltRingMatchesIncrementallyBuiltRing() {
		Map<String, String> groups = groups(30, 4);
		HashRing<String> incremental = build(HashRing.empty(100), groups.keySet(), groups);
		HashRing<String> bulk = HashRing.of(100, members(groups));
		assertThat(bulk.values()).isEqualTo(incremental.values());
		assertThat(bulk.checksum()).isEqualTo(incremental.checksum());
		assertThat(bulk.shares()).containsExactly(incremental.shares());
		for (int i = 0; i < 50_000; i++) {
			assertThat(bulk.find(KEY_HASHES[i])).isEqualTo(incremental.find(KEY_HASHES[i]));
			assertThat(bulk.findMulti(4, KEY_HASHES[i])).isEqualTo(incremental.findMulti(4, KEY_HASHES[i]));
		}
	}

	@Test
	void bulkBuildRejectsDuplicateIds() {
		List<HashRing.Member<String>> members = List.of(new HashRing.Member<>("a", "g", "1"),
				new HashRing.Member<>("a", "h", "2"));
		assertThatIllegalArgumentException().isThrownBy(() -> HashRing.of(8, members))
			.withMessageContaining("Duplicate member id 'a'");
	}

	@Test
	void bucketIndexHasFewerThanTwoBucketsPerPoint() {
		HashRing<String> ring = HashRing.empty(3);
		for (int i = 0; i < 300; i++) {
			ring = ring.with("svc-" + i, "node", "svc-" + i);
			assertThat(ring.pointCount()).isEqualTo(3 * (i + 1));
			assertThat(ring.bucketCount()).isLessThan(2 * ring.pointCount()).isGreaterThanOrEqualTo(ring.pointCount());
		}
	}

	@Test
	void keysOfBucketsWithoutPointsGoToTheNextPoint() {
		Map<String, String> groups = groups(40, 5);
		HashRing<String> ring = build(HashRing.empty(1), groups.keySet(), groups);
		ReferenceRing reference = new ReferenceRing(1, groups);
		int bucketBits = Integer.numberOfTrailingZeros(ring.bucketCount());
		assertThat(ring.bucketCount()).isGreaterThan(ring.pointCount());
		for (long bucket = 0; bucket < ring.bucketCount(); bucket++) {
			long first = bucket << (Long.SIZE - bucketBits);
			long last = first + (-1L >>> bucketBits);
			for (long keyHash : new long[] { first, last }) {
				assertThat(ring.find(keyHash)).as("owner of %x", keyHash).isEqualTo(reference.find(keyHash));
				assertThat(ring.findMulti(3, keyHash)).as("replicas of %x", keyHash)
					.isEqualTo(reference.findMulti(3, keyHash));
			}
		}
	}

	@Test
	void findDoesNotAllocate() {
		Map<String, String> groups = groups(50, 5);
		HashRing<String> ring = build(HashRing.empty(), groups.keySet(), groups);
		long length = 0;
		for (long keyHash : KEY_HASHES) {
			length += ring.find(keyHash).length();
		}
		long allocated = allocatedBytes();
		for (long keyHash : KEY_HASHES) {
			length += ring.find(keyHash).length();
		}
		allocated = allocatedBytes() - allocated;
		assertThat(length).isPositive();
		assertThat(allocated).isLessThan(KEY_HASHES.length / 10);
	}

	@Test
	void findMultiRejectsCountBelowOne() {
		HashRing<String> ring = HashRing.<String>empty().with("a", "g", "a");
		assertThatIllegalArgumentException().isThrownBy(() -> ring.findMulti(0, 1))
			.withMessage("count must be at least 1 but was 0");
		assertThatIllegalArgumentException().isThrownBy(() -> HashRing.empty().findMulti(-2, 1))
			.withMessage("count must be at least 1 but was -2");
	}

	@Test
	void findMultiOnEmptyRingReturnsEmptyList() {
		assertThat(HashRing.empty().findMulti(1, 42)).isEmpty();
	}

	@Test
	void findMultiReturnsDistinctMembersUpToCount() {
		Random random = new Random(42);
		for (int round = 0; round < 20; round++) {
			int memberCount = 1 + random.nextInt(12);
			Map<String, String> groups = groups(memberCount, 1 + random.nextInt(5));
			HashRing<String> ring = build(HashRing.empty(32), groups.keySet(), groups);
			for (int count = 1; count <= memberCount + 2; count++) {
				for (int k = 0; k < 200; k++) {
					long keyHash = random.nextLong();
					List<String> replicas = ring.findMulti(count, keyHash);
					assertThat(replicas).hasSize(Math.min(count, memberCount)).doesNotHaveDuplicates();
					assertThat(replicas.get(0)).isEqualTo(ring.find(keyHash));
				}
			}
		}
	}

	@Test
	void findMultiPrefersDistinctGroups() {
		Map<String, String> groups = new TreeMap<>();
		for (int i = 0; i < 15; i++) {
			groups.put("svc-" + i, "node-" + (i % 3));
		}
		HashRing<String> ring = build(HashRing.empty(), groups.keySet(), groups);
		for (int k = 0; k < 10_000; k++) {
			long keyHash = KEY_HASHES[k];
			List<String> three = ring.findMulti(3, keyHash);
			assertThat(three).extracting(groups::get).doesNotHaveDuplicates();
			List<String> five = ring.findMulti(5, keyHash);
			assertThat(five).doesNotHaveDuplicates().startsWith(three.toArray(new String[0]));
			assertThat(five.subList(0, 3)).extracting(groups::get).doesNotHaveDuplicates();
			List<String> all = ring.findMulti(20, keyHash);
			assertThat(all).hasSize(15).doesNotHaveDuplicates().startsWith(five.toArray(new String[0]));
		}
	}

	@Test
	void findMultiFillsFromRingOrderOnceGroupsAreUsedUp() {
		Map<String, String> groups = Map.of("a", "node-1", "b", "node-1", "c", "node-1", "d", "node-2");
		HashRing<String> ring = build(HashRing.empty(), groups.keySet(), groups);
		for (int k = 0; k < 1_000; k++) {
			List<String> replicas = ring.findMulti(3, KEY_HASHES[k]);
			assertThat(replicas).hasSize(3).contains("d").doesNotHaveDuplicates();
			assertThat(replicas.subList(0, 2)).extracting(groups::get).containsExactlyInAnyOrder("node-1", "node-2");
		}
	}

	@Test
	void findMultiStartsWithFind() {
		Map<String, String> groups = groups(25, 4);
		HashRing<String> ring = build(HashRing.empty(), groups.keySet(), groups);
		for (int k = 0; k < 50_000; k++) {
			assertThat(ring.findMulti(3, KEY_HASHES[k]).get(0)).isEqualTo(ring.find(KEY_HASHES[k]));
		}
	}

	@Test
	void findMultiReturnsUnmodifiableList() {
		HashRing<String> ring = HashRing.<String>empty().with("a", "g", "a").with("b", "h", "b");
		List<String> replicas = ring.findMulti(2, 7);
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> replicas.set(0, "c"));
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> replicas.add("c"));
	}

	@Test
	void findMultiIsStableWhenMemberJoinsOrLeaves() {
		Map<String, String> groups = groups(12, 4);
		HashRing<String> ring = build(HashRing.empty(), groups.keySet(), groups);
		HashRing<String> joinedExistingGroup = ring.with("new", "node-1", "new");
		HashRing<String> joinedNewGroup = ring.with("new", "node-new", "new");
		HashRing<String> left = ring.without("svc-5");
		for (int k = 0; k < 50_000; k++) {
			long keyHash = KEY_HASHES[k];
			List<String> before = ring.findMulti(3, keyHash);
			assertReplicasStable(before, joinedExistingGroup.findMulti(3, keyHash), "new");
			assertReplicasStable(before, joinedNewGroup.findMulti(3, keyHash), "new");
			assertReplicasStable(before, left.findMulti(3, keyHash), "svc-5");
		}
	}

	@Test
	void valuesAreOrderedByIdAndUnmodifiable() {
		HashRing<String> ring = HashRing.<String>empty()
			.with("c", "g", "value-c")
			.with("a", "g", "value-a")
			.with("b", "h", "value-b");
		assertThat(ring.values()).containsExactly("value-a", "value-b", "value-c");
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> ring.values().set(0, "other"));
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(() -> ring.values().remove(0));
		assertThat(ring.without("b").values()).containsExactly("value-a", "value-c");
		assertThat(ring.values()).containsExactly("value-a", "value-b", "value-c");
	}

	@Test
	void checksumDependsOnlyOnMemberIds() {
		HashRing<String> ring = HashRing.<String>empty().with("a", "g", "1").with("b", "g", "2");
		HashRing<String> other = HashRing.<String>empty(16).with("b", "x", "3").with("a", "y", "4");
		assertThat(other.checksum()).isEqualTo(ring.checksum());
		HashRing<String> added = ring.with("c", "g", "3");
		assertThat(added.checksum()).isNotEqualTo(ring.checksum());
		assertThat(added.without("c").checksum()).isEqualTo(ring.checksum());
		assertThat(ring.without("a").checksum()).isNotEqualTo(ring.without("b").checksum());
	}

	@Test
	void randomMembershipChangesKeepRingProperties() {
		for (long seed = 0; seed < 30; seed++) {
			Random random = new Random(seed);
			int pointsPerMember = 1 + random.nextInt(64);
			int targetSize = 1 + random.nextInt(200);
			int groupCount = 1 + random.nextInt(12);
			long[] keyHashes = new long[100];
			for (int i = 0; i < keyHashes.length; i++) {
				keyHashes[i] = random.nextLong();
			}
			Map<String, String> groups = new HashMap<>();
			HashRing<String> ring = HashRing.empty(pointsPerMember);
			int operations = targetSize + 50 + random.nextInt(100);
			for (int operation = 0; operation < operations; operation++) {
				boolean join = groups.isEmpty() || (groups.size() < targetSize && random.nextInt(4) != 0);
				String changed;
				HashRing<String> next;
				if (join) {
					changed = "m-" + random.nextInt(100_000);
					String group = "g-" + random.nextInt(groupCount);
					next = ring.with(changed, group, changed);
					if (groups.put(changed, group) != null) {
						for (long keyHash : keyHashes) {
							assertThat(next.find(keyHash)).isEqualTo(ring.find(keyHash));
						}
						ring = next;
						continue;
					}
				}
				else {
					List<String> ids = ring.ids();
					changed = ids.get(random.nextInt(ids.size()));
					next = ring.without(changed);
					groups.remove(changed);
				}
				assertThat(next.size()).isEqualTo(groups.size());
				assertThat(next.contains(changed)).isEqualTo(join);
				int distinctGroups = new HashSet<>(groups.values()).size();
				for (int k = 0; k < keyHashes.length; k++) {
					long keyHash = keyHashes[k];
					String owner = ring.find(keyHash);
					String newOwner = next.find(keyHash);
					if (owner != null && !owner.equals(newOwner)) {
						assertThat(changed).isIn(owner, newOwner);
					}
					if (!ring.values().isEmpty() && !next.values().isEmpty()) {
						assertReplicasStable(ring.findMulti(3, keyHash), next.findMulti(3, keyHash), changed);
					}
					if (k < 20) {
						int count = 1 + random.nextInt(next.size() + 2);
						assertValidReplicas(next, groups, distinctGroups, count, keyHash);
					}
				}
				ring = next;
			}
			List<String> ids = new ArrayList<>(groups.keySet());
			Collections.shuffle(ids, random);
			HashRing<String> rebuilt = build(HashRing.empty(pointsPerMember), ids, groups);
			HashRing<String> bulk = HashRing.of(pointsPerMember, members(groups));
			assertThat(rebuilt.checksum()).isEqualTo(ring.checksum());
			assertThat(rebuilt.values()).isEqualTo(ring.values());
			for (long keyHash : keyHashes) {
				assertThat(rebuilt.find(keyHash)).isEqualTo(ring.find(keyHash));
				assertThat(bulk.find(keyHash)).isEqualTo(ring.find(keyHash));
				assertThat(rebuilt.findMulti(3, keyHash)).isEqualTo(ring.findMulti(3, keyHash));
				assertThat(bulk.findMulti(3, keyHash)).isEqualTo(ring.findMulti(3, keyHash));
			}
		}
	}

	private static void assertReplicasStable(List<String> before, List<String> after, String changed) {
		if (!before.equals(after)) {
			assertThat(before.contains(changed) || after.contains(changed))
				.as("replicas %s became %s without involving %s", before, after, changed)
				.isTrue();
		}
	}

	private static void assertValidReplicas(HashRing<String> ring, Map<String, String> groups, int distinctGroups,
			int count, long keyHash) {
		List<String> replicas = ring.findMulti(count, keyHash);
		assertThat(replicas).hasSize(Math.min(count, ring.size())).doesNotHaveDuplicates();
		if (!replicas.isEmpty()) {
			assertThat(replicas.get(0)).isEqualTo(ring.find(keyHash));
		}
		assertThat(replicas.subList(0, Math.min(replicas.size(), distinctGroups))).extracting(groups::get)
			.doesNotHaveDuplicates();
	}

	private static String[] findAll(HashRing<String> ring) {
		String[] owners = new String[KEY_HASHES.length];
		for (int k = 0; k < KEY_HASHES.length; k++) {
			owners[k] = ring.find(KEY_HASHES[k]);
		}
		return owners;
	}

	private static double maxToMeanShare(double[] shares) {
		double max = Arrays.stream(shares).max().orElseThrow();
		double mean = Arrays.stream(shares).sum() / shares.length;
		return max / mean;
	}

	private static HashRing<String> build(HashRing<String> ring, Iterable<String> ids, Map<String, String> groups) {
		for (String id : ids) {
			ring = ring.with(id, groups.get(id), id);
		}
		return ring;
	}

	private static Map<String, String> groups(int memberCount, int groupCount) {
		Map<String, String> groups = new TreeMap<>();
		for (int i = 0; i < memberCount; i++) {
			groups.put("svc-" + i, "node-" + (i % groupCount));
		}
		return groups;
	}

	private static List<HashRing.Member<String>> members(Map<String, String> groups) {
		List<HashRing.Member<String>> members = new ArrayList<>();
		groups.forEach((id, group) -> members.add(new HashRing.Member<>(id, group, id)));
		return members;
	}

	private static long[] keyHashes(int count) {
		long[] keyHashes = new long[count];
		for (int i = 0; i < count; i++) {
			keyHashes[i] = KeyHasher.hash("key-" + i);
		}
		return keyHashes;
	}

	private static long[] interestingKeyHashes(ReferenceRing reference) {
		List<Long> keyHashes = new ArrayList<>(List.of(0L, 1L, -1L, Long.MIN_VALUE, Long.MAX_VALUE));
		for (long position : reference.positions) {
			keyHashes.add(position);
			keyHashes.add(position - 1);
			keyHashes.add(position + 1);
		}
		for (int i = 0; i < 5_000; i++) {
			keyHashes.add(KEY_HASHES[i]);
		}
		Collections.shuffle(keyHashes, new Random(7));
		return keyHashes.stream().mapToLong(Long::longValue).toArray();
	}

	private static long allocatedBytes() {
		return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
	}

	private static @Nullable String nullString() {
		return null;
	}

	/**
	 * A straightforward ring that follows the definition: sorted points, linear walks,
	 * positions and keys compared on their high {@link HashRing#POSITION_BITS} bits.
	 */
	private static final class ReferenceRing {

		private static final long HIGH_BITS = -1L << (Long.SIZE - HashRing.POSITION_BITS);

		private final long[] positions;

		private final String[] pointOwners;

		private final Map<String, String> groups;

		ReferenceRing(int pointsPerMember, Map<String, String> groups) {
			this.groups = groups;
			record Point(long position, String owner) {
			}
			List<Point> points = new ArrayList<>();
			for (String id : groups.keySet()) {
				long base = KeyHasher.hash(id);
				for (int i = 0; i < pointsPerMember; i++) {
					points.add(new Point(KeyHasher.mix(base + (i + 1) * 0x9E3779B97F4A7C15L) & HIGH_BITS, id));
				}
			}
			points.sort((a, b) -> (a.position() != b.position()) ? Long.compareUnsigned(a.position(), b.position())
					: a.owner().compareTo(b.owner()));
			this.positions = points.stream().mapToLong(Point::position).toArray();
			this.pointOwners = points.stream().map(Point::owner).toArray(String[]::new);
		}

		String find(long keyHash) {
			return this.pointOwners[start(keyHash)];
		}

		List<String> findMulti(int count, long keyHash) {
			int wanted = Math.min(count, this.groups.size());
			int distinctGroups = Math.min(wanted, new HashSet<>(this.groups.values()).size());
			List<String> result = new ArrayList<>();
			Set<String> usedGroups = new HashSet<>();
			int start = start(keyHash);
			for (int step = 0; step < this.positions.length && result.size() < distinctGroups; step++) {
				String owner = this.pointOwners[(start + step) % this.positions.length];
				if (usedGroups.add(this.groups.get(owner))) {
					result.add(owner);
				}
			}
			for (int step = 0; step < this.positions.length && result.size() < wanted; step++) {
				String owner = this.pointOwners[(start + step) % this.positions.length];
				if (!result.contains(owner)) {
					result.add(owner);
				}
			}
			return result;
		}

		private int start(long keyHash) {
			for (int i = 0; i < this.positions.length; i++) {
				if (Long.compareUnsigned(this.positions[i], keyHash & HIGH_BITS) >= 0) {
					return i;
				}
			}
			return 0;
		}

	}

}
