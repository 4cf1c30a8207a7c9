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
 * Tests for {@link NodeLiveness} on a clock that the test moves: when a node counts as
 * silent, that it is reported once, and that a pause of this node itself silences nobody.
 * A broadcast period of one second and three silent periods make a silence limit of three
 * seconds, and a gap of more than four seconds between checks a pause.
 *
 * @author Dispatch team
 */
class NodeLivenessTests {

	private static final long PERIOD = Duration.ofSeconds(1).toNanos();

	private static final List<String> MEMBERS = List.of("b", "c");

	private final AtomicLong clock = new AtomicLong(1_000_000);

	private final NodeLiveness liveness = new NodeLiveness(Duration.ofSeconds(1), 3, this.clock::get);

	@Test
	void aNodeSilentForLongerThanTheLimitIsReportedOnceAndNotAgain() {
		this.liveness.heard("b");
		for (int period = 1; period <= 3; period++) {
			assertThat(checkAfter(PERIOD)).as("after %d periods", period).isEmpty();
		}
		assertThat(this.liveness.isSilent("b")).isFalse();
		// exactly the limit is not yet longer than the limit
		assertThat(checkAfter(1)).containsExactly("b");
		assertThat(this.liveness.isSilent("b")).isTrue();
		for (int period = 1; period <= 5; period++) {
			assertThat(checkAfter(PERIOD)).as("%d periods later", period).isEmpty();
		}
		assertThat(this.liveness.isSilent("b")).isTrue();
	}

	@Test
	void onlyTheNodeThatFellSilentIsReported() {
		this.liveness.heard("b");
		this.liveness.heard("c");
		checkAfter(PERIOD);
		checkAfter(PERIOD);
		this.liveness.heard("c");
		checkAfter(PERIOD);
		assertThat(checkAfter(PERIOD)).containsExactly("b");
		assertThat(this.liveness.isSilent("c")).isFalse();
	}

	@Test
	void aSilentNodeHeardAgainIsNoLongerSilentAndIsReportedAgainWhenItFallsSilentAgain() {
		this.liveness.heard("b");
		goSilent("b");
		assertThat(this.liveness.heard("b")).isTrue();
		assertThat(this.liveness.isSilent("b")).isFalse();
		assertThat(this.liveness.heard("b")).isFalse();
		for (int period = 1; period <= 3; period++) {
			assertThat(checkAfter(PERIOD)).isEmpty();
		}
		assertThat(checkAfter(PERIOD)).containsExactly("b");
		assertThat(this.liveness.isSilent("b")).isTrue();
	}

	@Test
	void aNodeThatWasNeverHeardFromIsNeverReported() {
		for (int period = 1; period <= 20; period++) {
			assertThat(checkAfter(PERIOD)).isEmpty();
		}
		assertThat(this.liveness.isSilent("b")).isFalse();
		assertThat(this.liveness.heard("b")).isFalse();
	}

	@Test
	void aNodeThatIsNoLongerAMemberIsNotReported() {
		this.liveness.heard("d");
		for (int period = 1; period <= 10; period++) {
			assertThat(checkAfter(PERIOD)).isEmpty();
		}
		assertThat(this.liveness.isSilent("d")).isFalse();
	}

	@Test
	void whenThisNodeWasPausedNobodyIsReportedAndTheClocksRestart() {
		this.liveness.heard("b");
		assertThat(checkAfter(PERIOD)).isEmpty();
		// this node was paused for five seconds: b looks silent for six, through no fault
		assertThat(checkAfter(5 * PERIOD)).isEmpty();
		assertThat(this.liveness.isSilent("b")).isFalse();
		// b's clock restarted at the end of the pause, so b needs a full limit again
		for (int period = 1; period <= 3; period++) {
			assertThat(checkAfter(PERIOD)).as("%d periods after the pause", period).isEmpty();
		}
		assertThat(checkAfter(PERIOD)).containsExactly("b");
	}

	@Test
	void aGapBetweenChecksOfNoMoreThanTheLimitAndOnePeriodIsNoPause() {
		this.liveness.heard("b");
		assertThat(checkAfter(4 * PERIOD)).containsExactly("b");
	}

	@Test
	void aForgottenNodeIsNoLongerSilentNorReported() {
		this.liveness.heard("b");
		goSilent("b");
		this.liveness.forget("b");
		assertThat(this.liveness.isSilent("b")).isFalse();
		for (int period = 1; period <= 10; period++) {
			assertThat(checkAfter(PERIOD)).isEmpty();
		}
		// heard from again, it had not been silent as far as this node remembers
		assertThat(this.liveness.heard("b")).isFalse();
	}

	@Test
	void aNodeForgottenBeforeItFellSilentIsNotReported() {
		this.liveness.heard("b");
		checkAfter(PERIOD);
		this.liveness.forget("b");
		for (int period = 1; period <= 10; period++) {
			assertThat(checkAfter(PERIOD)).isEmpty();
		}
		assertThat(this.liveness.isSilent("b")).isFalse();
	}

	private void goSilent(String node) {
		for (int period = 1; period <= 3; period++) {
			checkAfter(PERIOD);
		}
		assertThat(checkAfter(PERIOD)).containsExactly(node);
	}

	private List<String> checkAfter(long nanos) {
		this.clock.addAndGet(nanos);
		return this.liveness.newlySilent(MEMBERS);
	}

}
