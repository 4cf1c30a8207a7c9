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

package dev.dispatch.template;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

import dev.dispatch.messaging.FrameHooks;
import dev.dispatch.messaging.GatedMessage;
import dev.dispatch.observation.DispatchSenderContext;
import dev.dispatch.routing.RoutingKey;

/**
 * What every message the template sends is checked for and carries.
 *
 * @author Dispatch team
 */
final class Outgoing {

	private Outgoing() {
	}

	/**
	 * Return the headers of a message: the trace context, and the hash of the key it is
	 * routed by, with which a stateful service keeps the key's messages with its state.
	 */
	static Map<String, String> headers(Observation observation, @Nullable RoutingKey key, @Nullable String keyValue) {
		Map<String, String> headers = Map.of();
		if (observation.getContext() instanceof DispatchSenderContext context && context.getCarrier() != null) {
			headers = context.getCarrier();
		}
		return (key != null) ? GatedMessage.routedBy(headers, key.hash(), keyValue) : headers;
	}

	/**
	 * Return a key as a message carries it to a service with backups: its type name, a
	 * space, and its JSON.
	 */
	static String keyValue(FrameHooks hooks, Object key) {
		return hooks.typeName(key) + " " + new String(hooks.encode(key), StandardCharsets.UTF_8);
	}

	static void validate(Object message, Class<?> replyType, Duration timeout) {
		Assert.notNull(message, "'message' must not be null");
		Assert.notNull(replyType, "'replyType' must not be null");
		Assert.isTrue(timeout != null && !timeout.isNegative() && !timeout.isZero(), "'timeout' must be positive");
	}

}
