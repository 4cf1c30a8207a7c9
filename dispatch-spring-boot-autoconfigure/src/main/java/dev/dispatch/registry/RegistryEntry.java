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

package dev.dispatch.registry;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.util.Assert;

import dev.dispatch.ServiceInfo;
import dev.dispatch.ServiceRef;
import dev.dispatch.ServiceState;

/**
 * The replicated form of a service: its info, stored as plain bytes so that the map never
 * needs Java serialization. Any member can write the map, so decoding checks everything
 * and refuses what this node would not have written.
 *
 * @author Dispatch team
 */
final class RegistryEntry {

	private static final byte FORMAT = 1;

	static final int MAX_TYPE_LENGTH = 255;

	static final int MAX_ID_LENGTH = 128;

	static final int MAX_METADATA_ENTRIES = 64;

	static final int MAX_METADATA_KEY_LENGTH = 255;

	static final int MAX_METADATA_VALUE_LENGTH = 4096;

	private static final ServiceState[] STATES = ServiceState.values();

	private RegistryEntry() {
	}

	/**
	 * Refuse a node id that no entry could carry.
	 * @param node the node id
	 */
	static void validateNodeId(String node) {
		Assert.isTrue(node.length() <= MAX_ID_LENGTH,
				() -> "The node id must be at most " + MAX_ID_LENGTH + " characters long but was " + node.length());
	}

	static void validateType(String type) {
		Assert.isTrue(type != null && !type.isBlank(), "A service type must not be null or blank");
		Assert.isTrue(type.length() <= MAX_TYPE_LENGTH, () -> "A service type must be at most " + MAX_TYPE_LENGTH
				+ " characters long but was " + type.length());
	}

	static byte[] encode(ServiceInfo info) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			out.writeByte(FORMAT);
			out.writeUTF(info.ref().type());
			out.writeUTF(info.ref().id());
			out.writeUTF(info.ref().node());
			out.writeByte(info.state().ordinal());
			out.writeInt(info.metadata().size());
			for (Map.Entry<String, String> entry : info.metadata().entrySet()) {
				out.writeUTF(entry.getKey());
				out.writeUTF(entry.getValue());
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	/**
	 * Decode an entry.
	 * @param value the entry
	 * @return the service it describes
	 * @throws IllegalArgumentException if the entry is malformed or exceeds a limit
	 */
	static ServiceInfo decode(byte[] value) {
		try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(value))) {
			byte format = in.readByte();
			if (format != FORMAT) {
				throw new IllegalArgumentException("Unknown registry entry format " + format);
			}
			String type = readName(in, "type", MAX_TYPE_LENGTH);
			String id = readName(in, "id", MAX_ID_LENGTH);
			String node = readName(in, "node", MAX_ID_LENGTH);
			int state = in.readByte();
			if (state < 0 || state >= STATES.length) {
				throw new IllegalArgumentException("Unknown service state " + state);
			}
			int size = in.readInt();
			if (size < 0 || size > MAX_METADATA_ENTRIES) {
				throw new IllegalArgumentException("Registry entry has " + size + " metadata entries, at most "
						+ MAX_METADATA_ENTRIES + " allowed");
			}
			Map<String, String> metadata = new LinkedHashMap<>();
			for (int i = 0; i < size; i++) {
				String key = read(in, "metadata key", MAX_METADATA_KEY_LENGTH);
				if (metadata.put(key, read(in, "metadata value", MAX_METADATA_VALUE_LENGTH)) != null) {
					throw new IllegalArgumentException("Registry entry repeats a metadata key");
				}
			}
			if (in.available() > 0) {
				throw new IllegalArgumentException("Registry entry has " + in.available() + " trailing bytes");
			}
			return new ServiceInfo(new ServiceRef(type, id, node), STATES[state], metadata);
		}
		catch (IOException ex) {
			throw new IllegalArgumentException("Malformed registry entry: " + ex, ex);
		}
		catch (IllegalArgumentException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException("Malformed registry entry: " + ex, ex);
		}
	}

	/**
	 * Check that metadata fits in an entry that the other nodes accept.
	 * @param metadata the metadata of a service
	 * @throws IllegalArgumentException if it does not
	 */
	static void validateMetadata(Map<String, String> metadata) {
		Assert.isTrue(metadata.size() <= MAX_METADATA_ENTRIES, () -> "A service may have at most "
				+ MAX_METADATA_ENTRIES + " metadata entries but had " + metadata.size());
		metadata.forEach((key, value) -> {
			Assert.isTrue(key != null && value != null, "Service metadata must not hold null keys or values");
			Assert.isTrue(key.length() <= MAX_METADATA_KEY_LENGTH, () -> "A service metadata key must be at most "
					+ MAX_METADATA_KEY_LENGTH + " characters long but was " + key.length());
			Assert.isTrue(value.length() <= MAX_METADATA_VALUE_LENGTH, () -> "The service metadata value of '" + key
					+ "' must be at most " + MAX_METADATA_VALUE_LENGTH + " characters long but was " + value.length());
		});
	}

	private static String readName(DataInputStream in, String what, int maxLength) throws IOException {
		String name = read(in, what, maxLength);
		if (name.isBlank()) {
			throw new IllegalArgumentException("Registry entry has a blank " + what);
		}
		return name;
	}

	private static String read(DataInputStream in, String what, int maxLength) throws IOException {
		String text = in.readUTF();
		if (text.length() > maxLength) {
			throw new IllegalArgumentException("Registry entry has a " + what + " of " + text.length()
					+ " characters, at most " + maxLength + " allowed");
		}
		return text;
	}

}
