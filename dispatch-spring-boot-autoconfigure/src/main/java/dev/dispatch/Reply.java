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

package dev.dispatch;

import org.jspecify.annotations.Nullable;

/**
 * The outcome of calling one service in a
 * {@link DispatchTemplate#multiCall(int, String, Object, Object, Class) multiCall}.
 *
 * @param <R> the reply type
 * @param service the service that was called
 * @param value the reply, {@code null} when the call failed or the handler returned
 * nothing
 * @param error why the call failed, {@code null} when it succeeded
 * @author Dispatch team
 * @since 0.1.0
 */
public record Reply<R>(ServiceRef service, @Nullable R value, @Nullable Throwable error) {

	/**
	 * Return whether the call succeeded.
	 * @return {@code true} when there is no error
	 */
	public boolean isOk() {
		return this.error == null;
	}

}
