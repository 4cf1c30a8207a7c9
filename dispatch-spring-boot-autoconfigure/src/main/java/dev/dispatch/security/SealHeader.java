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

import org.jspecify.annotations.Nullable;

/**
 * The header that starts everything sealed: a version, what it is, the sender's salt, the
 * sender's counter and the time it was sealed at by the sender's clock. All of it is
 * authenticated.
 *
 * @param kind what is sealed
 * @param salt the sender's salt
 * @param counter the sender's counter, never used twice by one sender
 * @param millis when it was sealed, by the sender's clock
 * @author Dispatch team
 */
record SealHeader(byte kind, ReplayGuard.Salt salt, long counter, long millis) {

	static final byte VERSION = 1;

	static final int LENGTH = 2 + 16 + 8 + 8;

	void write(ByteBuffer buffer) {
		buffer.put(VERSION).put(this.kind).putLong(this.salt.high()).putLong(this.salt.low());
		buffer.putLong(this.counter).putLong(this.millis);
	}

	byte[] saltBytes() {
		return ByteBuffer.allocate(16).putLong(this.salt.high()).putLong(this.salt.low()).array();
	}

	/**
	 * Read a header of a kind.
	 * @param buffer the sealed bytes, positioned at their start and moved past the header
	 * @param kind the kind expected
	 * @return the header, or {@code null} if the bytes do not start with one of that kind
	 */
	static @Nullable SealHeader read(ByteBuffer buffer, byte kind) {
		if (buffer.remaining() < LENGTH || buffer.get() != VERSION || buffer.get() != kind) {
			return null;
		}
		ReplayGuard.Salt salt = new ReplayGuard.Salt(buffer.getLong(), buffer.getLong());
		return new SealHeader(kind, salt, buffer.getLong(), buffer.getLong());
	}

}
