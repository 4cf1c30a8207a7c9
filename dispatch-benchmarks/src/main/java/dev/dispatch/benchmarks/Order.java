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

package dev.dispatch.benchmarks;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import tools.jackson.databind.json.JsonMapper;

/**
 * The message of {@link CallComparison}: a record of about 110 bytes as JSON, sent with a
 * key of 40 bytes. Dispatch encodes it with its own codec; the gRPC and topic rows encode
 * it, with its key, by {@link #encode} and decode it by {@link #decode}, so that every
 * row turns the record into bytes and back.
 *
 * @param account the account
 * @param item the item, the reply of every row
 * @param quantity how many
 * @param priceCents the price
 * @param placedAt when
 * @param note a note
 * @author Dispatch team
 */
public record Order(String account, String item, int quantity, long priceCents, long placedAt,
		String note) implements Serializable {

	/**
	 * The length of every key.
	 */
	static final int KEY_LENGTH = 40;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	static final Order SAMPLE = new Order("acct-12345", "widget-42", 3, 1_299, 1_767_225_600_000L, "gift");

	/**
	 * Return the {@code i}-th key, 40 bytes long.
	 * @param prefix a prefix of up to 8 characters
	 * @param i its number
	 * @return the key
	 */
	static String key(String prefix, long i) {
		String number = Long.toString(i);
		char[] zeros = new char[KEY_LENGTH - prefix.length() - number.length()];
		Arrays.fill(zeros, '0');
		return prefix + new String(zeros) + number;
	}

	/**
	 * Return the key, a newline and the record as JSON.
	 * @param key the key
	 * @param order the record
	 * @return the bytes
	 */
	static byte[] encode(String key, Order order) {
		byte[] json = JSON.writeValueAsBytes(order);
		byte[] bytes = new byte[KEY_LENGTH + 1 + json.length];
		System.arraycopy(key.getBytes(StandardCharsets.US_ASCII), 0, bytes, 0, KEY_LENGTH);
		bytes[KEY_LENGTH] = '\n';
		System.arraycopy(json, 0, bytes, KEY_LENGTH + 1, json.length);
		return bytes;
	}

	/**
	 * Return the record of bytes from {@link #encode}.
	 * @param bytes the bytes
	 * @return the record
	 */
	static Order decode(byte[] bytes) {
		return JSON.readValue(Arrays.copyOfRange(bytes, KEY_LENGTH + 1, bytes.length), Order.class);
	}

	static int jsonLength() {
		return JSON.writeValueAsBytes(SAMPLE).length;
	}

}
