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

import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.dispatch.security.ClusterSeal;

/**
 * What a connection to a {@link MessagePort} says first: a magic number, the sending
 * node's id and, sealed for the receiving node with the cluster secret, the UUID of its
 * member and when it opened the connection. Its parts are bounded, and read before
 * anything else is.
 *
 * @param node the sending node's id
 * @param sealedMember the sealed part
 * @author Dispatch team
 */
record LinkHello(String node, byte[] sealedMember) {

	static final int MAGIC = 0x44535031;

	static final int TAKEN = 1;

	private static final int MAX_NODE_BYTES = 256;

	private static final int MAX_SEALED_BYTES = 1024;

	static byte[] write(String node, UUID member, ClusterSeal seal, String recipient) {
		return write(node, member, System.nanoTime(), seal, recipient);
	}

	static byte[] write(String node, UUID member, long opened, ClusterSeal seal, String recipient) {
		byte[] id = node.getBytes(StandardCharsets.UTF_8);
		byte[] sealed = seal.sealFrames(node, recipient,
				ByteBuffer.allocate(Sealed.BYTES)
					.putLong(member.getMostSignificantBits())
					.putLong(member.getLeastSignificantBits())
					.putLong(opened)
					.array());
		return ByteBuffer.allocate(4 + 2 + id.length + 4 + sealed.length)
			.putInt(MAGIC)
			.putShort((short) id.length)
			.put(id)
			.putInt(sealed.length)
			.put(sealed)
			.array();
	}

	static @Nullable LinkHello read(DataInputStream in) throws IOException {
		if (in.readInt() != MAGIC) {
			return null;
		}
		int idLength = in.readUnsignedShort();
		if (idLength == 0 || idLength > MAX_NODE_BYTES) {
			return null;
		}
		byte[] id = new byte[idLength];
		in.readFully(id);
		int sealedLength = in.readInt();
		if (sealedLength < 16 || sealedLength > MAX_SEALED_BYTES) {
			return null;
		}
		byte[] sealed = new byte[sealedLength];
		in.readFully(sealed);
		return new LinkHello(new String(id, StandardCharsets.UTF_8), sealed);
	}

	/**
	 * The sealed part of a hello: the member's UUID, and when the member opened the
	 * connection, on its own monotonic clock.
	 */
	record Sealed(UUID member, long opened) {

		static final int BYTES = 24;

		static @Nullable Sealed of(byte[] opened) {
			if (opened.length != BYTES) {
				return null;
			}
			ByteBuffer buffer = ByteBuffer.wrap(opened);
			return new Sealed(new UUID(buffer.getLong(), buffer.getLong()), buffer.getLong());
		}

	}

}
