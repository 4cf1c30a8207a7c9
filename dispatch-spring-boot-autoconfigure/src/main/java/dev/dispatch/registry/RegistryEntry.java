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

import dev.dispatch.ServiceInfo;
import dev.dispatch.ServiceRef;
import dev.dispatch.ServiceState;

/**
 * The replicated form of a service: its info, stored as plain bytes so that the map never
 * needs Java serialization.
 *
 * @author Dispatch team
 */
final class RegistryEntry {

	private static final byte FORMAT = 1;

	private RegistryEntry() {
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

	static ServiceInfo decode(byte[] value) {
		try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(value))) {
			byte format = in.readByte();
			if (format != FORMAT) {
				throw new IllegalArgumentException("Unknown registry entry format " + format);
			}
			ServiceRef ref = new ServiceRef(in.readUTF(), in.readUTF(), in.readUTF());
			ServiceState state = ServiceState.values()[in.readByte()];
			int size = in.readInt();
			Map<String, String> metadata = new LinkedHashMap<>();
			for (int i = 0; i < size; i++) {
				metadata.put(in.readUTF(), in.readUTF());
			}
			return new ServiceInfo(ref, state, metadata);
		}
		catch (IOException ex) {
			throw new IllegalArgumentException("Malformed registry entry", ex);
		}
	}

}
