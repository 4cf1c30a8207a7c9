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

package dev.dispatch.handoff;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import dev.dispatch.DispatchException;
import dev.dispatch.messaging.FrameHooks;
import dev.dispatch.messaging.GatedMessage;
import dev.dispatch.ring.KeyHasher;

/**
 * The bytes of a copy: a key and its state, each as JSON with its type name, encoded as
 * messages are and decoded with their trust; a backup keeps them as they came.
 *
 * @author Dispatch team
 */
final class CopyCodec {

	private CopyCodec() {
	}

	/**
	 * Encode a key and its state, together no larger than a message may be.
	 */
	static byte[] encode(FrameHooks hooks, Object key, Object state) {
		byte[] keyBytes = hooks.encode(key);
		byte[] stateBytes = hooks.encode(state);
		if (keyBytes.length + stateBytes.length > hooks.maxMessageSize()) {
			throw new DispatchException("a key and its " + state.getClass().getName() + " of "
					+ (keyBytes.length + stateBytes.length) + " bytes exceed dispatch.registry.max-message-size ("
					+ hooks.maxMessageSize() + " bytes)");
		}
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(keyBytes.length + stateBytes.length + 64);
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			out.writeUTF(hooks.typeName(key));
			out.writeInt(keyBytes.length);
			out.write(keyBytes);
			out.writeUTF(hooks.typeName(state));
			out.writeInt(stateBytes.length);
			out.write(stateBytes);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	/**
	 * Rebuild the key that a message routed by key to a service with backups carries.
	 * @return the key, which hashes to the one the message was routed by
	 */
	static Object keyOf(FrameHooks hooks, GatedMessage message) {
		String value = message.keyValue();
		int space = (value != null) ? value.indexOf(' ') : -1;
		if (space < 0) {
			throw new DispatchException("the message did not carry its key");
		}
		Object key = hooks.decode(value.substring(0, space),
				value.substring(space + 1).getBytes(StandardCharsets.UTF_8), hooks.localNode());
		if (key == null || KeyHasher.hash(key) != message.keyHash()) {
			throw new DispatchException("the key the message carried does not hash to the key it was routed by");
		}
		return key;
	}

	/**
	 * Rebuild the key and state of a copy.
	 * @return the key and the state
	 */
	static Object[] decode(FrameHooks hooks, byte[] copy) throws IOException {
		DataInputStream in = new DataInputStream(new ByteArrayInputStream(copy));
		String keyType = in.readUTF();
		byte[] key = in.readNBytes(in.readInt());
		String stateType = in.readUTF();
		byte[] state = in.readNBytes(in.readInt());
		Object decodedKey = hooks.decode(keyType, key, "a backup");
		Object decodedState = hooks.decode(stateType, state, "a backup");
		if (decodedKey == null || decodedState == null) {
			throw new IOException("A copy holds a null key or state");
		}
		return new Object[] { decodedKey, decodedState };
	}

}
