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

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link HeartbeatRefusals} on a clock that the test moves, with a silence
 * limit of three seconds: when a member counts as refused and when this node is cut off.
 *
 * @author Dispatch team
 */
class HeartbeatRefusalsTests {

	private static final long SECOND = Duration.ofSeconds(1).toNanos();

	private static final List<String> MEMBERS = List.of("b", "c");

	private final AtomicLong clock = new AtomicLong(1_000_000);

	private final HeartbeatRefusals refusals = new HeartbeatRefusals(Duration.ofSeconds(3), this.clock::get);

	@Test
	void aNodeThatRefusesEveryoneForLongerThanTheLimitIsCutOff() {
		for (int second = 0; second <= 3; second++) {
			this.refusals.refused("b");
			this.refusals.refused("c");
			assertThat(this.refusals.isCutOffFrom(MEMBERS)).as("after %d s", second).isFalse();
			this.clock.addAndGet(SECOND);
		}
		this.refusals.refused("b");
		assertThat(this.refusals.refusedAmong(MEMBERS)).containsExactly("b", "c");
		assertThat(this.refusals.isCutOffFrom(MEMBERS)).isTrue();
	}

	@Test
	void aNodeThatHearsAValidHeartbeatFromAnyoneIsNotCutOffButStillListsWhomItRefuses() {
		for (int second = 0; second <= 5; second++) {
			this.refusals.refused("b");
			this.refusals.accepted("c");
			this.clock.addAndGet(SECOND);
		}
		assertThat(this.refusals.isCutOffFrom(MEMBERS)).isFalse();
		assertThat(this.refusals.refusedAmong(MEMBERS)).containsExactly("b");
		for (int second = 1; second <= 3; second++) {
			this.refusals.refused("b");
			this.clock.addAndGet(SECOND);
		}
		this.refusals.refused("b");
		assertThat(this.refusals.isCutOffFrom(MEMBERS)).as("c silent for longer than the limit").isTrue();
	}

	@Test
	void aNodeThatHearsNothingIsNotCutOff() {
		this.clock.addAndGet(10 * SECOND);
		assertThat(this.refusals.isCutOffFrom(MEMBERS)).isFalse();
		assertThat(this.refusals.refusedAmong(MEMBERS)).isEmpty();
	}

	@Test
	void aMemberIsNoLongerRefusedOnceAValidHeartbeatComesOrItsRefusalsStopForTheLimit() {
		this.refusals.refused("b");
		this.refusals.refused("c");
		this.refusals.accepted("b");
		assertThat(this.refusals.refusedAmong(MEMBERS)).containsExactly("c");
		this.clock.addAndGet(3 * SECOND + 1);
		assertThat(this.refusals.refusedAmong(MEMBERS)).isEmpty();
		assertThat(this.refusals.isCutOffFrom(MEMBERS)).isFalse();
	}

	@Test
	void aRefusedNodeThatIsNoLongerAMemberDoesNotCount() {
		for (int second = 0; second <= 4; second++) {
			this.refusals.refused("d");
			this.clock.addAndGet(SECOND);
		}
		this.refusals.refused("d");
		assertThat(this.refusals.refusedAmong(MEMBERS)).isEmpty();
		assertThat(this.refusals.isCutOffFrom(MEMBERS)).isFalse();
	}

}
