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

package dev.dispatch.messaging;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link SendCredits}: what an acknowledgement from another member may give
 * back.
 *
 * @author Dispatch team
 */
class SendCreditsTests {

	private final SendCredits credits = new SendCredits(3);

	@Test
	void creditsRunOutAtCapacity() {
		assertThat(this.credits.tryAcquire("b", "s", true)).isTrue();
		assertThat(this.credits.tryAcquire("b", "s", false)).isTrue();
		assertThat(this.credits.tryAcquire("b", "s", true)).isTrue();
		assertThat(this.credits.tryAcquire("b", "s", true)).isFalse();
		assertThat(this.credits.outstanding("s")).isEqualTo(3);
	}

	@Test
	void aNegativeOrZeroAcknowledgementIsRefusedAndChangesNothing() {
		this.credits.tryAcquire("b", "s", true);
		assertThat(this.credits.acknowledge("b", "s", -1000)).isFalse();
		assertThat(this.credits.acknowledge("b", "s", 0)).isFalse();
		assertThat(this.credits.outstanding("s")).isEqualTo(1);
		assertThat(this.credits.tryAcquire("b", "s", true)).isTrue();
	}

	@Test
	void onlyTheServicesNodeMayAcknowledge() {
		this.credits.tryAcquire("b", "s", true);
		assertThat(this.credits.acknowledge("intruder", "s", 1)).isFalse();
		assertThat(this.credits.outstanding("s")).isEqualTo(1);
		assertThat(this.credits.acknowledge("b", "s", 1)).isTrue();
		assertThat(this.credits.outstanding("s")).isZero();
	}

	@Test
	void anAcknowledgementCannotGiveBackMoreThanTheOutstandingCastsNorTheCreditsOfCalls() {
		this.credits.tryAcquire("b", "s", true);
		this.credits.tryAcquire("b", "s", false);
		this.credits.tryAcquire("b", "s", false);
		assertThat(this.credits.acknowledge("b", "s", 2)).isFalse();
		assertThat(this.credits.outstanding("s")).isEqualTo(3);
		assertThat(this.credits.acknowledge("b", "s", 1)).isTrue();
		assertThat(this.credits.acknowledge("b", "s", 1)).isFalse();
		assertThat(this.credits.outstanding("s")).isEqualTo(2);
	}

	@Test
	void aServiceWithNothingOutstandingLeavesNothingBehind() {
		this.credits.tryAcquire("b", "s", true);
		this.credits.tryAcquire("b", "t", false);
		assertThat(this.credits.size()).isEqualTo(2);
		this.credits.acknowledge("b", "s", 1);
		this.credits.release("t", false);
		assertThat(this.credits.size()).isZero();
		this.credits.release("t", false);
		assertThat(this.credits.outstanding("t")).isZero();
	}

	@Test
	void anAcknowledgementSettlesTheOldestCastsOnly() {
		List<String> settled = new ArrayList<>();
		this.credits.tryAcquireCast("b", "s", () -> settled.add("first"));
		this.credits.tryAcquire("b", "s", false);
		this.credits.tryAcquireCast("b", "s", () -> settled.add("second"));
		assertThat(this.credits.acknowledge("b", "s", 1)).isTrue();
		assertThat(settled).containsExactly("first");
		assertThat(this.credits.acknowledge("intruder", "s", 1)).isFalse();
		assertThat(this.credits.acknowledge("b", "s", 2)).isFalse();
		assertThat(settled).containsExactly("first");
		assertThat(this.credits.acknowledge("b", "s", 1)).isTrue();
		assertThat(settled).containsExactly("first", "second");
		assertThat(this.credits.outstanding("s")).isEqualTo(1);
	}

	@Test
	void aLostCastSettlesItselfAndNoOther() {
		List<String> settled = new ArrayList<>();
		Runnable first = () -> settled.add("first");
		Runnable lost = () -> settled.add("lost");
		this.credits.tryAcquireCast("b", "s", first);
		this.credits.tryAcquireCast("b", "s", lost);
		this.credits.releaseCast("s", lost);
		assertThat(settled).containsExactly("lost");
		assertThat(this.credits.outstanding("s")).isEqualTo(1);
		this.credits.releaseCast("s", lost);
		assertThat(settled).containsExactly("lost");
		assertThat(this.credits.outstanding("s")).isEqualTo(1);
		assertThat(this.credits.acknowledge("b", "s", 1)).isTrue();
		assertThat(settled).containsExactly("lost", "first");
		assertThat(this.credits.size()).isZero();
	}

	@Test
	void aCastRefusedForWantOfCreditHoldsNothing() {
		List<String> settled = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			this.credits.tryAcquire("b", "s", false);
		}
		assertThat(this.credits.tryAcquireCast("b", "s", () -> settled.add("refused"))).isFalse();
		this.credits.forgetNode("b");
		assertThat(settled).isEmpty();
	}

	@Test
	void aDepartedNodesCastsAreSettled() {
		List<String> settled = new ArrayList<>();
		this.credits.tryAcquireCast("b", "s", () -> settled.add("s"));
		this.credits.tryAcquireCast("b", "u", () -> settled.add("u"));
		this.credits.tryAcquireCast("c", "t", () -> settled.add("t"));
		this.credits.forgetNode("b");
		assertThat(settled).containsExactlyInAnyOrder("s", "u");
		assertThat(this.credits.outstanding("t")).isEqualTo(1);
	}

	@Test
	void aDepartedNodesCreditsAreForgotten() {
		this.credits.tryAcquire("b", "s", true);
		this.credits.tryAcquire("c", "t", true);
		this.credits.forgetNode("b");
		assertThat(this.credits.outstanding("s")).isZero();
		assertThat(this.credits.outstanding("t")).isEqualTo(1);
	}

	@Test
	void castsThatNoAcknowledgementSettlesGiveTheirCreditsBackAfterASilence() {
		AtomicInteger settled = new AtomicInteger();
		assertThat(this.credits.tryAcquireCast("b", "s", settled::incrementAndGet)).isTrue();
		assertThat(this.credits.tryAcquireCast("b", "s", settled::incrementAndGet)).isTrue();
		assertThat(this.credits.tryAcquire("b", "s", false)).isTrue();
		assertThat(this.credits.tryAcquire("b", "s", true)).isFalse();
		long silence = TimeUnit.MINUTES.toNanos(1);
		assertThat(this.credits.expireUnacknowledged(System.nanoTime(), silence)).isZero();
		assertThat(this.credits.expireUnacknowledged(System.nanoTime() + silence, silence)).isEqualTo(2);
		assertThat(settled).hasValue(2);
		assertThat(this.credits.outstanding("s")).as("the call keeps its credit").isOne();
		assertThat(this.credits.tryAcquire("b", "s", true)).isTrue();
	}

	@Test
	void anAcknowledgementRestartsTheSilence() {
		assertThat(this.credits.tryAcquire("b", "s", true)).isTrue();
		assertThat(this.credits.tryAcquire("b", "s", true)).isTrue();
		long silence = TimeUnit.MINUTES.toNanos(1);
		long acknowledged = System.nanoTime();
		assertThat(this.credits.acknowledge("b", "s", 1)).isTrue();
		assertThat(this.credits.expireUnacknowledged(acknowledged + silence / 2, silence)).isZero();
		assertThat(this.credits.outstanding("s")).isOne();
	}

}
