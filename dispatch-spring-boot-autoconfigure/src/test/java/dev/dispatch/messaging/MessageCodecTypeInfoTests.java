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

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.dispatch.DispatchException;
import dev.dispatch.messaging.evil.EvilCommand;
import dev.dispatch.messaging.evil.Tripwire;
import dev.dispatch.messaging.trusted.Box;
import dev.dispatch.messaging.trusted.Envelope;
import dev.dispatch.messaging.trusted.Ping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for how {@link MessageCodec} treats class names inside a message's JSON.
 *
 * @author Dispatch team
 */
class MessageCodecTypeInfoTests {

	private static final String EVIL = EvilCommand.class.getName();

	private final MessageCodec codec = MessageCodecLimitsTests.codec();

	@BeforeEach
	void resetEvil() {
		EvilCommand.built.set(0);
	}

	private @Nullable Object decode(String typeName, String json) {
		return this.codec.decode(typeName, json.getBytes(StandardCharsets.UTF_8), "node-1");
	}

	@Test
	void typeInfoOfAnUntrustedClassInATrustedTypeIsRefusedAndNeverBuilt() {
		assertThatExceptionOfType(DispatchException.class)
			.isThrownBy(() -> decode(Envelope.class.getName(), "{\"command\":{\"@class\":\"" + EVIL + "\"}}"))
			.withMessageContaining(EVIL);
		assertThat(EvilCommand.built).hasValue(0);
	}

	@Test
	void typeInfoOfAnUntrustedArrayInATrustedTypeIsRefused() {
		assertThatExceptionOfType(DispatchException.class)
			.isThrownBy(() -> decode(Envelope.class.getName(), "{\"command\":{\"@class\":\"[L" + EVIL + ";\"}}"));
		assertThat(EvilCommand.built).hasValue(0);
	}

	@Test
	void anUntrustedClassNamedAsATypeParameterIsNeverLoadedNorInitialized() {
		String initialized = "dev.dispatch.messaging.evil.Initialized";
		assertThatExceptionOfType(DispatchException.class).isThrownBy(() -> decode(Envelope.class.getName(),
				"{\"command\":{\"@class\":\"java.util.List<" + initialized + ">\"}}"));
		assertThatExceptionOfType(DispatchException.class).isThrownBy(() -> decode(Envelope.class.getName(),
				"{\"command\":{\"@class\":\"" + Ping.class.getName() + "<" + initialized + ">\"}}"));
		assertThat(Tripwire.tripped).hasValue(0);
	}

	@Test
	void typeInfoOfATrustedClassIsStillRead() {
		Object envelope = decode(Envelope.class.getName(),
				"{\"command\":{\"@class\":\"" + Ping.class.getName() + "\",\"text\":\"hi\"}}");
		assertThat(envelope).isEqualTo(new Envelope(new Ping("hi")));
	}

	@Test
	void classPropertyOnAnObjectFieldIsOnlyData() {
		Object box = decode(Box.class.getName(), "{\"value\":{\"@class\":\"" + EVIL + "\"}}");
		assertThat(box).isEqualTo(new Box(Map.of("@class", EVIL)));
		assertThat(EvilCommand.built).hasValue(0);
	}

	@Test
	void untrustedClassLabelIsRefused() {
		assertThatExceptionOfType(MessageCodec.UntrustedTypeException.class).isThrownBy(() -> decode(EVIL, "{}"))
			.withMessageContaining(EVIL)
			.withMessageContaining("dispatch.serialization.trusted-packages");
		assertThat(EvilCommand.built).hasValue(0);
	}

}
