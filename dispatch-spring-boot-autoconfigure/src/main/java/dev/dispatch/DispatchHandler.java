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

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a service as the handler of the messages its one parameter accepts.
 * The return value is the reply of a call; a {@code void} method replies {@code null}.
 * <p>
 * For each message the handler whose parameter type is the most specific supertype of the
 * message's runtime type is chosen. No two handlers of a service may accept the same
 * type; at most one may be the {@link #isDefault() default}, which takes the messages
 * that no other handler accepts. A message that no handler accepts fails the call with a
 * {@link DispatchException}; the service keeps running.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface DispatchHandler {

	/**
	 * Whether this handler takes the messages that no other handler accepts.
	 * @return {@code true} for the fallback handler
	 */
	boolean isDefault() default false;

}
