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

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.jdk.NumberDeserializers;

/**
 * Reads {@link BigInteger} and {@link BigDecimal} values with a bounded exponent. A short
 * number such as {@code 1e99999} is cheap to parse as a decimal but costs milliseconds
 * and kilobytes to expand into an integer, and leaves a decimal that its user may expand
 * later.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
final class BigNumberDeserializers {

	/**
	 * The largest power of ten by which an exponent may scale a {@link BigInteger}, so
	 * that a short number cannot expand into a long one.
	 */
	static final int MAX_EXPONENT = 100;

	/**
	 * The largest scale, either way, of a {@link BigDecimal}: no finer or coarser than a
	 * plain number of the longest length could be.
	 */
	static final int MAX_SCALE = MessageMapper.MAX_NUMBER_LENGTH;

	private BigNumberDeserializers() {
	}

	private static void checkScale(BigDecimal value, int limit, DeserializationContext ctxt, Class<?> type) {
		if (Math.abs((long) value.scale()) > limit) {
			ctxt.reportInputMismatch(type,
					"the exponent of a " + type.getSimpleName() + " may not exceed " + limit + " either way");
		}
	}

	/**
	 * Reads a {@link BigInteger}, refusing an exponent beyond {@link #MAX_EXPONENT}.
	 */
	static final class BigIntegers extends NumberDeserializers.BigIntegerDeserializer {

		@Override
		public BigInteger deserialize(JsonParser p, DeserializationContext ctxt) {
			if (p.hasToken(JsonToken.VALUE_NUMBER_FLOAT)) {
				checkScale(p.getDecimalValue(), MAX_EXPONENT, ctxt, BigInteger.class);
			}
			return super.deserialize(p, ctxt);
		}

	}

	/**
	 * Reads a {@link BigDecimal}, refusing a scale beyond {@link #MAX_SCALE}.
	 */
	static final class BigDecimals extends NumberDeserializers.BigDecimalDeserializer {

		@Override
		public BigDecimal deserialize(JsonParser p, DeserializationContext ctxt) {
			BigDecimal value = super.deserialize(p, ctxt);
			if (value != null) {
				checkScale(value, MAX_SCALE, ctxt, BigDecimal.class);
			}
			return value;
		}

	}

}
