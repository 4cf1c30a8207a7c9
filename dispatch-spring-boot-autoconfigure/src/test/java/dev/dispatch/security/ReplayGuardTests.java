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

package dev.dispatch.security;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ReplayGuard}.
 *
 * @author Dispatch team
 */
class ReplayGuardTests {

	private final ReplayGuard guard = new ReplayGuard(60_000);

	private final ReplayGuard.Stream sender = stream(1, 2);

	@Test
	void aCounterIsAcceptedOncePerSender() {
		assertThat(this.guard.accept(this.sender, 5, 1000, 1000)).isTrue();
		assertThat(this.guard.accept(this.sender, 5, 1000, 1000)).isFalse();
		assertThat(this.guard.accept(stream(1, 3), 5, 1000, 1000)).isTrue();
	}

	@Test
	void eachStreamOfASenderHasItsOwnWindow() {
		ReplayGuard.Salt salt = new ReplayGuard.Salt(1, 2);
		ReplayGuard.Stream toB = new ReplayGuard.Stream(salt, Channel.FRAMES_KIND, "node-b");
		ReplayGuard.Stream heartbeats = new ReplayGuard.Stream(salt, Channel.HEARTBEAT.kind, "");
		assertThat(this.guard.accept(toB, 5 + ReplayGuard.WINDOW, 1000, 1000)).isTrue();
		assertThat(this.guard.accept(heartbeats, 5, 1000, 1000)).isTrue();
		assertThat(this.guard.accept(new ReplayGuard.Stream(salt, Channel.REPUBLISH.kind, ""), 5, 1000, 1000)).isTrue();
		assertThat(this.guard.accept(new ReplayGuard.Stream(salt, Channel.FRAMES_KIND, "node-c"), 5, 1000, 1000))
			.isTrue();
		assertThat(this.guard.accept(heartbeats, 5, 1000, 1000)).isFalse();
		assertThat(this.guard.streams()).isEqualTo(4);
	}

	@Test
	void countersFallingOutOfTheWindowAreRefusedAndGapsAreKept() {
		assertThat(this.guard.accept(this.sender, 10, 1000, 1000)).isTrue();
		assertThat(this.guard.accept(this.sender, 10 + ReplayGuard.WINDOW, 1000, 1000)).isTrue();
		assertThat(this.guard.accept(this.sender, 10, 1000, 1000)).isFalse();
		assertThat(this.guard.accept(this.sender, 11, 1000, 1000)).isTrue();
		assertThat(this.guard.accept(this.sender, 9 + ReplayGuard.WINDOW, 1000, 1000)).isTrue();
		assertThat(this.guard.accept(this.sender, 9 + ReplayGuard.WINDOW, 1000, 1000)).isFalse();
	}

	@Test
	void aWindowMovedFarAheadForgetsWhatItSawButNotWhatItMustRefuse() {
		assertThat(this.guard.accept(this.sender, 3, 1000, 1000)).isTrue();
		assertThat(this.guard.accept(this.sender, 3 + 3L * ReplayGuard.WINDOW, 1000, 1000)).isTrue();
		assertThat(this.guard.accept(this.sender, 3 + 2L * ReplayGuard.WINDOW + 1, 1000, 1000)).isTrue();
		assertThat(this.guard.accept(this.sender, 3, 1000, 1000)).isFalse();
	}

	@Test
	void aSilentSenderIsForgottenOnlyOnceItsMessagesAreTooOldToBeAccepted() {
		assertThat(this.guard.accept(this.sender, 1, 1000, 1000)).isTrue();
		this.guard.accept(stream(9, 9), 1, 100_000, 100_000);
		assertThat(this.guard.streams()).isEqualTo(2);
		this.guard.accept(stream(8, 8), 1, 121_001, 121_001);
		assertThat(this.guard.streams()).isEqualTo(2);
		assertThat(this.guard.isRecent(1000, 121_001)).isFalse();
	}

	private static ReplayGuard.Stream stream(long high, long low) {
		return new ReplayGuard.Stream(new ReplayGuard.Salt(high, low), Channel.FRAMES_KIND, "node-b");
	}

}
