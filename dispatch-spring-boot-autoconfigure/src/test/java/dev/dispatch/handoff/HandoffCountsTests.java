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

import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.dispatch.metrics.DispatchMetrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * Tests for {@link HandoffCounts}.
 *
 * @author Dispatch team
 */
class HandoffCountsTests {

	@Test
	void countsKeysPerTypeAndOutcomeAndPassesThemOn() {
		List<String> passed = new ArrayList<>();
		HandoffCounts counts = new HandoffCounts();
		DispatchMetrics metrics = counts.counting(new DispatchMetrics() {

			@Override
			public void handoffs(String type, String outcome, int keys) {
				passed.add(type + ":" + outcome + ":" + keys);
			}

			@Override
			public void ringChanged(String type) {
				passed.add(type + ":ring");
			}

		});
		metrics.handoffs("tally", "moved", 3);
		metrics.handoffs("tally", "moved", 2);
		metrics.handoffs("tally", "timeout", 1);
		metrics.handoffs("other", "failed", 4);
		metrics.ringChanged("tally");
		assertThat(counts.of("tally")).containsExactly(entry("moved", 5L), entry("timeout", 1L));
		assertThat(counts.of("other")).containsExactly(entry("failed", 4L));
		assertThat(counts.of("unknown")).isEmpty();
		assertThat(passed).containsExactly("tally:moved:3", "tally:moved:2", "tally:timeout:1", "other:failed:4",
				"tally:ring");
	}

	@Test
	void passesOnEveryMeasure() {
		Class<?> counting = new HandoffCounts().counting(DispatchMetrics.NONE).getClass();
		assertThat(Arrays.stream(DispatchMetrics.class.getDeclaredMethods())
			.filter((method) -> !Modifier.isStatic(method.getModifiers())))
			.allSatisfy((method) -> assertThat(counting.getDeclaredMethod(method.getName(), method.getParameterTypes()))
				.as("%s passed on", method.getName())
				.isNotNull());
	}

	@Test
	void countsWhateverTheMetricsTheyGoTo() {
		HandoffCounts counts = new HandoffCounts();
		counts.counting(DispatchMetrics.NONE).handoffs("tally", "moved", 1);
		counts.counting(DispatchMetrics.NONE).handoffs("tally", "moved", 1);
		assertThat(counts.of("tally")).containsEntry("moved", 2L);
	}

}
