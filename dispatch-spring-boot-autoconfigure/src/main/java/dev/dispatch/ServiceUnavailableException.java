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

/**
 * Thrown when no online service of a type can take a message, or when the chosen service
 * went away before it could answer.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
public class ServiceUnavailableException extends DispatchException {

	private final String type;

	public ServiceUnavailableException(String type) {
		this(type, "No online service of type '" + type + "'");
	}

	public ServiceUnavailableException(String type, String message) {
		super(message);
		this.type = type;
	}

	/**
	 * Return the service type that could not be reached.
	 * @return the service type
	 */
	public String getType() {
		return this.type;
	}

}
