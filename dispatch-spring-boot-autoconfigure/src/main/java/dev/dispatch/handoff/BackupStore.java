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

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.dispatch.handoff.BackupFrames.Copy;
import dev.dispatch.ring.KeyArcs;

/**
 * The copies that one service of this node holds as a backup of other services' keys: for
 * each key, only the newest version it was sent, until the owner drops it there or this
 * service takes the key over.
 * <p>
 * Threads: copies arrive on the inbox thread (or an owner's worker on this node); the
 * service's worker takes them over; the endpoint reads the sizes. All lock this object.
 *
 * @author Dispatch team
 */
final class BackupStore {

	private final CopyTable table = new CopyTable();

	/**
	 * Apply copies, each if newer than the one held; a deleted or dropped key is
	 * forgotten.
	 * @return the version held of each key afterwards, to acknowledge
	 */
	synchronized long[] apply(List<Copy> copies) {
		long[] held = new long[copies.size()];
		for (int i = 0; i < copies.size(); i++) {
			Copy copy = copies.get(i);
			long current = this.table.version(copy.keyHash());
			if (copy.version() > current || (copy.kind() != BackupFrames.STATE && copy.version() == current)) {
				if (copy.kind() == BackupFrames.STATE) {
					this.table.put(copy.keyHash(), copy.version(), copy.state());
				}
				else {
					this.table.remove(copy.keyHash());
				}
				current = copy.version();
			}
			held[i] = Math.max(current, copy.version());
		}
		return held;
	}

	/**
	 * Remove and return the copy of a key, to take it over.
	 * @return its version and bytes, or {@code null} if none is held
	 */
	synchronized @Nullable Held take(long keyHash) {
		byte[] copy = this.table.copy(keyHash);
		if (copy == null) {
			return null;
		}
		long version = this.table.version(keyHash);
		this.table.remove(keyHash);
		return new Held(version, copy);
	}

	/**
	 * Forget the copy of a key whose state this service was handed.
	 * @return the version it held, or -1
	 */
	synchronized long forget(long keyHash) {
		long version = this.table.version(keyHash);
		this.table.remove(keyHash);
		return version;
	}

	/**
	 * Return the copies held of the keys in some arcs, to hand them to a service that
	 * waited for their states from an owner that died.
	 * @param arcs the arcs
	 * @return the copies, at their versions
	 */
	synchronized List<Copy> copiesIn(KeyArcs arcs) {
		List<Copy> copies = new ArrayList<>();
		for (long keyHash : this.table.keyHashes()) {
			if (arcs.contains(keyHash)) {
				copies
					.add(new Copy(keyHash, this.table.version(keyHash), BackupFrames.STATE, this.table.copy(keyHash)));
			}
		}
		return copies;
	}

	synchronized long version(long keyHash) {
		return this.table.version(keyHash);
	}

	synchronized long[] keyHashes() {
		return this.table.keyHashes();
	}

	synchronized int size() {
		return this.table.size();
	}

	synchronized long bytes() {
		return this.table.bytes();
	}

	record Held(long version, byte[] copy) {

	}

}
