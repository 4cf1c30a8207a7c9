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

/**
 * Thrown at start-up when a {@link dev.dispatch.DispatchService @DispatchService} bean
 * cannot be a service: it names no type, has no usable handler methods, or two of its
 * handlers accept the same type.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
public class InvalidDispatchServiceException extends IllegalStateException {

	private final String beanName;

	private final String action;

	public InvalidDispatchServiceException(String beanName, String description, String action) {
		super(description);
		this.beanName = beanName;
		this.action = action;
	}

	/**
	 * Return the name of the bean.
	 * @return the bean name
	 */
	public String getBeanName() {
		return this.beanName;
	}

	/**
	 * Return what to do about it.
	 * @return the action
	 */
	public String getAction() {
		return this.action;
	}

}
