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

import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.type.TypeFactory;

/**
 * Builds the JSON mapper that reads and writes the messages exchanged with other nodes.
 * Its limits bound what a message costs to read, rather than its size, which the
 * transport bounds: nesting depth, number and name length, the exponent of big numbers,
 * and sets and maps whose elements or keys are cheap to make collide. A class named
 * inside the JSON must be trusted like the class that labels the message, and is refused
 * before it is loaded.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
final class MessageMapper {

	/**
	 * How deeply arrays and objects may nest.
	 */
	static final int MAX_NESTING_DEPTH = 64;

	/**
	 * How many characters a number may have.
	 */
	static final int MAX_NUMBER_LENGTH = 1000;

	/**
	 * How many characters a property name or map key may have.
	 */
	static final int MAX_NAME_LENGTH = 50_000;

	private MessageMapper() {
	}

	/**
	 * Build the mapper.
	 * @param trustedTypes the classes that may be rebuilt
	 * @param classLoader where message classes come from
	 * @return the mapper
	 */
	static JsonMapper create(TrustedTypes trustedTypes, ClassLoader classLoader) {
		StreamReadConstraints limits = StreamReadConstraints.builder()
			.maxNestingDepth(MAX_NESTING_DEPTH)
			.maxNumberLength(MAX_NUMBER_LENGTH)
			.maxNameLength(MAX_NAME_LENGTH)
			.build();
		SimpleModule costLimits = new SimpleModule("dispatch-cost-limits")
			.addDeserializer(BigInteger.class, new BigNumberDeserializers.BigIntegers())
			.addDeserializer(BigDecimal.class, new BigNumberDeserializers.BigDecimals())
			.setDeserializerModifier(new CheckedMapDeserializer.Modifier());
		return JsonMapper.builder(JsonFactory.builder().streamReadConstraints(limits).build())
			.enable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
			.polymorphicTypeValidator(new TrustedTypeValidator(trustedTypes))
			.typeFactory(new TrustedTypeFactory(trustedTypes, classLoader))
			.addModule(costLimits)
			.build();
	}

}
