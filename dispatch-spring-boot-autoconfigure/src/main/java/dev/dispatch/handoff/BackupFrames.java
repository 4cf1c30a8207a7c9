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

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The wire form of backups: an owner sends copies of its keys' states to a backup, which
 * acknowledges the versions it holds. Every length and count is checked against the frame
 * before anything is allocated, since any member may send one.
 *
 * @author Dispatch team
 */
final class BackupFrames {

	/**
	 * The kind of frame that carries copies of states.
	 */
	static final byte COPIES = 1;

	/**
	 * The kind of frame that acknowledges copies.
	 */
	static final byte ACKS = 2;

	static final byte STATE = 0;

	static final byte DELETED = 1;

	static final byte DROPPED = 2;

	private static final int MAX_ENTRIES = 4096;

	private BackupFrames() {
	}

	static byte[] copies(String ownerId, String backupId, List<Copy> copies) {
		return write((out) -> {
			out.writeUTF(ownerId);
			out.writeUTF(backupId);
			out.writeInt(copies.size());
			for (Copy copy : copies) {
				out.writeLong(copy.keyHash());
				out.writeLong(copy.version());
				out.writeByte(copy.kind());
				if (copy.kind() == STATE) {
					out.writeInt(copy.state().length);
					out.write(copy.state());
				}
			}
		});
	}

	static Copies readCopies(byte[] frame) throws IOException {
		DataInputStream in = new DataInputStream(new ByteArrayInputStream(frame));
		String ownerId = in.readUTF();
		String backupId = in.readUTF();
		int count = count(in);
		List<Copy> copies = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			long keyHash = in.readLong();
			long version = in.readLong();
			byte kind = in.readByte();
			if (kind < STATE || kind > DROPPED) {
				throw new IOException("A copy of kind " + kind + " is unknown");
			}
			copies.add(new Copy(keyHash, version, kind, (kind == STATE) ? bytes(in) : new byte[0]));
		}
		return new Copies(ownerId, backupId, copies);
	}

	static byte[] acks(String backupId, String ownerId, long[] keyHashes, long[] versions) {
		return write((out) -> {
			out.writeUTF(backupId);
			out.writeUTF(ownerId);
			out.writeInt(keyHashes.length);
			for (int i = 0; i < keyHashes.length; i++) {
				out.writeLong(keyHashes[i]);
				out.writeLong(versions[i]);
			}
		});
	}

	static Acks readAcks(byte[] frame) throws IOException {
		DataInputStream in = new DataInputStream(new ByteArrayInputStream(frame));
		String backupId = in.readUTF();
		String ownerId = in.readUTF();
		int count = count(in);
		if (count * 16L > in.available()) {
			throw new IOException("An acknowledgement of " + count + " copies exceeds its frame");
		}
		long[] keyHashes = new long[count];
		long[] versions = new long[count];
		for (int i = 0; i < count; i++) {
			keyHashes[i] = in.readLong();
			versions[i] = in.readLong();
		}
		return new Acks(backupId, ownerId, keyHashes, versions);
	}

	private static int count(DataInputStream in) throws IOException {
		int count = in.readInt();
		if (count < 0 || count > MAX_ENTRIES) {
			throw new IOException("A frame of " + count + " copies exceeds the limit of " + MAX_ENTRIES);
		}
		return count;
	}

	private static byte[] bytes(DataInputStream in) throws IOException {
		int length = in.readInt();
		if (length < 0 || length > in.available()) {
			throw new IOException("A state of " + length + " bytes exceeds its frame");
		}
		return in.readNBytes(length);
	}

	/**
	 * Return the bytes that a writer writes.
	 */
	static byte[] write(Writer writer) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			writer.write(out);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	/**
	 * Writes a frame.
	 */
	@FunctionalInterface
	interface Writer {

		void write(DataOutputStream out) throws IOException;

	}

	/**
	 * A copy of a key's state at a version: the encoded key and state, or the news that
	 * the owner deleted it, or that this backup no longer holds it.
	 *
	 * @param keyHash the hash of the key
	 * @param version the version
	 * @param kind {@link #STATE}, {@link #DELETED} or {@link #DROPPED}
	 * @param state the encoded key and state, for a {@link #STATE}
	 */
	record Copy(long keyHash, long version, byte kind, byte[] state) {

	}

	record Copies(String ownerId, String backupId, List<Copy> copies) {

	}

	record Acks(String backupId, String ownerId, long[] keyHashes, long[] versions) {

	}

}
