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

package dev.dispatch.routing;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.dispatch.ServiceRef;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link InFlightMessages}: counts that rise on send and fall once per message.
 *
 * @author Dispatch team
 */
class InFlightMessagesTests {

	private static final ServiceRef A = new ServiceRef("type", "a", "node");

	private static final ServiceRef B = new ServiceRef("type", "b", "node");

	private final InFlightMessages inFlight = new InFlightMessages();

	@Test
	void eachMessageCountsUntilItIsSettled() {
		Runnable first = this.inFlight.sent(A);
		Runnable second = this.inFlight.sent(A);
		this.inFlight.sent(B);
		assertThat(this.inFlight.count("a")).isEqualTo(2);
		assertThat(this.inFlight.counts()).isEqualTo(Map.of("a", 2, "b", 1));
		first.run();
		assertThat(this.inFlight.count("a")).isEqualTo(1);
		second.run();
		assertThat(this.inFlight.count("a")).isZero();
		assertThat(this.inFlight.count("b")).isEqualTo(1);
	}

	@Test
	void aMessageSettledTwiceCountsDownOnce() {
		Runnable first = this.inFlight.sent(A);
		this.inFlight.sent(A);
		first.run();
		first.run();
		assertThat(this.inFlight.count("a")).isEqualTo(1);
	}

	@Test
	void aServiceWithNothingInFlightLeavesNothingBehind() {
		Runnable settled = this.inFlight.sent(A);
		settled.run();
		settled.run();
		assertThat(this.inFlight.counts()).isEmpty();
		assertThat(this.inFlight.count("a")).isZero();
	}

}
