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

import java.util.Arrays;
import java.util.Random;
import java.util.function.LongSupplier;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link HotKeySketch}: over eight services (a share of 1/64), the hottest keys
 * of a Zipf stream are hot and its ordinary keys are not, no key of a uniform stream is,
 * a lone key is hot from its second message, and a key that cooled down stops being hot.
 *
 * @author Dispatch team
 */
class HotKeySketchTests {

	private static final double SHARE = 1.0 / 64;

	private static final int KEYS = 100_000;

	@Test
	void theHottestKeysOfAZipfStreamAreHotAndItsOrdinaryKeysAreNot() {
		HotKeySketch sketch = new HotKeySketch();
		LongSupplier zipf = zipf(new Random(42), 1.1);
		long[] hotByRank = new long[KEYS];
		long[] seenByRank = new long[KEYS];
		for (int i = 0; i < 200_000; i++) {
			int rank = (int) zipf.getAsLong();
			boolean hot = sketch.recordAndIsHot(hash(rank), SHARE);
			if (i >= 20_000) {
				seenByRank[rank]++;
				hotByRank[rank] += hot ? 1 : 0;
			}
		}
		// rank 0 draws about 13.5 % of the messages, rank 6 about 1.6 %, rank 10 about 1
		// %
		for (int rank = 0; rank < 6; rank++) {
			assertThat((double) hotByRank[rank] / seenByRank[rank]).as("rank %d", rank).isGreaterThan(0.99);
		}
		long ordinaryHot = Arrays.stream(hotByRank, 10, KEYS).sum();
		assertThat(ordinaryHot).as("messages of ordinary keys judged hot").isZero();
	}

	@Test
	void overManyServicesAKeyIsHotFromAShareTheSketchTellsReliably() {
		assertThat(HotKeySketch.shareOfAHotKey(2)).isEqualTo(1.0 / 16);
		assertThat(HotKeySketch.shareOfAHotKey(8)).isEqualTo(1.0 / 64);
		double share = HotKeySketch.shareOfAHotKey(32);
		assertThat(share).isEqualTo(1.0 / 64);
		// a key at three times that share among a million keys drawn uniformly
		HotKeySketch sketch = new HotKeySketch();
		Random random = new Random(5);
		long hot = 0;
		long seen = 0;
		for (int i = 0; i < 400_000; i++) {
			boolean heavy = random.nextDouble() < 3 * share;
			boolean isHot = sketch.recordAndIsHot(heavy ? hash(-7) : hash(random.nextInt(1_000_000)), share);
			if (heavy && i >= 40_000) {
				seen++;
				hot += isHot ? 1 : 0;
			}
		}
		assertThat((double) hot / seen).isGreaterThan(0.99);
	}

	@Test
	void noKeyOfAUniformStreamIsHot() {
		HotKeySketch sketch = new HotKeySketch();
		Random random = new Random(7);
		long hot = 0;
		for (int i = 0; i < 200_000; i++) {
			boolean isHot = sketch.recordAndIsHot(hash(random.nextInt(KEYS)), SHARE);
			if (i >= 100) {
				hot += isHot ? 1 : 0;
			}
		}
		assertThat(hot).isZero();
	}

	@Test
	void aLoneKeyIsHotFromItsSecondMessage() {
		HotKeySketch sketch = new HotKeySketch();
		assertThat(sketch.recordAndIsHot(hash(1), SHARE)).isFalse();
		for (int i = 0; i < 10; i++) {
			assertThat(sketch.recordAndIsHot(hash(1), SHARE)).isTrue();
		}
	}

	@Test
	void aKeyThatCooledDownStopsBeingHot() {
		HotKeySketch sketch = new HotKeySketch();
		Random random = new Random(11);
		for (int i = 0; i < 10_000; i++) {
			sketch.recordAndIsHot((i % 4 == 0) ? hash(-1) : hash(random.nextInt(KEYS)), SHARE);
		}
		assertThat(sketch.recordAndIsHot(hash(-1), SHARE)).isTrue();
		for (int i = 0; i < 8 * HotKeySketch.HALF_LIFE; i++) {
			sketch.recordAndIsHot((i % 4 == 0) ? hash(-2) : hash(random.nextInt(KEYS)), SHARE);
		}
		assertThat(sketch.recordAndIsHot(hash(-1), SHARE)).isFalse();
		assertThat(sketch.recordAndIsHot(hash(-2), SHARE)).isTrue();
	}

	private static long hash(int key) {
		return key * 0x9E3779B97F4A7C15L;
	}

	/**
	 * Ranks from 0 to {@link #KEYS} - 1, drawn with probability proportional to 1 / (rank
	 * + 1)^s.
	 */
	private static LongSupplier zipf(Random random, double s) {
		double[] cumulative = new double[KEYS];
		double sum = 0;
		for (int rank = 0; rank < KEYS; rank++) {
			sum += 1 / Math.pow(rank + 1, s);
			cumulative[rank] = sum;
		}
		double total = sum;
		return () -> {
			int found = Arrays.binarySearch(cumulative, random.nextDouble() * total);
			return (found >= 0) ? found : Math.min(KEYS - 1, -found - 1);
		};
	}

}
