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

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link ClusterSeal}: what it seals opens only for the node it is meant for,
 * once, within the allowed age, and only with a secret that node holds.
 *
 * @author Dispatch team
 */
@ExtendWith(OutputCaptureExtension.class)
class ClusterSealTests {

	private static final String SECRET_A = "a-secret-of-at-least-thirty-two-characters";

	private static final String SECRET_B = "another-secret-of-thirty-two-characters-or-more";

	private final AtomicLong clock = new AtomicLong(1_000_000);

	private final ClusterSeal sender = ClusterSeal.withSecret(SECRET_A, null, this.clock::get);

	private final ClusterSeal receiver = ClusterSeal.withSecret(SECRET_A, null, this.clock::get);

	private static final byte[] BATCH = "a batch carrying the marker TOP-SECRET-PAYLOAD"
		.getBytes(StandardCharsets.UTF_8);

	@Test
	void aSealedBatchOpensOnceForItsRecipientAndHidesItsBytes() {
		byte[] sealed = this.sender.sealFrames("node-1", "node-2", BATCH);
		assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain("TOP-SECRET-PAYLOAD");
		assertThat(this.receiver.openFrames("node-1", "node-2", sealed)).isEqualTo(BATCH);
		assertThat(this.receiver.openFrames("node-1", "node-2", sealed)).isNull();
		assertThat(this.receiver.rejected(ClusterSeal.FRAMES, ClusterSeal.REPLAYED)).isOne();
	}

	@Test
	void aBatchForAnotherRecipientOrFromAnotherSenderIsRefused() {
		byte[] sealed = this.sender.sealFrames("node-1", "node-2", BATCH);
		assertThat(this.receiver.openFrames("node-1", "node-3", sealed)).isNull();
		assertThat(this.receiver.openFrames("node-9", "node-2", sealed)).isNull();
		assertThat(this.receiver.rejected(ClusterSeal.FRAMES, ClusterSeal.UNAUTHENTICATED)).isEqualTo(2);
		assertThat(this.receiver.openFrames("node-1", "node-2", sealed)).isEqualTo(BATCH);
	}

	@Test
	void aChangedByteAnywhereIsRefused() {
		byte[] sealed = this.sender.sealFrames("node-1", "node-2", BATCH);
		for (int i = 0; i < sealed.length; i++) {
			byte[] tampered = sealed.clone();
			tampered[i] ^= 0x01;
			assertThat(this.receiver.openFrames("node-1", "node-2", tampered)).as("byte %d changed", i).isNull();
		}
		assertThat(this.receiver.openFrames("node-1", "node-2", sealed)).isEqualTo(BATCH);
	}

	@Test
	void anotherSecretOrNoSealAtAllIsRefused() {
		ClusterSeal stranger = ClusterSeal.withSecret(SECRET_B, null, this.clock::get);
		assertThat(this.receiver.openFrames("node-1", "node-2", stranger.sealFrames("node-1", "node-2", BATCH)))
			.isNull();
		assertThat(this.receiver.openFrames("node-1", "node-2", BATCH)).isNull();
		assertThat(this.receiver.rejected(ClusterSeal.FRAMES, ClusterSeal.UNAUTHENTICATED)).isOne();
		assertThat(this.receiver.rejected(ClusterSeal.FRAMES, ClusterSeal.MALFORMED)).isOne();
	}

	@Test
	void aBatchOlderThanTheAllowedAgeIsRefused() {
		byte[] sealed = this.sender.sealFrames("node-1", "node-2", BATCH);
		this.clock.addAndGet(ClusterSeal.MAX_AGE.toMillis() + 1);
		assertThat(this.receiver.openFrames("node-1", "node-2", sealed)).isNull();
		assertThat(this.receiver.rejected(ClusterSeal.FRAMES, ClusterSeal.EXPIRED)).isOne();
	}

	@Test
	void batchesOutOfOrderWithinTheWindowAreAccepted() {
		byte[] first = this.sender.sealFrames("node-1", "node-2", BATCH);
		byte[] second = this.sender.sealFrames("node-1", "node-2", BATCH);
		byte[] third = this.sender.sealFrames("node-1", "node-2", BATCH);
		assertThat(this.receiver.openFrames("node-1", "node-2", third)).isNotNull();
		assertThat(this.receiver.openFrames("node-1", "node-2", first)).isNotNull();
		assertThat(this.receiver.openFrames("node-1", "node-2", second)).isNotNull();
		assertThat(this.receiver.openFrames("node-1", "node-2", first)).isNull();
	}

	@Test
	void manyBatchesToOneNodeDoNotMakeAnotherRefuseWhatWasSealedForItJustBefore() {
		byte[] heartbeat = this.sender.sign(Channel.HEARTBEAT, "node-1", BATCH);
		byte[] early = this.sender.sealFrames("node-1", "node-2", BATCH);
		this.clock.addAndGet(200);
		byte[] small = new byte[1];
		for (int i = 0; i < ReplayGuard.WINDOW; i++) {
			this.sender.sealFrames("node-1", "node-3", small);
		}
		byte[] late = this.sender.sealFrames("node-1", "node-2", BATCH);
		assertThat(this.receiver.openFrames("node-1", "node-2", late)).isEqualTo(BATCH);
		assertThat(this.receiver.verify(Channel.HEARTBEAT, "node-1", heartbeat, true)).isEqualTo(BATCH);
		assertThat(this.receiver.openFrames("node-1", "node-2", early)).isEqualTo(BATCH);
		assertThat(this.receiver.rejected("heartbeat", ClusterSeal.REPLAYED)
				+ this.receiver.rejected(ClusterSeal.FRAMES, ClusterSeal.REPLAYED))
			.isZero();
	}

	@Test
	void eachRecipientIsCountedFromZeroUnderItsOwnKey() {
		byte[] first = "first plaintext of the same length".getBytes(StandardCharsets.UTF_8);
		byte[] second = "other plaintext, of the same size!".getBytes(StandardCharsets.UTF_8);
		byte[] toB = this.sender.sealFrames("node-1", "node-2", first);
		byte[] toC = this.sender.sealFrames("node-1", "node-3", second);
		assertThat(counterOf(toB)).isZero();
		assertThat(counterOf(toC)).isZero();
		// the same key and nonce would give ciphertexts whose XOR is that of the
		// plaintexts
		int start = SealHeader.LENGTH + 4;
		byte[] xorOfCiphertexts = new byte[first.length];
		byte[] xorOfPlaintexts = new byte[first.length];
		for (int i = 0; i < first.length; i++) {
			xorOfCiphertexts[i] = (byte) (toB[start + i] ^ toC[start + i]);
			xorOfPlaintexts[i] = (byte) (first[i] ^ second[i]);
		}
		assertThat(xorOfCiphertexts).isNotEqualTo(xorOfPlaintexts);
		assertThat(this.receiver.openFrames("node-1", "node-2", toB)).isEqualTo(first);
		assertThat(this.receiver.openFrames("node-1", "node-3", toC)).isEqualTo(second);
	}

	@Test
	void heartbeatsAndRepublishRequestsAreCountedApart() {
		byte[] heartbeat = this.sender.sign(Channel.HEARTBEAT, "node-1", BATCH);
		byte[] republish = this.sender.sign(Channel.REPUBLISH, "node-1", BATCH);
		assertThat(counterOf(heartbeat)).isZero();
		assertThat(counterOf(republish)).isZero();
		assertThat(this.receiver.verify(Channel.HEARTBEAT, "node-1", heartbeat, true)).isEqualTo(BATCH);
		assertThat(this.receiver.verify(Channel.REPUBLISH, "node-1", republish, true)).isEqualTo(BATCH);
		assertThat(this.receiver.verify(Channel.REPUBLISH, "node-1", republish, true)).isNull();
	}

	@Test
	void aSenderThatHasSealedForTooManyRecipientsTakesANewSaltRatherThanForgetACounter() {
		byte[] first = this.sender.sealFrames("node-1", "node-2", BATCH);
		for (int i = 1; i < Outgoing.MAX_RECIPIENTS; i++) {
			this.sender.sealFrames("node-1", "node-" + (i + 2), new byte[1]);
		}
		byte[] second = this.sender.sealFrames("node-1", "node-2", BATCH);
		byte[] toANewcomer = this.sender.sealFrames("node-1", "newcomer", BATCH);
		byte[] third = this.sender.sealFrames("node-1", "node-2", BATCH);
		assertThat(saltOf(second)).isEqualTo(saltOf(first));
		assertThat(counterOf(second)).isOne();
		assertThat(saltOf(toANewcomer)).isNotEqualTo(saltOf(first));
		assertThat(saltOf(third)).isEqualTo(saltOf(toANewcomer));
		assertThat(counterOf(third)).isZero();
		for (byte[] sealed : new byte[][] { first, second, third }) {
			assertThat(this.receiver.openFrames("node-1", "node-2", sealed)).isEqualTo(BATCH);
		}
		assertThat(this.receiver.openFrames("node-1", "newcomer", toANewcomer)).isEqualTo(BATCH);
	}

	private static ByteBuffer saltOf(byte[] sealed) {
		return ByteBuffer.wrap(sealed, 2, 16).slice();
	}

	private static long counterOf(byte[] sealed) {
		return ByteBuffer.wrap(sealed, 2 + 16, 8).getLong();
	}

	@Test
	void signedBytesAreBoundToTheirChannelAndContext() {
		byte[] body = "node-1".getBytes(StandardCharsets.UTF_8);
		byte[] heartbeat = this.sender.sign(Channel.HEARTBEAT, "node-1", body);
		assertThat(this.receiver.verify(Channel.REPUBLISH, "node-1", heartbeat, true)).isNull();
		assertThat(this.receiver.verify(Channel.HEARTBEAT, "node-7", heartbeat, true)).isNull();
		assertThat(this.receiver.verify(Channel.HEARTBEAT, "node-1", heartbeat, true)).isEqualTo(body);
		assertThat(this.receiver.verify(Channel.HEARTBEAT, "node-1", heartbeat, true)).isNull();
		assertThat(this.receiver.rejected("heartbeat", ClusterSeal.REPLAYED)).isOne();
		assertThat(this.receiver.rejected("republish", ClusterSeal.MALFORMED)).isOne();
		assertThat(this.receiver.rejected("heartbeat", ClusterSeal.UNAUTHENTICATED)).isOne();
	}

	@Test
	void entriesStayValidAsLongAsTheyLiveButOnlyUnderTheirKey() {
		byte[] entry = this.sender.sign(Channel.SERVICE_ENTRY, "service-1", BATCH);
		this.clock.addAndGet(ClusterSeal.MAX_AGE.toMillis() * 10);
		assertThat(this.receiver.verify(Channel.SERVICE_ENTRY, "service-1", entry, true)).isEqualTo(BATCH);
		assertThat(this.receiver.verify(Channel.SERVICE_ENTRY, "service-1", entry, true)).isEqualTo(BATCH);
		assertThat(this.receiver.verify(Channel.SERVICE_ENTRY, "service-2", entry, true)).isNull();
		byte[] forged = ClusterSeal.withSecret(SECRET_B, null, this.clock::get)
			.sign(Channel.SERVICE_ENTRY, "service-1", BATCH);
		assertThat(this.receiver.verify(Channel.SERVICE_ENTRY, "service-1", forged, false)).isNull();
		assertThat(this.receiver.rejected("entry", ClusterSeal.UNAUTHENTICATED)).isOne();
	}

	@Test
	void duringAChangeOfSecretANewNodeAndAnOldOneUnderstandEachOther() {
		ClusterSeal old = ClusterSeal.withSecret(SECRET_A, null, this.clock::get);
		ClusterSeal changed = ClusterSeal.withSecret(SECRET_B, SECRET_A, this.clock::get);
		ClusterSeal done = ClusterSeal.withSecret(SECRET_B, null, this.clock::get);
		// before it has heard the old node, the changed node sends with the previous
		// secret
		assertThat(old.openFrames("changed", "old", changed.sealFrames("changed", "old", BATCH))).isEqualTo(BATCH);
		assertThat(changed.openFrames("old", "changed", old.sealFrames("old", "changed", BATCH))).isEqualTo(BATCH);
		// each side checks the other's heartbeats
		assertThat(old.verify(Channel.HEARTBEAT, "changed", changed.sign(Channel.HEARTBEAT, "changed", BATCH), true))
			.isEqualTo(BATCH);
		assertThat(changed.verify(Channel.HEARTBEAT, "old", old.sign(Channel.HEARTBEAT, "old", BATCH), true))
			.isEqualTo(BATCH);
		assertThat(changed.openFrames("old", "changed", old.sealFrames("old", "changed", BATCH))).isEqualTo(BATCH);
		assertThat(old.openFrames("changed", "old", changed.sealFrames("changed", "old", BATCH))).isEqualTo(BATCH);
		// a node that holds only the new secret is sent the new one once it is heard
		assertThat(changed.verify(Channel.HEARTBEAT, "done", done.sign(Channel.HEARTBEAT, "done", BATCH), true))
			.isEqualTo(BATCH);
		assertThat(done.openFrames("changed", "done", changed.sealFrames("changed", "done", BATCH))).isEqualTo(BATCH);
		assertThat(done.verify(Channel.HEARTBEAT, "changed", changed.sign(Channel.HEARTBEAT, "changed", BATCH), true))
			.isEqualTo(BATCH);
		assertThat(done.openFrames("old", "done", old.sealFrames("old", "done", BATCH))).isNull();
	}

	@Test
	void inTheSecondRoundANodeWithBothSecretsSendsTheNewOneToANodeNotHeardYet() {
		ClusterSeal changed = ClusterSeal.withSecret(SECRET_B, SECRET_A, this.clock::get);
		ClusterSeal otherChanged = ClusterSeal.withSecret(SECRET_B, SECRET_A, this.clock::get);
		ClusterSeal done = ClusterSeal.withSecret(SECRET_B, null, this.clock::get);
		assertThat(
				changed.verify(Channel.HEARTBEAT, "other", otherChanged.sign(Channel.HEARTBEAT, "other", BATCH), true))
			.isEqualTo(BATCH);
		assertThat(done.openFrames("changed", "done", changed.sealFrames("changed", "done", BATCH))).isEqualTo(BATCH);
	}

	@Test
	void aNodeThatEncryptedWithTheNewSecretIsSentTheNewOne() {
		ClusterSeal changed = ClusterSeal.withSecret(SECRET_B, SECRET_A, this.clock::get);
		ClusterSeal done = ClusterSeal.withSecret(SECRET_B, null, this.clock::get);
		assertThat(changed.openFrames("done", "changed", done.sealFrames("done", "changed", BATCH))).isEqualTo(BATCH);
		assertThat(done.openFrames("changed", "done", changed.sealFrames("changed", "done", BATCH))).isEqualTo(BATCH);
	}

	@Test
	void aForgeryIsCountedAsUnauthenticatedWhateverTimeItClaims() {
		ClusterSeal stranger = ClusterSeal.withSecret(SECRET_B, null, () -> this.clock.get() - 3_600_000);
		assertThat(this.receiver.verify(Channel.HEARTBEAT, "node-1", stranger.sign(Channel.HEARTBEAT, "node-1", BATCH),
				true))
			.isNull();
		assertThat(this.receiver.openFrames("node-1", "node-2", stranger.sealFrames("node-1", "node-2", BATCH)))
			.isNull();
		assertThat(this.receiver.rejected("heartbeat", ClusterSeal.UNAUTHENTICATED)).isOne();
		assertThat(this.receiver.rejected(ClusterSeal.FRAMES, ClusterSeal.UNAUTHENTICATED)).isOne();
		assertThat(this.receiver.rejected("heartbeat", ClusterSeal.EXPIRED)
				+ this.receiver.rejected(ClusterSeal.FRAMES, ClusterSeal.EXPIRED))
			.isZero();
	}

	@Test
	void aRefusalLogsNoLineAndNoLengthThatTheSenderChose(CapturedOutput output) {
		String key = "service-1\n12:00:00.000 ERROR [main] dev.dispatch.Forged - FORGED" + "x".repeat(100_000);
		assertThat(this.receiver.verify(Channel.SERVICE_ENTRY, key, BATCH, true)).isNull();
		assertThat(output.toString()).contains("Refused an entry from service-1?12:00:00.000");
		assertThat(output.toString().lines()).noneMatch((line) -> line.startsWith("12:00:00.000 ERROR"))
			.allMatch((line) -> line.length() < 1_000);
	}

	@Test
	void aBatchSealedBeforeItsRecipientStartedIsRefused() {
		byte[] sealed = this.sender.sealFrames("node-1", "node-2", BATCH);
		assertThat(this.receiver.openFrames("node-1", "node-2", sealed)).isEqualTo(BATCH);
		this.clock.addAndGet(10_000);
		ClusterSeal restarted = ClusterSeal.withSecret(SECRET_A, null, this.clock::get);
		assertThat(restarted.openFrames("node-1", "node-2", sealed)).isNull();
		assertThat(restarted.rejected(ClusterSeal.FRAMES, ClusterSeal.EXPIRED)).isOne();
	}

	@Test
	void theOpenSealChangesNothing() {
		ClusterSeal open = ClusterSeal.open();
		assertThat(open.isEnabled()).isFalse();
		assertThat(open.sealFrames("node-1", "node-2", BATCH)).isSameAs(BATCH);
		assertThat(open.openFrames("node-1", "node-2", BATCH)).isSameAs(BATCH);
		assertThat(open.sign(Channel.HEARTBEAT, "node-1", BATCH)).isSameAs(BATCH);
	}

	@Test
	void aShortSecretIsRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ClusterSeal.withSecret("too-short", null, this.clock::get))
			.withMessageContaining("at least 32 characters");
	}

}
