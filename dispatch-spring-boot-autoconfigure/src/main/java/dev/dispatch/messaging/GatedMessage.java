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

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import dev.dispatch.DispatchException;
import dev.dispatch.ServiceRef;

/**
 * A message routed by key that a {@link KeyGate} decides on. The key travels as its hash
 * in a header, with the number of times the message was forwarded.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
public final class GatedMessage {

	/**
	 * The header that carries the hash of the key a message was routed by, in hex.
	 */
	public static final String KEY_HEADER = "dispatch-key";

	/**
	 * The header that carries the key itself, to a service with backups: its type name, a
	 * space, and its JSON.
	 */
	public static final String KEY_VALUE_HEADER = "dispatch-key-value";

	/**
	 * The header that counts how many times a message was forwarded.
	 */
	public static final String HOPS_HEADER = "dispatch-hops";

	private final ServiceEndpoint endpoint;

	private final Supplier<Object> message;

	private final Map<String, String> headers;

	private final BiConsumer<@Nullable Object, @Nullable Throwable> done;

	private final long keyHash;

	private final int hops;

	private GatedMessage(ServiceEndpoint endpoint, Supplier<Object> message, Map<String, String> headers,
			BiConsumer<@Nullable Object, @Nullable Throwable> done, long keyHash, int hops) {
		this.endpoint = endpoint;
		this.message = message;
		this.headers = headers;
		this.done = done;
		this.keyHash = keyHash;
		this.hops = hops;
	}

	/**
	 * Return the gated form of a message, or {@code null} when it carries no readable
	 * key.
	 */
	static @Nullable GatedMessage of(ServiceEndpoint endpoint, Supplier<Object> message, Map<String, String> headers,
			BiConsumer<@Nullable Object, @Nullable Throwable> done) {
		String key = headers.get(KEY_HEADER);
		if (key == null) {
			return null;
		}
		try {
			String hops = headers.get(HOPS_HEADER);
			return new GatedMessage(endpoint, message, headers, done, Long.parseUnsignedLong(key, 16),
					(hops != null) ? Math.max(0, Integer.parseInt(hops)) : 0);
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	/**
	 * Return the headers that route a message by a key hash.
	 * @param headers the message's other headers
	 * @param keyHash the hash of the key
	 * @return the headers with the key's
	 */
	public static Map<String, String> routedBy(Map<String, String> headers, long keyHash) {
		String key = Long.toHexString(keyHash);
		if (headers.isEmpty()) {
			return Map.of(KEY_HEADER, key);
		}
		Map<String, String> routed = new HashMap<>(headers);
		routed.put(KEY_HEADER, key);
		return routed;
	}

	/**
	 * Return the headers that route a message by a key, and carry the key itself.
	 * @param headers the message's other headers
	 * @param keyHash the hash of the key
	 * @param keyValue the key's type name, a space and its JSON, or {@code null}
	 * @return the headers with the key's
	 */
	public static Map<String, String> routedBy(Map<String, String> headers, long keyHash, @Nullable String keyValue) {
		if (keyValue == null) {
			return routedBy(headers, keyHash);
		}
		Map<String, String> routed = new HashMap<>(headers);
		routed.put(KEY_HEADER, Long.toHexString(keyHash));
		routed.put(KEY_VALUE_HEADER, keyValue);
		return routed;
	}

	/**
	 * Return the key this message carries, as its sender wrote it, if it carries one.
	 * @return the key's type name, a space and its JSON, or {@code null}
	 */
	public @Nullable String keyValue() {
		return this.headers.get(KEY_VALUE_HEADER);
	}

	/**
	 * Return the service the message was sent to.
	 * @return the service
	 */
	public ServiceRef service() {
		return this.endpoint.getRef();
	}

	/**
	 * Return the hash of the key the message was routed by.
	 * @return the key hash
	 */
	public long keyHash() {
		return this.keyHash;
	}

	/**
	 * Return how many times the message was forwarded.
	 * @return the number of hops
	 */
	public int hops() {
		return this.hops;
	}

	/**
	 * Return the message, decoding it if it came from another node.
	 * @return the message
	 * @throws dev.dispatch.DispatchException if it cannot be decoded
	 */
	public Object message() {
		return this.message.get();
	}

	/**
	 * Return the headers with which to forward the message: one more hop.
	 * @return the headers
	 */
	public Map<String, String> forwardHeaders() {
		Map<String, String> forward = new HashMap<>(this.headers);
		forward.put(HOPS_HEADER, Integer.toString(this.hops + 1));
		return forward;
	}

	/**
	 * Forward the message to the service that holds its key's state, one hop more, and
	 * answer it with that service's answer.
	 * @param transport the transport to send it through
	 * @param holder the service that holds the key's state
	 * @param timeout how long to wait for the answer
	 */
	public void forwardTo(ClusterTransport transport, ServiceRef holder, Duration timeout) {
		try {
			transport.call(holder, message(), Object.class, timeout, forwardHeaders())
				.whenComplete((reply, error) -> complete(reply,
						(error instanceof CompletionException && error.getCause() != null) ? error.getCause() : error));
		}
		catch (DispatchException ex) {
			complete(null, ex);
		}
	}

	/**
	 * Put the message back at the head of the service's mailbox, to be decided on again;
	 * of several messages, release the last one first, so that they run in order.
	 * @param afresh whether to forget how many times it was forwarded
	 */
	public void release(boolean afresh) {
		Map<String, String> headers = this.headers;
		if (afresh && this.hops > 0) {
			headers = new HashMap<>(headers);
			headers.remove(HOPS_HEADER);
		}
		this.endpoint.requeue(this.message, headers, this.done);
	}

	/**
	 * Answer the message without running it: its reply, or the error that its caller
	 * gets; a cast is acknowledged either way.
	 * @param reply the reply
	 * @param error the error, or {@code null}
	 */
	public void complete(@Nullable Object reply, @Nullable Throwable error) {
		this.done.accept(reply, error);
	}

}
