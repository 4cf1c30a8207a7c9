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

import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * The copies of states that a backup holds: per key hash, a version and the encoded key
 * and state, in three arrays with open addressing, so that a copy costs its bytes and
 * about 45 to 80 more: the array's header, and 20 bytes of slots at the table's fill,
 * which is between three eighths and three quarters.
 * <p>
 * Threads: not thread-safe; guarded by its {@link BackupStore}.
 *
 * @author Dispatch team
 */
final class CopyTable {

	private static final byte[] FREE = null;

	private long[] keyHashes = new long[16];

	private long[] versions = new long[16];

	private byte[][] copies = new byte[16][];

	private int size;

	private long bytes;

	int size() {
		return this.size;
	}

	/**
	 * Return the bytes of the copies held, without the table's own.
	 */
	long bytes() {
		return this.bytes;
	}

	/**
	 * Return the version held for a key hash, or -1.
	 */
	long version(long keyHash) {
		int slot = find(keyHash);
		return (slot >= 0) ? this.versions[slot] : -1;
	}

	@Nullable byte[] copy(long keyHash) {
		int slot = find(keyHash);
		return (slot >= 0) ? this.copies[slot] : null;
	}

	void put(long keyHash, long version, byte[] copy) {
		int slot = find(keyHash);
		if (slot >= 0) {
			this.bytes += copy.length - this.copies[slot].length;
			this.versions[slot] = version;
			this.copies[slot] = copy;
			return;
		}
		if ((this.size + 1) * 4L > this.copies.length * 3L) {
			grow();
			slot = find(keyHash);
		}
		slot = ~slot;
		this.keyHashes[slot] = keyHash;
		this.versions[slot] = version;
		this.copies[slot] = copy;
		this.size++;
		this.bytes += copy.length;
	}

	void remove(long keyHash) {
		int slot = find(keyHash);
		if (slot < 0) {
			return;
		}
		this.bytes -= this.copies[slot].length;
		this.size--;
		int mask = this.copies.length - 1;
		// shift back the entries after it that would no longer be found
		int free = slot;
		for (int next = (free + 1) & mask; this.copies[next] != FREE; next = (next + 1) & mask) {
			int home = home(this.keyHashes[next], mask);
			if (((next - home) & mask) >= ((next - free) & mask)) {
				this.keyHashes[free] = this.keyHashes[next];
				this.versions[free] = this.versions[next];
				this.copies[free] = this.copies[next];
				free = next;
			}
		}
		this.copies[free] = FREE;
	}

	/**
	 * Return the key hashes held, in no order.
	 */
	long[] keyHashes() {
		long[] held = new long[this.size];
		int i = 0;
		for (int slot = 0; slot < this.copies.length; slot++) {
			if (this.copies[slot] != FREE) {
				held[i++] = this.keyHashes[slot];
			}
		}
		return held;
	}

	/**
	 * Return the slot of a key hash, or the complement of the free slot where it would
	 * go.
	 */
	private int find(long keyHash) {
		int mask = this.copies.length - 1;
		for (int slot = home(keyHash, mask);; slot = (slot + 1) & mask) {
			if (this.copies[slot] == FREE) {
				return ~slot;
			}
			if (this.keyHashes[slot] == keyHash) {
				return slot;
			}
		}
	}

	private static int home(long keyHash, int mask) {
		return (int) (keyHash ^ (keyHash >>> 32)) & mask;
	}

	private void grow() {
		long[] oldHashes = this.keyHashes;
		long[] oldVersions = this.versions;
		byte[][] oldCopies = this.copies;
		int capacity = oldCopies.length * 2;
		this.keyHashes = new long[capacity];
		this.versions = new long[capacity];
		this.copies = new byte[capacity][];
		int mask = capacity - 1;
		for (int i = 0; i < oldCopies.length; i++) {
			if (oldCopies[i] != FREE) {
				int slot = home(oldHashes[i], mask);
				while (this.copies[slot] != FREE) {
					slot = (slot + 1) & mask;
				}
				this.keyHashes[slot] = oldHashes[i];
				this.versions[slot] = oldVersions[i];
				this.copies[slot] = oldCopies[i];
			}
		}
		Arrays.fill(oldCopies, null);
	}

}
