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

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

import com.hazelcast.config.SerializationConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.internal.serialization.Data;
import com.hazelcast.topic.Message;
import com.hazelcast.topic.impl.DataAwareMessage;
import org.jspecify.annotations.Nullable;

/**
 * Reads the {@code byte[]} and {@code String} values that other members put in Dispatch's
 * topics and map, straight from Hazelcast's serialized form, and refuses every other
 * value without deserializing it. Hazelcast's own readers allocate whatever length a
 * value declares and rebuild any type a member chose (nested sets, arrays,
 * Java-serialized objects), so nothing that arrives from another member goes through
 * them.
 * <p>
 * A serialized value is a 4-byte partition hash, a 4-byte type id, then for both types a
 * 4-byte length and exactly that many bytes.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
public final class UntrustedData {

	private static final int TYPE_STRING = -11;

	private static final int TYPE_BYTE_ARRAY = -12;

	private static final int HEADER = 8;

	private final ByteOrder order;

	private UntrustedData(ByteOrder order) {
		this.order = order;
	}

	/**
	 * Return a reader for the values of a member, in its configured byte order.
	 * @param hazelcast the member
	 * @return the reader
	 */
	public static UntrustedData of(HazelcastInstance hazelcast) {
		SerializationConfig serialization = hazelcast.getConfig().getSerializationConfig();
		return new UntrustedData(
				serialization.isUseNativeByteOrder() ? ByteOrder.nativeOrder() : serialization.getByteOrder());
	}

	/**
	 * Return the bytes of a topic message that is a {@code byte[]}.
	 * @param message the message, as the topic delivered it
	 * @return the bytes, or {@code null} if the message is anything else
	 */
	public byte @Nullable [] bytes(Message<?> message) {
		return (message instanceof DataAwareMessage aware) ? bytes(aware.getMessageData()) : null;
	}

	/**
	 * Return the bytes of a serialized {@code byte[]}.
	 * @param data the serialized value
	 * @return the bytes, or {@code null} if the value is anything else or malformed
	 */
	public byte @Nullable [] bytes(@Nullable Data data) {
		ByteBuffer payload = payload(data, TYPE_BYTE_ARRAY);
		if (payload == null) {
			return null;
		}
		byte[] bytes = new byte[payload.remaining()];
		payload.get(bytes);
		return bytes;
	}

	/**
	 * Return the text of a serialized {@code String}.
	 * @param data the serialized value
	 * @return the text, or {@code null} if the value is anything else or not UTF-8
	 */
	public @Nullable String string(@Nullable Data data) {
		ByteBuffer payload = payload(data, TYPE_STRING);
		if (payload == null) {
			return null;
		}
		try {
			return StandardCharsets.UTF_8.newDecoder().decode(payload).toString();
		}
		catch (CharacterCodingException ex) {
			return null;
		}
	}

	private @Nullable ByteBuffer payload(@Nullable Data data, int type) {
		if (data == null || data.totalSize() < HEADER + Integer.BYTES || data.getType() != type) {
			return null;
		}
		ByteBuffer buffer = ByteBuffer.wrap(data.toByteArray()).order(this.order);
		buffer.position(HEADER);
		int length = buffer.getInt();
		if (length != buffer.remaining()) {
			return null;
		}
		return buffer.slice();
	}

}
