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

import java.time.Duration;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.dispatch.sample.ChaosHarness.Results;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chaos run of {@link ChaosHarness}: a short version by default, a longer one with
 * {@code -Dchaos.phase=20s -Dchaos.workers=8} (what {@code scripts/chaos.sh} runs). It
 * prints the table of the run and asserts that no acknowledged upload was lost, that no
 * request failed while a node left gracefully or in steady state, and that the cluster
 * noticed the crash within the bound.
 *
 * @author Dispatch team
 */
@Tag("chaos")
class ChaosIntegrationTests {

	@Test
	void crashRestartAndGracefulStopUnderLoadLoseNoAcknowledgedUpload() {
		Duration phase = Duration.parse("PT" + System.getProperty("chaos.phase", "3s").toUpperCase());
		int workers = Integer.getInteger("chaos.workers", 4);
		try (ChaosHarness harness = new ChaosHarness(phase, workers)) {
			Results results = harness.run();
			System.out.println("[chaos] " + phase.toSeconds() + " s phases, " + workers + " client threads, 3 nodes\n"
					+ results.table());
			assertThat(results.lost()).as("acknowledged uploads no survivor can return").isEmpty();
			assertThat(results.failuresIn("graceful")).as("failed requests while a node stopped gracefully").isZero();
			assertThat(results.failuresIn("steady")).as("failed requests in steady state").isZero();
			assertThat(results.detection()).isLessThanOrEqualTo(Duration.ofMillis(2500));
			assertThat(results.exitCode()).isEqualTo(143);
			assertThat(results.files()).isPositive();
		}
	}

}
