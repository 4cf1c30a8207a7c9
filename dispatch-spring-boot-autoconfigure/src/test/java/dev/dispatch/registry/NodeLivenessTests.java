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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link NodeLiveness} on a clock that the test moves: when a node counts as
 * silent, that it is reported once, that a pause of this node itself or a late tick of
 * its timer silences nobody, and that a node whose heartbeats arrive irregularly gets a
 * longer limit. A broadcast period of one second and three silent periods make a silence
 * limit of three seconds, and a gap of more than four seconds between checks a pause.
 *
 * @author Dispatch team
 */
class NodeLivenessTests {

	private static final long PERIOD = Duration.ofSeconds(1).toNanos();

	private static final long MILLIS = Duration.ofMillis(1).toNanos();

	private static final long LIMIT = 3 * PERIOD;

	private static final long START = 1_000_000;

	private static final List<String> MEMBERS = List.of("b", "c");

	private final AtomicLong clock = new AtomicLong(START);

	private final List<String> reported = new ArrayList<>();

	private long nextCheck = PERIOD;

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
	void aTickOfThisNodeThatCameLateDoesNotCountAsSilence() {
		this.liveness.heard("b");
		assertThat(checkAfter(PERIOD)).isEmpty();
		// this node's own tick came 2.5 periods late, short of a pause: b was silent for
		// 4.5 s by the wall, 2 s by this node's timer
		assertThat(checkAfter(PERIOD * 7 / 2)).isEmpty();
		assertThat(this.liveness.isSilent("b")).isFalse();
		assertThat(checkAfter(PERIOD)).as("3 s of b's silence counted").isEmpty();
		assertThat(checkAfter(PERIOD)).as("4 s of b's silence counted").containsExactly("b");
	}

	@Test
	void aNodeWhoseHeartbeatsArriveIrregularlyIsNotSilentWhileTheyKeepComing() {
		long at = beatIrregularly(0);
		// longer than the limit of 3 s, but not unusual for b
		at += 4_500 * MILLIS;
		runUntil(at);
		assertThat(this.reported).isEmpty();
		assertThat(this.liveness.isSilent("b")).isFalse();
		assertThat(this.liveness.heard("b")).isFalse();
	}

	@Test
	void aNodeWhoseHeartbeatsArrivedIrregularlyIsSilentWithinFourTimesTheLimitWhenTheyStop() {
		long last = beatIrregularly(0);
		runUntil(last + 4 * LIMIT + PERIOD);
		assertThat(this.reported).containsExactly("b");
	}

	@Test
	void aNodeIsGivenAsLongASilenceAsOneItRecentlyCameBackFrom() {
		long last = beatRegularly(0, 30);
		// once 2.8 s late, short of the limit
		last += 2_800 * MILLIS;
		runUntil(last);
		this.liveness.heard("b");
		last = beatRegularly(last, 30);
		// 3.5 s is longer than the limit, but b came back from 2.8 s: 3.8 s is its limit
		runUntil(last + 3_500 * MILLIS);
		this.liveness.heard("b");
		assertThat(this.reported).isEmpty();
		// and now it came back from 3.5 s: silent after 3.5 s and the mean interval
		last += 3_500 * MILLIS;
		runUntil(last + 4 * PERIOD);
		assertThat(this.reported).isEmpty();
		runUntil(last + 5 * PERIOD);
		assertThat(this.reported).containsExactly("b");
	}

	@Test
	void aNodeWhoseHeartbeatsArrivedRegularlyIsSilentOnceTheLimitHasPassed() {
		long last = beatRegularly(0, 30);
		runUntil(last + LIMIT);
		assertThat(this.reported).isEmpty();
		runUntil(last + LIMIT + PERIOD);
		assertThat(this.reported).containsExactly("b");
	}

	@Test
	void theSilenceThatMadeANodeSilentDoesNotLengthenItsLimitWhenItIsBack() {
		long last = beatRegularly(0, 30);
		runUntil(last + 20 * PERIOD);
		assertThat(this.reported).containsExactly("b");
		this.reported.clear();
		last = beatRegularly(last + 20 * PERIOD, 10);
		runUntil(last + LIMIT + PERIOD);
		assertThat(this.reported).containsExactly("b");
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

	/**
	 * Let b beat every period, give or take 50 ms, starting just after {@code from}.
	 * @return when b beat last, from the start
	 */
	private long beatRegularly(long from, int beats) {
		long at = from;
		for (int beat = 0; beat < beats; beat++) {
			at += PERIOD + ((beat % 3) - 1) * 50 * MILLIS;
			runUntil(at);
			this.liveness.heard("b");
		}
		return at;
	}

	/**
	 * Let b beat 0.4 to 2.9 s apart, as a node on a busy machine might.
	 * @return when b beat last, from the start
	 */
	private long beatIrregularly(long from) {
		long at = from;
		for (int round = 0; round < 5; round++) {
			for (long gap : new long[] { 500, 2_500, 1_000, 2_800, 400, 2_900 }) {
				at += gap * MILLIS;
				runUntil(at);
				this.liveness.heard("b");
			}
		}
		assertThat(this.reported).isEmpty();
		return at;
	}

	/**
	 * Move the clock to {@code at} after the start, checking once every period on the
	 * way, as the heartbeat timer does, and keep what the checks report.
	 */
	private void runUntil(long at) {
		while (this.nextCheck <= at) {
			this.clock.set(START + this.nextCheck);
			this.reported.addAll(this.liveness.newlySilent(MEMBERS));
			this.nextCheck += PERIOD;
		}
		this.clock.set(START + at);
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
