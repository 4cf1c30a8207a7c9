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

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The table of copies a backup holds agrees with a map under random puts and removals,
 * including key hashes that collide in the table's slots.
 *
 * @author Dispatch team
 */
class CopyTableTests {

	@Test
	void agreesWithAMapUnderRandomPutsAndRemovals() {
		CopyTable table = new CopyTable();
		Map<Long, byte[]> expected = new HashMap<>();
		Map<Long, Long> versions = new HashMap<>();
		Random random = new Random(7);
		for (int i = 0; i < 200_000; i++) {
			// few distinct hashes, many of them equal in their low bits
			long keyHash = ((long) random.nextInt(3000) << 40) | (random.nextInt(4) << 3);
			if (random.nextInt(3) == 0) {
				table.remove(keyHash);
				expected.remove(keyHash);
				versions.remove(keyHash);
			}
			else {
				byte[] copy = new byte[random.nextInt(8)];
				long version = i;
				table.put(keyHash, version, copy);
				expected.put(keyHash, copy);
				versions.put(keyHash, version);
			}
		}
		assertThat(table.size()).isEqualTo(expected.size());
		assertThat(table.bytes()).isEqualTo(expected.values().stream().mapToLong((copy) -> copy.length).sum());
		assertThat(table.keyHashes())
			.containsExactlyInAnyOrder(expected.keySet().stream().mapToLong(Long::longValue).toArray());
		expected.forEach((keyHash, copy) -> {
			assertThat(table.copy(keyHash)).isSameAs(copy);
			assertThat(table.version(keyHash)).isEqualTo(versions.get(keyHash));
		});
		assertThat(table.copy(-1L)).isNull();
		assertThat(table.version(-1L)).isEqualTo(-1);
	}

}
