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
import java.security.GeneralSecurityException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The keys derived from one cluster secret, each for one use, with HMAC-SHA256 as the
 * derivation function: a key that signs, a root from which each sender's encryption key
 * is derived, and a fingerprint that names the secret in what is sealed with it without
 * revealing it.
 * <p>
 * Threads: immutable; every {@link Mac} is created for the call that uses it.
 *
 * @author Dispatch team
 */
final class SecretKeys {

	static final String HMAC = "HmacSHA256";

	private static final int MAC_LENGTH = 16;

	private final int fingerprint;

	private final SecretKeySpec signingKey;

	private final SecretKeySpec encryptionRoot;

	private SecretKeys(byte[] secret) {
		SecretKeySpec master = new SecretKeySpec(secret, HMAC);
		this.fingerprint = ByteBuffer.wrap(derive(master, "dispatch fingerprint")).getInt();
		this.signingKey = new SecretKeySpec(derive(master, "dispatch signing"), HMAC);
		this.encryptionRoot = new SecretKeySpec(derive(master, "dispatch encryption"), HMAC);
	}

	/**
	 * Derive the keys of a secret.
	 * @param secret the secret
	 * @return its keys
	 */
	static SecretKeys of(String secret) {
		return new SecretKeys(secret.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * Return the fingerprint that names this secret in sealed bytes.
	 * @return the fingerprint
	 */
	int fingerprint() {
		return this.fingerprint;
	}

	/**
	 * Return the AES-256 key with which one sender encrypts for one recipient, named by
	 * the sender's salt and the recipient's node id: each sender draws a new salt when it
	 * starts, and numbers the batches to each recipient from 0, so that no two senders,
	 * no sender that restarts, and no two recipients of one sender ever share a key, and
	 * no key meets the same counter twice.
	 * @param salt the sender's salt, 16 bytes
	 * @param recipient the recipient's node id
	 * @return the key
	 */
	SecretKeySpec encryptionKey(byte[] salt, String recipient) {
		Mac mac = mac(this.encryptionRoot);
		// the salt has a fixed length, so no two pairs give the same bytes
		mac.update(salt);
		return new SecretKeySpec(mac.doFinal(recipient.getBytes(StandardCharsets.UTF_8)), "AES");
	}

	/**
	 * Sign bytes.
	 * @param bytes the bytes, in pieces that are signed as if joined
	 * @return the first 16 bytes of their HMAC-SHA256
	 */
	byte[] sign(byte[]... bytes) {
		Mac mac = mac(this.signingKey);
		for (byte[] piece : bytes) {
			mac.update(piece);
		}
		byte[] full = mac.doFinal();
		byte[] truncated = new byte[MAC_LENGTH];
		System.arraycopy(full, 0, truncated, 0, MAC_LENGTH);
		return truncated;
	}

	static int macLength() {
		return MAC_LENGTH;
	}

	private static byte[] derive(SecretKeySpec master, String purpose) {
		return mac(master).doFinal(purpose.getBytes(StandardCharsets.UTF_8));
	}

	private static Mac mac(SecretKeySpec key) {
		try {
			Mac mac = Mac.getInstance(HMAC);
			mac.init(key);
			return mac;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("This JDK cannot compute " + HMAC, ex);
		}
	}

}
