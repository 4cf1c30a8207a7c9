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

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.dispatch.ServiceInfo;
import dev.dispatch.ServiceRef;
import dev.dispatch.ServiceState;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Decoding registry entries that another member wrote: every malformed one is refused
 * with an {@link IllegalArgumentException}.
 *
 * @author Dispatch team
 */
class RegistryEntryTests {

	private static final ServiceInfo INFO = new ServiceInfo(new ServiceRef("type", "id-1", "node-1"),
			ServiceState.OFFLINE, Map.of("zone", "a"));

	@Test
	void encodedEntryDecodesToTheSameInfo() {
		assertThat(RegistryEntry.decode(RegistryEntry.encode(INFO))).isEqualTo(INFO);
	}

	@Test
	void stateOutOfRangeIsRefused() throws IOException {
		assertThatIllegalArgumentException().isThrownBy(() -> RegistryEntry.decode(entry("type", "id", "node", 7, 0)))
			.withMessageContaining("state");
		assertThatIllegalArgumentException().isThrownBy(() -> RegistryEntry.decode(entry("type", "id", "node", -1, 0)))
			.withMessageContaining("state");
	}

	@Test
	void trailingBytesAreRefused() {
		byte[] valid = RegistryEntry.encode(INFO);
		byte[] longer = Arrays.copyOf(valid, valid.length + 1);
		assertThatIllegalArgumentException().isThrownBy(() -> RegistryEntry.decode(longer))
			.withMessageContaining("trailing");
	}

	@Test
	void truncatedEntryAndUnknownFormatAreRefused() {
		byte[] valid = RegistryEntry.encode(INFO);
		assertThatIllegalArgumentException().isThrownBy(() -> RegistryEntry.decode(Arrays.copyOf(valid, 5)));
		assertThatIllegalArgumentException().isThrownBy(() -> RegistryEntry.decode(new byte[0]));
		byte[] otherFormat = valid.clone();
		otherFormat[0] = 9;
		assertThatIllegalArgumentException().isThrownBy(() -> RegistryEntry.decode(otherFormat))
			.withMessageContaining("format");
	}

	@Test
	void overlongOrBlankNamesAreRefused() throws IOException {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> RegistryEntry.decode(entry("t".repeat(256), "id", "node", 0, 0)));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> RegistryEntry.decode(entry("type", "i".repeat(129), "node", 0, 0)));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> RegistryEntry.decode(entry("type", "id", "n".repeat(129), 0, 0)));
		assertThatIllegalArgumentException().isThrownBy(() -> RegistryEntry.decode(entry(" ", "id", "node", 0, 0)));
		assertThat(RegistryEntry.decode(entry("t".repeat(255), "i".repeat(128), "n".repeat(128), 0, 0)).ref().type())
			.hasSize(255);
	}

	@Test
	void tooMuchMetadataIsRefused() throws IOException {
		assertThatIllegalArgumentException().isThrownBy(() -> RegistryEntry.decode(entry("type", "id", "node", 0, 65)))
			.withMessageContaining("metadata");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> RegistryEntry.decode(entry("type", "id", "node", 0, Integer.MAX_VALUE)));
		assertThatIllegalArgumentException().isThrownBy(() -> RegistryEntry.decode(entry("type", "id", "node", 0, -1)));
		assertThat(RegistryEntry.decode(entry("type", "id", "node", 0, 64)).metadata()).hasSize(64);
		Map<String, String> longKey = new LinkedHashMap<>();
		longKey.put("k".repeat(RegistryEntry.MAX_METADATA_KEY_LENGTH + 1), "v");
		assertThatIllegalArgumentException().isThrownBy(() -> RegistryEntry.decode(RegistryEntry
			.encode(new ServiceInfo(new ServiceRef("type", "id", "node"), ServiceState.ONLINE, longKey))));
		Map<String, String> longValue = Map.of("k", "v".repeat(RegistryEntry.MAX_METADATA_VALUE_LENGTH + 1));
		assertThatIllegalArgumentException().isThrownBy(() -> RegistryEntry.decode(RegistryEntry
			.encode(new ServiceInfo(new ServiceRef("type", "id", "node"), ServiceState.ONLINE, longValue))));
	}

	private static byte[] entry(String type, String id, String node, int state, int metadataSize) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			out.writeByte(1);
			out.writeUTF(type);
			out.writeUTF(id);
			out.writeUTF(node);
			out.writeByte(state);
			out.writeInt(metadataSize);
			for (int i = 0; i < Math.min(metadataSize, 100); i++) {
				out.writeUTF("key-" + i);
				out.writeUTF("value");
			}
		}
		return bytes.toByteArray();
	}

}
