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

import java.util.function.BiConsumer;

import org.jspecify.annotations.Nullable;

/**
 * Decides, on a service's worker just before its handler would run, whether a message
 * routed by key runs now; a message it does not let through it keeps, and later releases,
 * forwards or answers. Only services that keep state per key have one.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
@FunctionalInterface
public interface KeyGate {

	/**
	 * Decide on a message.
	 * @param message the message and its key
	 * @return {@code true} to run it now, {@code false} when the gate took it
	 */
	boolean admit(GatedMessage message);

	/**
	 * Return what completes a message that was admitted, once it has run; by default its
	 * own completion.
	 * @param message the message
	 * @param done what completes it
	 * @return the completion to use
	 */
	default BiConsumer<@Nullable Object, @Nullable Throwable> afterRun(GatedMessage message,
			BiConsumer<@Nullable Object, @Nullable Throwable> done) {
		return done;
	}

}
