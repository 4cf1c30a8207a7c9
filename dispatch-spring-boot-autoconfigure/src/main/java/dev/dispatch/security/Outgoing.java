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

import java.security.SecureRandom;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

/**
 * What this node numbers the things it seals with: a random salt, and one counter per
 * stream, each from 0: one for each channel of signed bytes, and one for the batches of
 * frames to each recipient, so that a receiver's window for a stream sees that stream's
 * counters alone. The batches to a recipient are encrypted under keys derived from the
 * secret, the salt and the recipient's node id: each key serves one counter, so no two
 * batches share a key and a nonce.
 * <p>
 * A recipient's counter is never forgotten while the salt is in use, since it would start
 * again at 0 under the same key. Once this counts for {@link #MAX_RECIPIENTS} recipients
 * it is full, and the seal replaces it with a new one, under a new salt.
 * <p>
 * Threads: any thread that seals, concurrently; the counters are atomic, the channels'
 * map is filled before this is shared, and the recipients' map is concurrent.
 *
 * @author Dispatch team
 */
final class Outgoing {

	/**
	 * For how many recipients one salt counts.
	 */
	static final int MAX_RECIPIENTS = 4096;

	private final ReplayGuard.Salt salt;

	private final byte[] saltBytes;

	private final SecretKeys current;

	private final @Nullable SecretKeys previous;

	private final Map<Channel, AtomicLong> channels = new EnumMap<>(Channel.class);

	private final Map<String, Recipient> recipients = new ConcurrentHashMap<>();

	Outgoing(SecretKeys current, @Nullable SecretKeys previous, SecureRandom random) {
		this.salt = new ReplayGuard.Salt(random.nextLong(), random.nextLong());
		this.saltBytes = new SealHeader((byte) 0, this.salt, 0, 0).saltBytes();
		this.current = current;
		this.previous = previous;
		for (Channel channel : Channel.values()) {
			this.channels.put(channel, new AtomicLong());
		}
	}

	/**
	 * Return the header of the next signed bytes of a channel.
	 * @param channel the channel
	 * @param millis the time now, by this node's clock
	 * @return the header
	 */
	SealHeader next(Channel channel, long millis) {
		return new SealHeader(channel.kind, this.salt, this.channels.get(channel).getAndIncrement(), millis);
	}

	/**
	 * Return the stream of batches to a recipient.
	 * @param recipient the recipient's node id
	 * @return the stream, or {@code null} if this is full and must be replaced
	 */
	@Nullable Recipient to(String recipient) {
		Recipient stream = this.recipients.get(recipient);
		if (stream != null || this.recipients.size() >= MAX_RECIPIENTS) {
			return stream;
		}
		return this.recipients.computeIfAbsent(recipient, (id) -> new Recipient(id));
	}

	/**
	 * Return whether this counts for as many recipients as it may.
	 * @return whether it must be replaced
	 */
	boolean isFull() {
		return this.recipients.size() >= MAX_RECIPIENTS;
	}

	/**
	 * The batches to one recipient: their counter and their keys.
	 */
	final class Recipient {

		private final AtomicLong counter = new AtomicLong();

		private final SecretKeySpec currentKey;

		private final @Nullable SecretKeySpec previousKey;

		private Recipient(String id) {
			this.currentKey = Outgoing.this.current.encryptionKey(Outgoing.this.saltBytes, id);
			this.previousKey = (Outgoing.this.previous != null)
					? Outgoing.this.previous.encryptionKey(Outgoing.this.saltBytes, id) : null;
		}

		/**
		 * Return the header of the next batch to this recipient.
		 * @param millis the time now, by this node's clock
		 * @return the header
		 */
		SealHeader next(long millis) {
			return new SealHeader(Channel.FRAMES_KIND, Outgoing.this.salt, this.counter.getAndIncrement(), millis);
		}

		/**
		 * Return the key of a secret of this node for this recipient.
		 * @param secret the current or the previous secret
		 * @return the key
		 */
		SecretKeySpec key(SecretKeys secret) {
			if (secret == Outgoing.this.current) {
				return this.currentKey;
			}
			if (secret != Outgoing.this.previous || this.previousKey == null) {
				throw new IllegalStateException("Not a secret of this node");
			}
			return this.previousKey;
		}

	}

}
