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

package dev.dispatch.annotation;

import java.lang.reflect.Method;

import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

import dev.dispatch.KeyedState;
import dev.dispatch.ServiceOptions;

/**
 * What a handler needs to have backups: to keep state per key, and to take a snapshot of
 * a key's state without removing it.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
public final class BackupRequirements {

	private BackupRequirements() {
	}

	/**
	 * Check that a handler can have a number of backups.
	 * @param handler the handler
	 * @param backups how many backups it asks for
	 * @throws IllegalArgumentException if it cannot, saying why
	 */
	public static void check(Object handler, int backups) {
		if (backups < 0 || backups > ServiceOptions.MAX_BACKUPS) {
			throw new IllegalArgumentException(
					"A service may have 0 to " + ServiceOptions.MAX_BACKUPS + " backups, not " + backups);
		}
		if (backups == 0) {
			return;
		}
		String name = ClassUtils.getUserClass(handler).getName();
		if (!(handler instanceof KeyedState)) {
			throw new IllegalArgumentException(
					"A service with backups keeps state per key, but " + name + " does not implement KeyedState");
		}
		Method snapshot = ReflectionUtils.findMethod(ClassUtils.getUserClass(handler), "snapshot", Object.class);
		if (snapshot == null || snapshot.getDeclaringClass().isInterface()) {
			throw new IllegalArgumentException("A service with backups sends each key's state to them, but " + name
					+ " does not override KeyedState.snapshot(Object)");
		}
	}

}
