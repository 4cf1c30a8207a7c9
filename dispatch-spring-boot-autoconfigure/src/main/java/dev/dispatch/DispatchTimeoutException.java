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

import java.time.Duration;

/**
 * Thrown when a call gets no reply within its timeout.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
public class DispatchTimeoutException extends DispatchException {

	private final ServiceRef service;

	public DispatchTimeoutException(ServiceRef service, Duration timeout) {
		super("No reply from service " + service.id() + " of type '" + service.type() + "' on node " + service.node()
				+ " within " + timeout.toMillis() + " ms");
		this.service = service;
	}

	/**
	 * Return the service that did not answer.
	 * @return the service
	 */
	public ServiceRef getService() {
		return this.service;
	}

}
