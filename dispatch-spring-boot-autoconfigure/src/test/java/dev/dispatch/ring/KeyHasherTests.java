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
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link KeyHasher}.
 *
 * @author Dispatch team
 */
class KeyHasherTests {

	@Test
	void hashOfStringIsPinned() {
		assertThat(KeyHasher.hash("file-123.png")).isEqualTo(0x5477D7DF299128DCL);
	}

	@Test
	void hashOfIntegerIsPinned() {
		assertThat(KeyHasher.hash(42)).isEqualTo(0x198BB77258AEA8F4L);
	}

	@Test
	void hashOfUuidIsPinned() {
		UUID uuid = UUID.fromString("123e4567-e89b-12d3-a456-426614174000");
		assertThat(KeyHasher.hash(uuid)).isEqualTo(0x31EA8E0E07BE12DDL);
	}

	@Test
	void hashOfListIsPinned() {
		assertThat(KeyHasher.hash(List.of("abc", 1))).isEqualTo(0x2C58EBFB461CA289L);
	}

	@Test
	void hashOfByteArrayIsPinned() {
		assertThat(KeyHasher.hash(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9 })).isEqualTo(0xFFCBCE0D73E4EFB8L);
	}

	@Test
	void hashOfDoubleIsPinned() {
		assertThat(KeyHasher.hash(1.5d)).isEqualTo(0xBA411FE7E46AFCE5L);
	}

	@Test
	void mixMatchesSplitMix64Finaliser() {
		assertThat(KeyHasher.mix(0x9E3779B97F4A7C15L)).isEqualTo(0xE220A8397B1DCDAFL);
		assertThat(KeyHasher.mix(0x3C6EF372FE94F82AL)).isEqualTo(0x6E789E6AA1B965F4L);
	}

	@Test
	void hashIsRepeatable() {
		assertThat(KeyHasher.hash(new String("abc".toCharArray()))).isEqualTo(KeyHasher.hash("abc"));
		assertThat(KeyHasher.hash(new byte[] { 1, 2 })).isEqualTo(KeyHasher.hash(new byte[] { 1, 2 }));
		assertThat(KeyHasher.hash(new ArrayList<>(List.of("a", 2)))).isEqualTo(KeyHasher.hash(List.of("a", 2)));
	}

	@Test
	void integralNumbersWithEqualValueHashEqually() {
		long expected = KeyHasher.hash(1);
		assertThat(KeyHasher.hash(1L)).isEqualTo(expected);
		assertThat(KeyHasher.hash((short) 1)).isEqualTo(expected);
		assertThat(KeyHasher.hash((byte) 1)).isEqualTo(expected);
		assertThat(KeyHasher.hash(new AtomicInteger(1))).isEqualTo(expected);
		assertThat(KeyHasher.hash(new AtomicLong(1))).isEqualTo(expected);
		assertThat(KeyHasher.hash(BigInteger.ONE)).isEqualTo(expected);
		assertThat(KeyHasher.hash(2)).isNotEqualTo(expected);
	}

	@Test
	void bigIntegerInLongRangeHashesLikeLong() {
		assertThat(KeyHasher.hash(BigInteger.valueOf(Long.MAX_VALUE))).isEqualTo(KeyHasher.hash(Long.MAX_VALUE));
		assertThat(KeyHasher.hash(BigInteger.valueOf(Long.MIN_VALUE))).isEqualTo(KeyHasher.hash(Long.MIN_VALUE));
		assertThat(KeyHasher.hash(BigInteger.valueOf(-1))).isEqualTo(KeyHasher.hash(-1));
	}

	@Test
	void bigIntegerOutsideLongRangeHashesByValue() {
		BigInteger large = BigInteger.ONE.shiftLeft(64);
		assertThat(KeyHasher.hash(large)).isEqualTo(KeyHasher.hash(new BigInteger("18446744073709551616")));
		assertThat(KeyHasher.hash(large)).isNotEqualTo(KeyHasher.hash(large.add(BigInteger.ONE)));
		assertThat(KeyHasher.hash(large)).isNotEqualTo(KeyHasher.hash(0));
		assertThat(KeyHasher.hash(large)).isNotEqualTo(KeyHasher.hash(large.toByteArray()));
	}

	@Test
	void floatingNumbersWithEqualValueHashEqually() {
		assertThat(KeyHasher.hash(1.5f)).isEqualTo(KeyHasher.hash(1.5d));
		assertThat(KeyHasher.hash(-0.0d)).isEqualTo(KeyHasher.hash(0.0d));
		assertThat(KeyHasher.hash(-0.0f)).isEqualTo(KeyHasher.hash(0.0d));
		assertThat(KeyHasher.hash(Float.NaN)).isEqualTo(KeyHasher.hash(Double.NaN));
		assertThat(KeyHasher.hash(Double.longBitsToDouble(0x7FF8000000000001L))).isEqualTo(KeyHasher.hash(Double.NaN));
		assertThat(KeyHasher.hash(1.5d)).isNotEqualTo(KeyHasher.hash(2.5d));
	}

	@Test
	void floatingNumberDiffersFromIntegralNumber() {
		assertThat(KeyHasher.hash(1.0d)).isNotEqualTo(KeyHasher.hash(1));
		assertThat(KeyHasher.hash(0.0d)).isNotEqualTo(KeyHasher.hash(0));
	}

	@Test
	void bigDecimalIgnoresTrailingZeros() {
		assertThat(KeyHasher.hash(new BigDecimal("1.0"))).isEqualTo(KeyHasher.hash(new BigDecimal("1.00")));
		assertThat(KeyHasher.hash(new BigDecimal("1.0"))).isEqualTo(KeyHasher.hash(BigDecimal.ONE));
		assertThat(KeyHasher.hash(new BigDecimal("0.000"))).isEqualTo(KeyHasher.hash(BigDecimal.ZERO));
		assertThat(KeyHasher.hash(new BigDecimal("100"))).isEqualTo(KeyHasher.hash(new BigDecimal("1E+2")));
		assertThat(KeyHasher.hash(new BigDecimal("1.5"))).isNotEqualTo(KeyHasher.hash(new BigDecimal("15")));
		assertThat(KeyHasher.hash(new BigDecimal("123456789012345678901234567890.5")))
			.isEqualTo(KeyHasher.hash(new BigDecimal("123456789012345678901234567890.50")));
	}

	@Test
	void bigDecimalDiffersFromOtherNumbers() {
		assertThat(KeyHasher.hash(BigDecimal.ONE)).isNotEqualTo(KeyHasher.hash(1));
		assertThat(KeyHasher.hash(new BigDecimal("1.5"))).isNotEqualTo(KeyHasher.hash(1.5d));
	}

	@Test
	void stringDiffersFromNumber() {
		assertThat(KeyHasher.hash("1")).isNotEqualTo(KeyHasher.hash(1));
	}

	@Test
	void stringLengthIsPartOfHash() {
		assertThat(KeyHasher.hash("a")).isNotEqualTo(KeyHasher.hash("a\0"));
		assertThat(KeyHasher.hash("abcd")).isNotEqualTo(KeyHasher.hash("abcd\0"));
		assertThat(KeyHasher.hash(List.of(""))).isNotEqualTo(KeyHasher.hash(List.of("\0")));
	}

	@Test
	void stringDiffersFromByteArrayAndEnumWithSameContent() {
		assertThat(KeyHasher.hash("A")).isNotEqualTo(KeyHasher.hash(new byte[] { 'A', 0 }));
		assertThat(KeyHasher.hash("SECONDS")).isNotEqualTo(KeyHasher.hash(TimeUnit.SECONDS));
	}

	@Test
	void byteArrayLengthIsPartOfHash() {
		assertThat(KeyHasher.hash(new byte[] { 1 })).isNotEqualTo(KeyHasher.hash(new byte[] { 1, 0 }));
		assertThat(KeyHasher.hash(new byte[8])).isNotEqualTo(KeyHasher.hash(new byte[9]));
		assertThat(KeyHasher.hash(List.of(new byte[0]))).isNotEqualTo(KeyHasher.hash(List.of(new byte[1])));
	}

	@Test
	void uuidHashesByValue() {
		UUID uuid = UUID.randomUUID();
		assertThat(KeyHasher.hash(new UUID(uuid.getMostSignificantBits(), uuid.getLeastSignificantBits())))
			.isEqualTo(KeyHasher.hash(uuid));
		assertThat(KeyHasher.hash(new UUID(1, 2))).isNotEqualTo(KeyHasher.hash(new UUID(2, 1)));
	}

	@Test
	void enumHashesByName() {
		assertThat(KeyHasher.hash(Color.RED)).isEqualTo(KeyHasher.hash(Signal.RED));
		assertThat(KeyHasher.hash(Color.RED)).isNotEqualTo(KeyHasher.hash(Color.GREEN));
		assertThat(KeyHasher.hash(Signal.GREEN)).isEqualTo(KeyHasher.hash(Color.GREEN));
	}

	@Test
	void listHashDependsOnOrder() {
		assertThat(KeyHasher.hash(List.of("a", "b"))).isNotEqualTo(KeyHasher.hash(List.of("b", "a")));
	}

	@Test
	void listHashDependsOnElementsNotListType() {
		assertThat(KeyHasher.hash(new LinkedList<>(List.of("a", 1)))).isEqualTo(KeyHasher.hash(List.of("a", 1)));
		assertThat(KeyHasher.hash(List.of(List.of("a"), "b"))).isNotEqualTo(KeyHasher.hash(List.of("a", "b")));
		assertThat(KeyHasher.hash(List.of(List.of()))).isNotEqualTo(KeyHasher.hash(List.of(List.of(List.of()))));
	}

	@Test
	void recordHashesByComponentValues() {
		assertThat(KeyHasher.hash(new Point("a", 1))).isEqualTo(KeyHasher.hash(new Point("a", 1L)));
		assertThat(KeyHasher.hash(new Point("a", 1))).isNotEqualTo(KeyHasher.hash(new Point("a", 2)));
	}

	@Test
	void recordDiffersFromListOfItsComponents() {
		assertThat(KeyHasher.hash(new Point("a", 1))).isNotEqualTo(KeyHasher.hash(List.of("a", 1)));
	}

	@Test
	void recordNestedInListIsSupported() {
		long hash = KeyHasher.hash(List.of(new Point("a", 1), "b"));
		assertThat(hash).isEqualTo(KeyHasher.hash(List.of(new Point("a", 1), "b")));
		assertThat(hash).isNotEqualTo(KeyHasher.hash(List.of(new Point("a", 2), "b")));
	}

	@Test
	void listNestedInRecordIsSupported() {
		record Route(String service, List<Object> path) {
		}
		assertThat(KeyHasher.hash(new Route("a", List.of(1, new Point("b", 2)))))
			.isEqualTo(KeyHasher.hash(new Route("a", List.of(1L, new Point("b", 2)))));
	}

	@Test
	void nonPublicRecordIsSupported() {
		assertThat(KeyHasher.hash(new PrivatePair(UUID.fromString("123e4567-e89b-12d3-a456-426614174000"), "x")))
			.isEqualTo(KeyHasher.hash(new PrivatePair(UUID.fromString("123e4567-e89b-12d3-a456-426614174000"), "x")));
	}

	@Test
	void recordWithPrimitiveComponentsIsSupported() {
		record Cell(int row, double value, byte[] data) {
		}
		assertThat(KeyHasher.hash(new Cell(1, 1.5, new byte[] { 1 })))
			.isEqualTo(KeyHasher.hash(new Cell(1, 1.5, new byte[] { 1 })));
	}

	@Test
	void nullKeyIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> KeyHasher.hash(nullKey()))
			.withMessageContaining("null key")
			.withMessageContaining("String, Number, UUID, byte[], enum");
	}

	@Test
	void unsupportedTypeIsRejectedWithItsClassName() {
		assertThatIllegalArgumentException().isThrownBy(() -> KeyHasher.hash(new Object()))
			.withMessage("Unsupported key type java.lang.Object: a key must be a String, Number, UUID, byte[], enum, "
					+ "or a List or record of these");
		assertThatIllegalArgumentException().isThrownBy(() -> KeyHasher.hash('c'))
			.withMessageContaining("java.lang.Character");
		assertThatIllegalArgumentException().isThrownBy(() -> KeyHasher.hash(true))
			.withMessageContaining("java.lang.Boolean");
		assertThatIllegalArgumentException().isThrownBy(() -> KeyHasher.hash(new HashSet<>(Set.of("a"))))
			.withMessageContaining("java.util.HashSet");
	}

	@Test
	void unsupportedNumberTypeIsRejectedWithItsClassName() {
		assertThatIllegalArgumentException().isThrownBy(() -> KeyHasher.hash(new LongAdder()))
			.withMessageContaining("java.util.concurrent.atomic.LongAdder")
			.withMessageContaining("Integer");
	}

	@Test
	void unsupportedElementOfListIsRejectedWithItsClassName() {
		assertThatIllegalArgumentException().isThrownBy(() -> KeyHasher.hash(List.of("a", new StringBuilder("b"))))
			.withMessageContaining("java.lang.StringBuilder");
	}

	@Test
	void unsupportedComponentOfRecordIsRejectedWithItsClassName() {
		record Holder(Object value) {
		}
		assertThatIllegalArgumentException().isThrownBy(() -> KeyHasher.hash(new Holder(new Object())))
			.withMessageContaining("java.lang.Object");
	}

	@Test
	void nullElementOfListIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> KeyHasher.hash(Arrays.asList("a", null)))
			.withMessageContaining("null element at index 1");
	}

	@Test
	void nullComponentOfRecordIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> KeyHasher.hash(new Point(nullString(), 1)))
			.withMessageContaining("null value of component 'name'")
			.withMessageContaining(Point.class.getName());
	}

	@Test
	void listThatContainsItselfIsRejected() {
		List<Object> list = new ArrayList<>();
		list.add(list);
		assertThatIllegalArgumentException().isThrownBy(() -> KeyHasher.hash(list))
			.withMessageContaining("nested more than");
	}

	@Test
	void hashesOfSequentialKeysHaveNoCollisionsAndBalancedBits() {
		int count = 100_000;
		Set<Long> hashes = new HashSet<>(count * 2);
		int[] bitCounts = new int[64];
		for (int i = 0; i < count; i++) {
			long hash = KeyHasher.hash("key-" + i);
			hashes.add(hash);
			for (int bit = 0; bit < 64; bit++) {
				bitCounts[bit] += (int) ((hash >>> bit) & 1);
			}
		}
		assertThat(hashes).hasSize(count);
		for (int bit = 0; bit < 64; bit++) {
			assertThat(bitCounts[bit]).as("bit %d", bit).isBetween(49_000, 51_000);
		}
	}

	@Test
	void hashesOfSequentialIntegersHaveNoCollisionsAndBalancedBits() {
		int count = 100_000;
		Set<Long> hashes = new HashSet<>(count * 2);
		int[] bitCounts = new int[64];
		for (int i = 0; i < count; i++) {
			long hash = KeyHasher.hash(i);
			hashes.add(hash);
			for (int bit = 0; bit < 64; bit++) {
				bitCounts[bit] += (int) ((hash >>> bit) & 1);
			}
		}
		assertThat(hashes).hasSize(count);
		for (int bit = 0; bit < 64; bit++) {
			assertThat(bitCounts[bit]).as("bit %d", bit).isBetween(49_000, 51_000);
		}
	}

	@Test
	void hashDoesNotAllocateForSimpleKeys() {
		Object[] keys = { "file-123.png", 42, 42L, (short) 4, (byte) 2, 1.5d, 1.5f, new AtomicLong(7),
				BigInteger.valueOf(12345), UUID.fromString("123e4567-e89b-12d3-a456-426614174000"),
				new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11 }, TimeUnit.SECONDS, Color.RED, Signal.RED };
		int iterations = 20_000;
		long sum = 0;
		for (int i = 0; i < iterations; i++) {
			sum += KeyHasher.hash(keys[i % keys.length]);
		}
		long allocated = allocatedBytes();
		for (int i = 0; i < iterations; i++) {
			sum += KeyHasher.hash(keys[i % keys.length]);
		}
		allocated = allocatedBytes() - allocated;
		assertThat(sum).isNotZero();
		assertThat(allocated).isLessThan(iterations / 10);
	}

	private static long allocatedBytes() {
		return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
	}

	private static @Nullable Object nullKey() {
		return null;
	}

	private static @Nullable String nullString() {
		return null;
	}

	enum Color {

		RED, GREEN

	}

	enum Signal {

		GREEN, RED {
			@Override
			public String toString() {
				return "stop";
			}
		}

	}

	record Point(String name, Number value) {
	}

	private record PrivatePair(UUID id, String label) {
	}

	@Test
	void emptyKeysAreRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> KeyHasher.hash("")).withMessageContaining("empty");
		assertThatIllegalArgumentException().isThrownBy(() -> KeyHasher.hash(new byte[0]))
			.withMessageContaining("empty");
		assertThatIllegalArgumentException().isThrownBy(() -> KeyHasher.hash(List.of())).withMessageContaining("empty");
	}

	@Test
	void keysLongerThanTheLimitAreRejectedWithTheLimit() {
		String longest = "k".repeat(KeyHasher.MAX_KEY_LENGTH);
		KeyHasher.hash(longest);
		KeyHasher.hash(new byte[KeyHasher.MAX_KEY_LENGTH]);
		assertThatIllegalArgumentException().isThrownBy(() -> KeyHasher.hash(longest + "k"))
			.withMessageContaining("1025 characters")
			.withMessageContaining("at most 1024");
		assertThatIllegalArgumentException().isThrownBy(() -> KeyHasher.hash(new byte[KeyHasher.MAX_KEY_LENGTH + 1]))
			.withMessageContaining("1025 bytes");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> KeyHasher.hash(java.util.Collections.nCopies(KeyHasher.MAX_KEY_LENGTH + 1, 1)))
			.withMessageContaining("1025 elements");
		assertThatIllegalArgumentException().isThrownBy(() -> KeyHasher.hash(List.of("a", longest + "k")))
			.withMessageContaining("1025 characters");
	}

}
