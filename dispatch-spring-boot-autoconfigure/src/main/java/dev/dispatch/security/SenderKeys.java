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

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.spec.SecretKeySpec;

/**
 * The keys with which the other nodes encrypt for this one, derived from a secret, each
 * sender's salt and this node's id, kept once a batch has opened with them so that the
 * next batches skip the derivation. Only keys that opened an authentic batch are kept, so
 * only nodes that hold a secret can make this remember them; it forgets everything when
 * it holds too many.
 * <p>
 * Threads: Hazelcast's event threads get and remember concurrently.
 *
 * @author Dispatch team
 */
final class SenderKeys {

	private static final int MAX_SENDERS = 1024;

	private final Map<Sender, SecretKeySpec> keys = new ConcurrentHashMap<>();

	/**
	 * Return a sender's key: the one kept, or a new derivation.
	 * @param secret the secret the sealed bytes name
	 * @param header their header, with the sender's salt
	 * @param recipient this node's id
	 * @return the key
	 */
	SecretKeySpec get(SecretKeys secret, SealHeader header, String recipient) {
		SecretKeySpec key = this.keys.get(new Sender(secret.fingerprint(), header.salt(), recipient));
		return (key != null) ? key : secret.encryptionKey(header.saltBytes(), recipient);
	}

	/**
	 * Keep a key that opened an authentic batch.
	 * @param secret the secret it was derived from
	 * @param header the batch's header
	 * @param recipient this node's id
	 * @param key the key
	 */
	void remember(SecretKeys secret, SealHeader header, String recipient, SecretKeySpec key) {
		Sender sender = new Sender(secret.fingerprint(), header.salt(), recipient);
		if (this.keys.containsKey(sender)) {
			return;
		}
		if (this.keys.size() >= MAX_SENDERS) {
			this.keys.clear();
		}
		this.keys.put(sender, key);
	}

	private record Sender(int fingerprint, ReplayGuard.Salt salt, String recipient) {
	}

}
