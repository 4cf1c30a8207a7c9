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

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.dispatch.handoff.BackupFrames.Acks;
import dev.dispatch.handoff.BackupFrames.Copies;
import dev.dispatch.handoff.BackupFrames.Copy;
import dev.dispatch.ring.KeyArcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * A backup applies only copies newer than the one it holds, whatever order they arrive
 * in, and acknowledges what it holds; frames from a hostile member are refused before
 * anything is allocated for them.
 *
 * @author Dispatch team
 */
class BackupStoreTests {

	private final BackupStore store = new BackupStore();

	private static Copy state(long keyHash, long version, String bytes) {
		return new Copy(keyHash, version, BackupFrames.STATE, bytes.getBytes());
	}

	@Test
	void anOlderCopyThatArrivesLateChangesNothingAndIsAcknowledgedWithTheNewerVersion() {
		assertThat(this.store.apply(List.of(state(1, 5, "five")))).containsExactly(5);
		assertThat(this.store.apply(List.of(state(1, 3, "three")))).containsExactly(5);
		assertThat(new String(this.store.take(1).copy())).isEqualTo("five");
	}

	@Test
	void theCopiesInSomeArcsAreThoseOfTheKeysInThemAtTheirVersions() {
		long inside = Long.MIN_VALUE + (100L << 40);
		long outside = Long.MAX_VALUE - (100L << 40);
		this.store.apply(List.of(state(inside, 5, "in"), state(outside, 6, "out")));
		// the keys of the upper half of a ring's comparison space: key hashes below zero
		KeyArcs half = KeyArcs.ofBounds(new long[] { 0, KeyArcs.ALL.bounds()[1] });
		assertThat(this.store.copiesIn(half)).singleElement().satisfies((copy) -> {
			assertThat(copy.keyHash()).isEqualTo(inside);
			assertThat(copy.version()).isEqualTo(5);
			assertThat(new String(copy.state())).isEqualTo("in");
		});
		assertThat(this.store.copiesIn(KeyArcs.EMPTY)).isEmpty();
		assertThat(this.store.copiesIn(KeyArcs.ALL)).hasSize(2);
	}

	@Test
	void aDeletionOrDropForgetsTheKeyButNotANewerCopy() {
		this.store.apply(List.of(state(1, 5, "five"), state(2, 5, "five")));
		this.store.apply(List.of(new Copy(1, 5, BackupFrames.DELETED, new byte[0]),
				new Copy(2, 4, BackupFrames.DROPPED, new byte[0])));
		assertThat(this.store.take(1)).isNull();
		assertThat(this.store.version(2)).isEqualTo(5);
	}

	@Test
	void aCopyTakenOverOrForgottenIsNoLongerHeld() {
		this.store.apply(List.of(state(1, 1, "one"), state(2, 1, "two")));
		assertThat(this.store.take(1).version()).isEqualTo(1);
		assertThat(this.store.forget(2)).isEqualTo(1);
		assertThat(this.store.size()).isZero();
		assertThat(this.store.bytes()).isZero();
	}

	@Test
	void framesRoundTrip() throws IOException {
		Copies copies = BackupFrames.readCopies(BackupFrames.copies("owner", "backup",
				List.of(state(1, 2, "x"), new Copy(3, 4, BackupFrames.DELETED, new byte[0]))));
		assertThat(copies.ownerId()).isEqualTo("owner");
		assertThat(copies.backupId()).isEqualTo("backup");
		assertThat(copies.copies()).hasSize(2);
		assertThat(new String(copies.copies().get(0).state())).isEqualTo("x");
		assertThat(copies.copies().get(1).kind()).isEqualTo(BackupFrames.DELETED);
		Acks acks = BackupFrames
			.readAcks(BackupFrames.acks("backup", "owner", new long[] { 1, 3 }, new long[] { 2, 4 }));
		assertThat(acks.keyHashes()).containsExactly(1, 3);
		assertThat(acks.versions()).containsExactly(2, 4);
	}

	@Test
	void hostileFramesAreRefused() {
		byte[] valid = BackupFrames.copies("owner", "backup", List.of(state(1, 2, "x")));
		// a count beyond the limit
		byte[] huge = valid.clone();
		int count = 2 + "owner".length() + 2 + "backup".length();
		huge[count] = 0x7f;
		assertThatIOException().isThrownBy(() -> BackupFrames.readCopies(huge)).withMessageContaining("exceeds");
		// a state longer than the frame
		byte[] longer = valid.clone();
		longer[longer.length - 2] = 0x7f;
		assertThatIOException().isThrownBy(() -> BackupFrames.readCopies(longer)).withMessageContaining("exceeds");
		// a kind that does not exist
		byte[] unknown = BackupFrames.copies("owner", "backup", List.of(new Copy(1, 2, (byte) 9, new byte[0])));
		assertThatIOException().isThrownBy(() -> BackupFrames.readCopies(unknown)).withMessageContaining("unknown");
		// acknowledgements that claim more entries than they carry
		byte[] acks = BackupFrames.acks("backup", "owner", new long[] { 1 }, new long[] { 2 });
		acks[2 + "backup".length() + 2 + "owner".length() + 3] = 9;
		assertThatIOException().isThrownBy(() -> BackupFrames.readAcks(acks)).withMessageContaining("exceeds");
	}

}
