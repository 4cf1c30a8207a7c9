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

import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.util.ClassUtils;

import dev.dispatch.DispatchException;

/**
 * Turns messages and replies into JSON bytes labelled with their class, and back. A class
 * is only rebuilt from bytes when it is {@link TrustedTypes trusted}; no Java
 * serialization is involved.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
public final class MessageCodec {

	static final String NULL_TYPE = "";

	private final JsonMapper mapper;

	private final TrustedTypes trustedTypes;

	private final @Nullable ClassLoader classLoader;

	public MessageCodec(JsonMapper mapper, TrustedTypes trustedTypes, @Nullable ClassLoader classLoader) {
		this.mapper = mapper;
		this.trustedTypes = trustedTypes;
		this.classLoader = classLoader;
	}

	/**
	 * Create a codec with the mapper that Dispatch uses between nodes.
	 * @param trustedTypes the classes that may be rebuilt
	 * @param classLoader the class loader for the classes that arrive
	 * @return the codec
	 */
	public static MessageCodec create(TrustedTypes trustedTypes, @Nullable ClassLoader classLoader) {
		ClassLoader loader = (classLoader != null) ? classLoader : MessageCodec.class.getClassLoader();
		return new MessageCodec(MessageMapper.create(trustedTypes, loader), trustedTypes, classLoader);
	}

	public TrustedTypes getTrustedTypes() {
		return this.trustedTypes;
	}

	static String typeName(@Nullable Object value) {
		if (value == null) {
			return NULL_TYPE;
		}
		if (value instanceof List) {
			return "java.util.List";
		}
		if (value instanceof Set) {
			return "java.util.Set";
		}
		if (value instanceof Map) {
			return "java.util.Map";
		}
		if (value instanceof Enum<?> constant) {
			return constant.getDeclaringClass().getName();
		}
		return value.getClass().getName();
	}

	byte[] encode(@Nullable Object value) {
		if (value == null) {
			return new byte[0];
		}
		try {
			return this.mapper.writeValueAsBytes(value);
		}
		catch (JacksonException ex) {
			throw new DispatchException(
					"A " + value.getClass().getName() + " cannot be sent to another node: " + ex.getOriginalMessage(),
					ex);
		}
	}

	/**
	 * Encode a message or a reply for another node, refusing one larger than a limit.
	 * @param value the message or reply
	 * @param maxSize the largest number of bytes it may take
	 * @return its bytes
	 * @throws DispatchException if it cannot be encoded or exceeds the limit
	 */
	byte[] encode(Object value, int maxSize) {
		byte[] payload = encode(value);
		if (payload.length > maxSize) {
			throw new DispatchException("A " + value.getClass().getName() + " of " + payload.length
					+ " bytes exceeds dispatch.registry.max-message-size (" + maxSize + " bytes)");
		}
		return payload;
	}

	/**
	 * Rebuild a message that arrived from another node.
	 * @param typeName the class name given by the sender
	 * @param bytes the JSON bytes
	 * @param sender the sending node, for the error message
	 * @return the message
	 * @throws DispatchException if the class is not trusted or the bytes do not fit it
	 */
	@Nullable Object decode(String typeName, byte[] bytes, String sender) {
		if (typeName.equals(NULL_TYPE)) {
			return null;
		}
		return read(bytes, resolveTrusted(typeName, sender));
	}

	/**
	 * Rebuild a reply as the type the caller expects.
	 * @param typeName the class name given by the replying node
	 * @param bytes the JSON bytes
	 * @param replyType what the caller asked for
	 * @param sender the replying node, for the error message
	 * @return the reply
	 */
	<R> @Nullable R decodeReply(String typeName, byte[] bytes, Class<R> replyType, String sender) {
		if (typeName.equals(NULL_TYPE)) {
			return null;
		}
		Class<?> target = ClassUtils.resolvePrimitiveIfNecessary(replyType);
		if (target == Object.class || target.isInterface() || Modifier.isAbstract(target.getModifiers())) {
			Class<?> sent = resolveTrusted(typeName, sender);
			if (target.isAssignableFrom(sent)) {
				target = sent;
			}
		}
		@SuppressWarnings("unchecked")
		R reply = (R) ClassUtils.resolvePrimitiveIfNecessary(replyType).cast(read(bytes, target));
		return reply;
	}

	private Class<?> resolveTrusted(String typeName, String sender) {
		if (!this.trustedTypes.isTrusted(typeName)) {
			throw new UntrustedTypeException(typeName, sender);
		}
		try {
			return ClassUtils.forName(typeName, this.classLoader);
		}
		catch (ClassNotFoundException | LinkageError ex) {
			throw new DispatchException("Class " + typeName + " sent by node " + sender + " is not known here", ex);
		}
	}

	private Object read(byte[] bytes, Class<?> type) {
		try {
			return this.mapper.readValue(bytes, type);
		}
		catch (JacksonException ex) {
			throw new DispatchException(
					"The bytes sent as a " + type.getName() + " could not be read: " + ex.getOriginalMessage(), ex);
		}
	}

	/**
	 * Thrown when a class that is not trusted arrives from another node.
	 */
	static final class UntrustedTypeException extends DispatchException {

		UntrustedTypeException(String typeName, String sender) {
			super("Refused to rebuild a " + typeName + " sent by node " + sender
					+ ": it is not a trusted type; add its package to dispatch.serialization.trusted-packages");
		}

	}

}
