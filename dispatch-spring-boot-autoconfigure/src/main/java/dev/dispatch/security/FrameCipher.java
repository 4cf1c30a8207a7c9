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

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;

/**
 * AES-GCM encryption of the batches of frames that one node sends another: the key is
 * derived from the secret, the sender's salt and the recipient's node id, the nonce is
 * the sender's counter for that recipient (see {@link Outgoing}), and the header, the
 * secret's fingerprint, the sender's and the recipient's node ids are authenticated with
 * the bytes, so that a batch cannot be read, changed, or passed off as another sender's
 * or for another recipient.
 * <p>
 * Threads: any; each thread keeps its own {@link Cipher}.
 *
 * @author Dispatch team
 */
final class FrameCipher {

	private static final String TRANSFORMATION = "AES/GCM/NoPadding";

	private static final int TAG_BITS = 128;

	private static final ThreadLocal<Cipher> ciphers = ThreadLocal.withInitial(() -> {
		try {
			return Cipher.getInstance(TRANSFORMATION);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("This JDK cannot encrypt with " + TRANSFORMATION, ex);
		}
	});

	private FrameCipher() {
	}

	/**
	 * Encrypt a batch.
	 * @param header the header, with this sender's salt and a counter it never used for
	 * this recipient
	 * @param secret the secret to encrypt with
	 * @param key the sender's key for that secret and this recipient
	 * @param sender the sender's node id
	 * @param recipient the recipient's node id
	 * @param batch the batch
	 * @return the header, the fingerprint and the encrypted batch with its tag
	 */
	static byte[] seal(SealHeader header, SecretKeys secret, SecretKeySpec key, String sender, String recipient,
			byte[] batch) {
		Cipher cipher = ciphers.get();
		ByteBuffer out = ByteBuffer.allocate(SealHeader.LENGTH + 4 + batch.length + TAG_BITS / 8);
		header.write(out);
		out.putInt(secret.fingerprint());
		try {
			cipher.init(Cipher.ENCRYPT_MODE, key, nonce(header.counter()));
			cipher.updateAAD(out.array(), 0, out.position());
			cipher.updateAAD(names(sender, recipient));
			cipher.doFinal(ByteBuffer.wrap(batch), out);
			return out.array();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Could not encrypt a batch for node " + recipient, ex);
		}
	}

	/**
	 * Decrypt a batch.
	 * @param sealed the sealed bytes
	 * @param header their header, already read
	 * @param key the sender's key for the secret their fingerprint names
	 * @param sender the node id of the member that published them
	 * @param recipient this node's id
	 * @return the batch, or {@code null} if the bytes are not authentic
	 */
	static byte @Nullable [] open(byte[] sealed, SealHeader header, SecretKeySpec key, String sender,
			String recipient) {
		int start = SealHeader.LENGTH + 4;
		if (sealed.length < start + TAG_BITS / 8) {
			return null;
		}
		Cipher cipher = ciphers.get();
		try {
			cipher.init(Cipher.DECRYPT_MODE, key, nonce(header.counter()));
			cipher.updateAAD(sealed, 0, start);
			cipher.updateAAD(names(sender, recipient));
			return cipher.doFinal(sealed, start, sealed.length - start);
		}
		catch (AEADBadTagException ex) {
			return null;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Could not decrypt a batch from node " + sender, ex);
		}
	}

	static int fingerprintOf(byte[] sealed) {
		return ByteBuffer.wrap(sealed, SealHeader.LENGTH, 4).getInt();
	}

	private static GCMParameterSpec nonce(long counter) {
		return new GCMParameterSpec(TAG_BITS, ByteBuffer.allocate(12).putLong(4, counter).array());
	}

	// length-prefixed, so that no two pairs of names give the same bytes
	private static byte[] names(String sender, String recipient) {
		byte[] from = sender.getBytes(StandardCharsets.UTF_8);
		byte[] to = recipient.getBytes(StandardCharsets.UTF_8);
		return ByteBuffer.allocate(4 + from.length + to.length).putInt(from.length).put(from).put(to).array();
	}

}
