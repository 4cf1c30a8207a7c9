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

package dev.dispatch.ring;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

/**
 * Tests for {@link RingSectors}.
 *
 * @author Dispatch team
 */
class RingSectorsTests {

	@Test
	void emptyRingHasNoOwnerAndNoShares() {
		assertThat(RingSectors.owners(HashRing.empty(), 4)).containsExactly(-1, -1, -1, -1);
		assertThat(RingSectors.shares(HashRing.empty())).isEmpty();
	}

	@Test
	void loneMemberOwnsEverySector() {
		HashRing<String> ring = HashRing.<String>empty().with("a", "node-1", "a");
		assertThat(RingSectors.owners(ring, 64)).containsOnly(0).hasSize(64);
		assertThat(RingSectors.shares(ring)).containsExactly(1.0);
	}

	@Test
	void eachSectorGoesToTheMemberThatOwnsMostOfIt() {
		HashRing<String> ring = ring(HashRing.empty(3), 5);
		int count = 32;
		int[] owners = RingSectors.owners(ring, count);
		int samples = 4096;
		long step = Long.divideUnsigned(-1L, (long) count * samples) + 1;
		for (int sector = 0; sector < count; sector++) {
			Map<String, Integer> sampled = new HashMap<>();
			for (int i = 0; i < samples; i++) {
				long keyHash = ((long) sector * samples + i) * step;
				sampled.merge(ring.find(keyHash), 1, Integer::sum);
			}
			Map.Entry<String, Integer> most = sampled.entrySet()
				.stream()
				.max(Map.Entry.comparingByValue())
				.orElseThrow();
			if (most.getValue() > samples * 0.51) {
				assertThat(ring.values().get(owners[sector])).as("sector %d", sector).isEqualTo(most.getKey());
			}
		}
	}

	@Test
	void sectorsFollowTheShares() {
		HashRing<String> ring = ring(HashRing.empty(), 4);
		int count = 4096;
		int[] owners = RingSectors.owners(ring, count);
		double[] shares = RingSectors.shares(ring);
		assertThat(Arrays.stream(shares).sum()).isCloseTo(1.0, within(1e-9));
		for (int m = 0; m < ring.size(); m++) {
			int member = m;
			long drawn = Arrays.stream(owners).filter((owner) -> owner == member).count();
			assertThat(drawn / (double) count).as(ring.values().get(m)).isCloseTo(shares[m], within(0.05));
		}
	}

	@Test
	void positionsGoClockwiseFromKeyHashZero() {
		assertThat(RingSectors.position(0)).isZero();
		assertThat(RingSectors.position(Long.MIN_VALUE)).isEqualTo(0.5);
		assertThat(RingSectors.position(-1L)).isLessThan(1.0).isGreaterThan(0.999);
	}

	@Test
	void countBelowOneIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> RingSectors.owners(HashRing.empty(), 0))
			.withMessage("count must be at least 1 but was 0");
	}

	private static HashRing<String> ring(HashRing<String> empty, int members) {
		HashRing<String> ring = empty;
		for (String id : List.of("svc-a", "svc-b", "svc-c", "svc-d", "svc-e").subList(0, members)) {
			ring = ring.with(id, "node-" + id, id);
		}
		return ring;
	}

}
