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

import org.springframework.core.annotation.AliasFor;
import org.springframework.stereotype.Component;

/**
 * Marks a bean as one service instance of a type on this node. Component scanning picks
 * it up like {@code @Service}; it is registered online once the application context has
 * started, and disabled then removed when the context closes.
 * <p>
 * Messages are delivered to its {@link DispatchHandler @DispatchHandler} methods, chosen
 * by the message's runtime type. The bean must have at least one such method and no two
 * of them may accept the same parameter type: either mistake fails start-up with a
 * message that names the bean. A service handles one message at a time unless
 * {@link #concurrency()} says otherwise.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Component
public @interface DispatchService {

	/**
	 * Alias for {@link #type()}.
	 * @return the service type
	 */
	@AliasFor("type")
	String value() default "";

	/**
	 * The service type, for example {@code "uploader"}.
	 * @return the service type
	 */
	@AliasFor("value")
	String type() default "";

	/**
	 * How many messages the service may handle at the same time; 1 keeps the original's
	 * one-at-a-time mailbox and the order of casts.
	 * @return the number of concurrent handlers, at least 1
	 */
	int concurrency() default 1;

	/**
	 * How many other services hold a copy of each key's state, from 0 to 3: the next
	 * services of the key's ring order, which take the key over when its owner's node
	 * dies. A service with backups implements {@link KeyedState} and its
	 * {@link KeyedState#snapshot(Object) snapshot}; a call by key to it returns once
	 * every live backup holds the state that the call produced.
	 * @return the number of backups, 0 for none
	 */
	int backups() default 0;

}
