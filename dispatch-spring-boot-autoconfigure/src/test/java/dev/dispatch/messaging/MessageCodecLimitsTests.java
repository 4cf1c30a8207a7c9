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

package dev.dispatch.messaging;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import dev.dispatch.DispatchException;
import dev.dispatch.messaging.trusted.Point;
import dev.dispatch.messaging.trusted.Shapes;
import dev.dispatch.messaging.trusted.Tally;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for the limits that {@link MessageCodec} puts on what a message may cost to
 * decode.
 *
 * @author Dispatch team
 */
class MessageCodecLimitsTests {

	private static final String SHAPES = Shapes.class.getName();

	private final MessageCodec codec = codec();

	static MessageCodec codec() {
		TrustedTypes trustedTypes = new TrustedTypes();
		trustedTypes.trustPackages(List.of(Shapes.class.getPackageName()));
		return MessageCodec.create(trustedTypes, MessageCodecLimitsTests.class.getClassLoader());
	}

	private @Nullable Object decode(String typeName, String json) {
		return this.codec.decode(typeName, json.getBytes(StandardCharsets.UTF_8), "node-1");
	}

	private void assertRefused(String typeName, String json, String reason) {
		assertThatExceptionOfType(DispatchException.class).isThrownBy(() -> decode(typeName, json))
			.withMessageStartingWith("The bytes sent as a " + typeName + " could not be read")
			.withMessageContaining(reason);
	}

	private static String shapes(String field, String json) {
		return "{\"" + field + "\":" + json + "}";
	}

	private static String collidingPairs(int count) {
		StringJoiner pairs = new StringJoiner(",", "[", "]");
		for (int x = 0; x < count; x++) {
			pairs.add("[" + x + "," + (-31 * x) + "]");
		}
		return pairs.toString();
	}

	private static String collidingPoints(int count) {
		StringJoiner points = new StringJoiner(",", "[", "]");
		for (int x = 0; x < count; x++) {
			points.add("{\"x\":" + x + ",\"y\":" + (-31 * x) + "}");
		}
		return points.toString();
	}

	@Test
	void setOfListsIsRefused() {
		assertRefused("java.util.Set", "[[1,2],[3,4]]", "a set may not hold lists, maps or sets");
	}

	@Test
	void setOfMapsOrSetsIsRefused() {
		assertRefused("java.util.Set", "[{\"a\":1}]", "a set may not hold lists, maps or sets");
		assertRefused("[Ljava.util.Set;", "[[[1]]]", "a set may not hold lists, maps or sets");
	}

	@Test
	void setOfListsInATrustedTypeIsRefused() {
		assertRefused(SHAPES, shapes("pairs", "[[1,2]]"), "a set may not hold lists, maps or sets");
	}

	@Test
	void setOfObjectsHoldingAListInATrustedTypeIsRefused() {
		assertRefused(SHAPES, shapes("things", "[1,\"a\",[2]]"), "a set may not hold lists, maps or sets");
	}

	@Test
	void setOfListsDeepInsideMapsAndListsIsRefused() {
		assertRefused(SHAPES, shapes("nested", "{\"a\":[[1],[{\"b\":2}]]}"), "a set may not hold lists, maps or sets");
	}

	@Test
	void hashCollidingListsOfTheReviewAreRefused() {
		assertRefused("java.util.Set", collidingPairs(40_000), "a set may not hold lists, maps or sets");
	}

	@Test
	void setsOfValuesAndRecordsAreStillRead() {
		assertThat(decode("java.util.Set", "[1,\"a\",true,1.5]")).isEqualTo(Set.of(1, "a", true, 1.5));
		Object shapes = decode(SHAPES, "{\"things\":[1,2],\"points\":[{\"x\":1,\"y\":2}],\"nested\":{\"a\":[[3]]}}");
		assertThat(shapes).isEqualTo(
				new Shapes(null, Set.of(1, 2), Set.of(new Point(1, 2)), Map.of("a", List.of(Set.of(3))), null, null));
	}

	@Test
	void setWhoseElementsShareOneHashCodeBeyondTheLimitIsRefused() {
		int limit = CheckedSetDeserializer.MAX_SAME_HASH_CODE;
		assertThat(decode(SHAPES, shapes("points", collidingPoints(limit)))).isInstanceOf(Shapes.class);
		assertRefused(SHAPES, shapes("points", collidingPoints(limit + 1)),
				"more than " + limit + " elements of a set share one hash code");
		assertRefused(SHAPES, shapes("points", collidingPoints(40_000)),
				"more than " + limit + " elements of a set share one hash code");
	}

	@Test
	void setOfStringsThatShareOneHashCodeBeyondTheLimitIsRefused() {
		StringJoiner strings = new StringJoiner(",", "[", "]");
		for (int i = 0; i < 128; i++) {
			StringBuilder text = new StringBuilder();
			for (int bit = 0; bit < 7; bit++) {
				text.append(((i >> bit) & 1) == 0 ? "Aa" : "BB");
			}
			strings.add("\"" + text + "\"");
		}
		assertRefused("java.util.Set", strings.toString(), "share one hash code");
	}

	@Test
	void mapWhoseKeysShareOneHashCodeBeyondTheLimitIsRefused() {
		assertRefused(Tally.class.getName(), tally(65), "share one hash code");
		assertThat(decode(Tally.class.getName(), tally(64))).isInstanceOfSatisfying(Tally.class,
				(tally) -> assertThat(tally.counts()).hasSize(64));
		assertThat(decode(Tally.class.getName(), "{\"counts\":{\"a\":1,\"b\":2}}"))
			.isEqualTo(new Tally(Map.of(new Tally.Name("a"), 1, new Tally.Name("b"), 2)));
	}

	private static String tally(int keys) {
		StringJoiner counts = new StringJoiner(",", "{\"counts\":{", "}}");
		for (int i = 0; i < keys; i++) {
			StringBuilder text = new StringBuilder();
			for (int bit = 0; bit < 7; bit++) {
				text.append(((i >> bit) & 1) == 0 ? "Aa" : "BB");
			}
			counts.add("\"" + text + "\":" + i);
		}
		return counts.toString();
	}

	@Test
	void bigIntegerWithAHugeExponentIsRefused() {
		assertRefused("java.math.BigInteger", "1e99999", "exponent");
		assertRefused("[Ljava.math.BigInteger;", "[1e99999,1e99999]", "exponent");
		assertRefused(SHAPES, shapes("count", "1e99999"), "exponent");
		assertRefused("java.math.BigInteger", "1e" + (BigNumberDeserializers.MAX_EXPONENT + 1), "exponent");
	}

	@Test
	void bigIntegerWithASmallExponentIsStillRead() {
		assertThat(decode("java.math.BigInteger", "15e2")).isEqualTo(BigInteger.valueOf(1500));
		assertThat(decode("java.math.BigInteger", "1e" + BigNumberDeserializers.MAX_EXPONENT))
			.isEqualTo(BigInteger.TEN.pow(BigNumberDeserializers.MAX_EXPONENT));
	}

	@Test
	void bigDecimalWithAHugeExponentIsRefused() {
		assertRefused("java.math.BigDecimal", "1e99999", "exponent");
		assertRefused("java.math.BigDecimal", "1e-99999", "exponent");
		assertRefused(SHAPES, shapes("amount", "-2.5E+99999"), "exponent");
	}

	@Test
	void bigDecimalWithASmallExponentIsStillRead() {
		assertThat(decode("java.math.BigDecimal", "1.25e-3")).isEqualTo(new BigDecimal("0.00125"));
		assertThat(decode(SHAPES, shapes("amount", "12.5")))
			.isEqualTo(new Shapes(null, null, null, null, null, new BigDecimal("12.5")));
	}

	@Test
	void nestingDeeperThanTheLimitIsRefused() {
		int depth = MessageMapper.MAX_NESTING_DEPTH;
		assertThat(decode("java.util.List", "[".repeat(depth) + "]".repeat(depth))).isInstanceOf(List.class);
		assertRefused("java.util.List", "[".repeat(depth + 1) + "]".repeat(depth + 1), "nesting depth");
		assertRefused("java.util.List", "[".repeat(100_000) + "]".repeat(100_000), "nesting depth");
	}

	@Test
	void numberLongerThanTheLimitIsRefused() {
		assertRefused("java.math.BigInteger", "9".repeat(MessageMapper.MAX_NUMBER_LENGTH + 1), "Number value length");
		assertThat(decode("java.math.BigInteger", "9".repeat(MessageMapper.MAX_NUMBER_LENGTH)))
			.isEqualTo(new BigInteger("9".repeat(MessageMapper.MAX_NUMBER_LENGTH)));
	}

	@Test
	void nameLongerThanTheLimitIsRefused() {
		assertRefused("java.util.Map", "{\"" + "a".repeat(MessageMapper.MAX_NAME_LENGTH + 1) + "\":1}", "Name length");
	}

}
