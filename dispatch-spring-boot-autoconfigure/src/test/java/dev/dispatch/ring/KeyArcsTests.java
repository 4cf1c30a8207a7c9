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
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link KeyArcs}.
 *
 * @author Dispatch team
 */
class KeyArcsTests {

	private static final long STEP = KeyArcs.STEP;

	private static final long[] EDGE_KEY_HASHES = { 0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, STEP, -STEP };

	@Test
	void emptyContainsNothing() {
		assertThat(KeyArcs.EMPTY.isEmpty()).isTrue();
		assertThat(KeyArcs.EMPTY.size()).isZero();
		assertThat(KeyArcs.EMPTY.fraction()).isZero();
		for (long keyHash : EDGE_KEY_HASHES) {
			assertThat(KeyArcs.EMPTY.contains(keyHash)).isFalse();
		}
		Random random = new Random(1);
		for (int i = 0; i < 10_000; i++) {
			assertThat(KeyArcs.EMPTY.contains(random.nextLong())).isFalse();
		}
	}

	@Test
	void boundsGoOverTheWireAndBackAndHostileBoundsAreRefused() {
		KeyArcs arcs = KeyArcs.arc(10 * STEP, 20 * STEP).union(KeyArcs.arc(40 * STEP, 45 * STEP));
		assertThat(KeyArcs.ofBounds(arcs.bounds())).isEqualTo(arcs);
		assertThat(KeyArcs.ofBounds(new long[0])).isSameAs(KeyArcs.EMPTY);
		long[] bounds = arcs.bounds();
		assertThatIllegalArgumentException().isThrownBy(() -> KeyArcs.ofBounds(new long[] { bounds[0] }))
			.withMessageContaining("a first and a last key");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> KeyArcs.ofBounds(new long[] { bounds[2], bounds[3], bounds[0], bounds[1] }))
			.withMessageContaining("not after the arc before it");
		assertThatIllegalArgumentException().isThrownBy(() -> KeyArcs.ofBounds(new long[] { bounds[1], bounds[0] }));
		assertThatIllegalArgumentException().isThrownBy(() -> KeyArcs.ofBounds(new long[] { 1, STEP * 2 }));
	}

	@Test
	void arcExcludesItsStartAndIncludesItsEnd() {
		KeyArcs arcs = KeyArcs.arc(10 * STEP, 20 * STEP);
		assertThat(arcs.size()).isOne();
		assertThat(arcs.isEmpty()).isFalse();
		assertThat(arcs.contains(10 * STEP)).isFalse();
		assertThat(arcs.contains(11 * STEP - 1)).isFalse();
		assertThat(arcs.contains(11 * STEP)).isTrue();
		assertThat(arcs.contains(20 * STEP)).isTrue();
		assertThat(arcs.contains(21 * STEP - 1)).isTrue();
		assertThat(arcs.contains(21 * STEP)).isFalse();
		assertThat(arcs.fraction()).isEqualTo(10.0 * STEP / 0x1p64);
	}

	@Test
	void arcThatWrapsIsSplitInTwo() {
		KeyArcs arcs = KeyArcs.arc(-10 * STEP, 5 * STEP);
		assertThat(arcs.size()).isEqualTo(2);
		assertThat(arcs.contains(-10 * STEP)).isFalse();
		assertThat(arcs.contains(-9 * STEP)).isTrue();
		assertThat(arcs.contains(-1)).isTrue();
		assertThat(arcs.contains(0)).isTrue();
		assertThat(arcs.contains(5 * STEP)).isTrue();
		assertThat(arcs.contains(6 * STEP)).isFalse();
		assertThat(arcs.contains(Long.MIN_VALUE)).isFalse();
		assertThat(arcs.contains(Long.MAX_VALUE)).isFalse();
		assertThat(arcs.fraction()).isEqualTo(15.0 * STEP / 0x1p64);
	}

	@Test
	void arcFromAKeyToItselfIsTheWholeSpace() {
		KeyArcs arcs = KeyArcs.arc(12345, 12345);
		assertThat(arcs.size()).isOne();
		assertThat(arcs.fraction()).isEqualTo(1.0);
		for (long keyHash : EDGE_KEY_HASHES) {
			assertThat(arcs.contains(keyHash)).isTrue();
		}
	}

	@Test
	void fractionOfHalfTheSpace() {
		assertThat(KeyArcs.arc(0, Long.MIN_VALUE).fraction()).isEqualTo(0.5);
		assertThat(KeyArcs.arc(Long.MIN_VALUE, 0).fraction()).isEqualTo(0.5);
		assertThat(KeyArcs.arc(-1, Long.MAX_VALUE).fraction()).isEqualTo(0.5);
	}

	@Test
	void unionMergesAdjacentArcs() {
		KeyArcs union = KeyArcs.arc(10 * STEP, 20 * STEP).union(KeyArcs.arc(20 * STEP, 30 * STEP));
		assertThat(union).isEqualTo(KeyArcs.arc(10 * STEP, 30 * STEP));
		assertThat(union.size()).isOne();
		assertThat(KeyArcs.arc(20 * STEP, 30 * STEP).union(KeyArcs.arc(10 * STEP, 20 * STEP))).isEqualTo(union);
	}

	@Test
	void unionMergesOverlappingArcs() {
		KeyArcs union = KeyArcs.arc(10 * STEP, 25 * STEP).union(KeyArcs.arc(15 * STEP, 30 * STEP));
		assertThat(union).isEqualTo(KeyArcs.arc(10 * STEP, 30 * STEP));
		KeyArcs inner = KeyArcs.arc(10 * STEP, 30 * STEP).union(KeyArcs.arc(15 * STEP, 20 * STEP));
		assertThat(inner).isEqualTo(KeyArcs.arc(10 * STEP, 30 * STEP));
	}

	@Test
	void unionKeepsDisjointArcsApart() {
		KeyArcs union = KeyArcs.arc(10 * STEP, 20 * STEP).union(KeyArcs.arc(21 * STEP, 30 * STEP));
		assertThat(union.size()).isEqualTo(2);
		assertThat(union.contains(21 * STEP)).isFalse();
		assertThat(union.contains(20 * STEP)).isTrue();
		assertThat(union.contains(22 * STEP)).isTrue();
		assertThat(union.fraction()).isEqualTo(19.0 * STEP / 0x1p64);
	}

	@Test
	void unionAcrossTheWrap() {
		KeyArcs union = KeyArcs.arc(-10 * STEP, 5 * STEP).union(KeyArcs.arc(5 * STEP, 8 * STEP));
		assertThat(union).isEqualTo(KeyArcs.arc(-10 * STEP, 8 * STEP));
		assertThat(union.size()).isEqualTo(2);
		KeyArcs whole = KeyArcs.arc(10 * STEP, -10 * STEP).union(KeyArcs.arc(-10 * STEP, 10 * STEP));
		assertThat(whole.size()).isOne();
		assertThat(whole.fraction()).isEqualTo(1.0);
	}

	@Test
	void unionWithEmptyIsTheSameSet() {
		KeyArcs arcs = KeyArcs.arc(10 * STEP, 20 * STEP);
		assertThat(arcs.union(KeyArcs.EMPTY)).isSameAs(arcs);
		assertThat(KeyArcs.EMPTY.union(arcs)).isSameAs(arcs);
		assertThat(KeyArcs.EMPTY.union(KeyArcs.EMPTY)).isSameAs(KeyArcs.EMPTY);
	}

	@Test
	void unionMatchesContainsOfEitherSet() {
		Random random = new Random(3);
		for (int round = 0; round < 50; round++) {
			KeyArcs left = randomArcs(random);
			KeyArcs right = randomArcs(random);
			KeyArcs union = left.union(right);
			assertThat(union).isEqualTo(right.union(left));
			for (int i = 0; i < 2_000; i++) {
				long keyHash = (random.nextInt(200) - 100) * STEP + random.nextInt((int) STEP);
				assertThat(union.contains(keyHash)).isEqualTo(left.contains(keyHash) || right.contains(keyHash));
			}
		}
	}

	@Test
	void containsDoesNotAllocate() {
		KeyArcs arcs = KeyArcs.EMPTY;
		Random random = new Random(5);
		for (int i = 0; i < 1_000; i++) {
			long start = random.nextLong();
			arcs = arcs.union(KeyArcs.arc(start, start + STEP + (random.nextLong() >>> 9)));
		}
		long[] keyHashes = random.longs(100_000).toArray();
		int count = 0;
		for (long keyHash : keyHashes) {
			count += arcs.contains(keyHash) ? 1 : 0;
		}
		long allocated = allocatedBytes();
		for (long keyHash : keyHashes) {
			count += arcs.contains(keyHash) ? 1 : 0;
		}
		allocated = allocatedBytes() - allocated;
		assertThat(count).isBetween(1, 2 * keyHashes.length - 1);
		assertThat(allocated).isLessThan(keyHashes.length / 10);
	}

	@Test
	void toStringIsShort() {
		assertThat(KeyArcs.EMPTY).hasToString("KeyArcs[arcs=0, fraction=0.0]");
		assertThat(KeyArcs.arc(0, Long.MIN_VALUE)).hasToString("KeyArcs[arcs=1, fraction=0.5]");
	}

	/**
	 * Return a union of a few arcs near the key hash 0, some of them wrapping.
	 */
	private static KeyArcs randomArcs(Random random) {
		KeyArcs arcs = KeyArcs.EMPTY;
		for (int i = random.nextInt(6); i > 0; i--) {
			long start = (random.nextInt(200) - 100) * STEP;
			arcs = arcs.union(KeyArcs.arc(start, start + (1 + random.nextInt(40)) * STEP));
		}
		return arcs;
	}

	private static long allocatedBytes() {
		return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
	}

}
