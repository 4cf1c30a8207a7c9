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

package dev.dispatch.sample;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link Tally} and the counters service's merge: two copies of a counter that
 * counted apart keep every increment of both when they meet.
 *
 * @author Dispatch team
 */
class TallyTests {

	@Test
	void twoSidesThatCountedApartMeetWithEveryIncrementOfBoth() {
		Tally before = Tally.ZERO.plusOne("a").plusOne("a");
		Tally oneSide = before.plusOne("a").plusOne("a");
		Tally otherSide = before.plusOne("b").plusOne("b").plusOne("b");
		Tally met = oneSide.merge(otherSide);
		assertThat(met.value()).isEqualTo(2 + 2 + 3);
		assertThat(met).isEqualTo(otherSide.merge(oneSide));
		assertThat(met.merge(met)).isEqualTo(met);
	}

	@Test
	void aTallyFromAnotherNodeMustCountFromZeroUp() {
		assertThatIllegalArgumentException().isThrownBy(() -> new Tally(Map.of("a", -1L)));
		Map<String, Long> missing = new HashMap<>();
		missing.put("a", null);
		assertThatIllegalArgumentException().isThrownBy(() -> new Tally(missing));
	}

	@Test
	void manyTagsOfOneHashCodeMakeATallyLikeAnyOther() {
		Map<String, Long> counts = new HashMap<>();
		String[] parts = { "Aa", "BB" };
		for (int i = 0; i < (1 << 14); i++) {
			StringBuilder tag = new StringBuilder();
			for (int bit = 0; bit < 14; bit++) {
				tag.append(parts[(i >> bit) & 1]);
			}
			counts.put(tag.toString(), 1L);
		}
		Tally tally = new Tally(counts).plusOne("AaAa");
		// every tag has the same String hash code, which a hash table would chain
		assertThat(tally.value()).isEqualTo((1 << 14) + 1);
		assertThat(tally.merge(tally)).isEqualTo(tally);
	}

	@Test
	void theServiceCountsUnderANewTagEachTimeItGetsACounterSoThatMeetingOldCopiesLosesNothing() {
		CounterService service = new CounterService();
		service.increment(new Increment("visits"));
		Tally handedOff = service.handOff("visits");
		service.takeOver("visits", handedOff);
		service.increment(new Increment("visits"));
		Tally current = service.snapshot("visits");
		assertThat(current.counts()).hasSize(2);
		Tally elsewhere = new Tally(Map.of(handedOff.counts().keySet().iterator().next(), 1L)).plusOne("other");
		assertThat(service.merge("visits", current, elsewhere).value()).isEqualTo(3);
		assertThat(service.count(new CountQuery("visits"))).isEqualTo(2);
	}

}
