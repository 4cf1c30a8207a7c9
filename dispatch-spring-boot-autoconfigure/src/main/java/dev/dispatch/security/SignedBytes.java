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
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;

import org.jspecify.annotations.Nullable;

/**
 * The layout of signed bytes: the header, one or two signatures (a secret's fingerprint
 * and the HMAC of the header, the context and the body), then the body in the clear. Each
 * signature covers the same bytes, so that a node that holds either secret can check
 * them.
 *
 * @author Dispatch team
 */
final class SignedBytes {

	private static final int SIGNATURE_LENGTH = 4 + SecretKeys.macLength();

	private SignedBytes() {
	}

	static byte[] sign(SealHeader header, List<SecretKeys> secrets, String context, byte[] body) {
		ByteBuffer out = ByteBuffer.allocate(SealHeader.LENGTH + 1 + secrets.size() * SIGNATURE_LENGTH + body.length);
		header.write(out);
		byte[] headerBytes = new byte[SealHeader.LENGTH];
		System.arraycopy(out.array(), 0, headerBytes, 0, SealHeader.LENGTH);
		byte[] signers = signers(secrets.stream().mapToInt(SecretKeys::fingerprint).toArray());
		out.put((byte) secrets.size());
		for (SecretKeys secret : secrets) {
			out.putInt(secret.fingerprint()).put(secret.sign(headerBytes, signers, contextBytes(context), body));
		}
		return out.put(body).array();
	}

	/**
	 * Read and check signed bytes.
	 * @param signed the bytes
	 * @param kind the kind they should be
	 * @param context what they should belong to
	 * @param secrets the secret each fingerprint names, or {@code null} for one this node
	 * does not hold
	 * @return what was read, or {@code null} if the bytes are not laid out as signed ones
	 */
	static @Nullable Checked check(byte[] signed, byte kind, String context,
			IntFunction<@Nullable SecretKeys> secrets) {
		ByteBuffer buffer = ByteBuffer.wrap(signed);
		SealHeader header = SealHeader.read(buffer, kind);
		int signatures = (header != null && buffer.hasRemaining()) ? buffer.get() : -1;
		if (header == null || signatures < 1 || signatures > 2 || buffer.remaining() < signatures * SIGNATURE_LENGTH) {
			return null;
		}
		byte[] body = new byte[buffer.remaining() - signatures * SIGNATURE_LENGTH];
		System.arraycopy(signed, signed.length - body.length, body, 0, body.length);
		byte[] headerBytes = new byte[SealHeader.LENGTH];
		System.arraycopy(signed, 0, headerBytes, 0, SealHeader.LENGTH);
		byte[] contextBytes = contextBytes(context);
		int[] fingerprints = new int[signatures];
		byte[][] macs = new byte[signatures][SecretKeys.macLength()];
		for (int i = 0; i < signatures; i++) {
			fingerprints[i] = buffer.getInt();
			buffer.get(macs[i]);
		}
		byte[] signerBytes = signers(fingerprints);
		List<SecretKeys> signers = new ArrayList<>(2);
		for (int i = 0; i < signatures; i++) {
			SecretKeys secret = secrets.apply(fingerprints[i]);
			if (secret != null
					&& MessageDigest.isEqual(macs[i], secret.sign(headerBytes, signerBytes, contextBytes, body))) {
				signers.add(secret);
			}
		}
		return new Checked(header, body, signers);
	}

	// which secrets signed, signed too: none can be stripped unnoticed
	private static byte[] signers(int[] fingerprints) {
		ByteBuffer bytes = ByteBuffer.allocate(1 + 4 * fingerprints.length).put((byte) fingerprints.length);
		for (int fingerprint : fingerprints) {
			bytes.putInt(fingerprint);
		}
		return bytes.array();
	}

	// length-prefixed, so that the context and the body cannot be split differently
	private static byte[] contextBytes(String context) {
		byte[] bytes = context.getBytes(StandardCharsets.UTF_8);
		return ByteBuffer.allocate(4 + bytes.length).putInt(bytes.length).put(bytes).array();
	}

	/**
	 * Signed bytes, read.
	 *
	 * @param header their header
	 * @param body what was signed
	 * @param signers the secrets of this node whose signatures hold: none for bytes that
	 * are not authentic
	 */
	record Checked(SealHeader header, byte[] body, List<SecretKeys> signers) {
	}

}
