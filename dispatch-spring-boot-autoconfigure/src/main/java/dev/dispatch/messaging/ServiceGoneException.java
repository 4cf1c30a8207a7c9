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

import dev.dispatch.ServiceRef;
import dev.dispatch.ServiceUnavailableException;

/**
 * Thrown when the chosen service was no longer registered where the message arrived: the
 * message was not handled, so it is safe to route it again.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
public class ServiceGoneException extends ServiceUnavailableException {

	private final ServiceRef service;

	public ServiceGoneException(ServiceRef service, String message) {
		super(service.type(), message);
		this.service = service;
	}

	/**
	 * Return the service that was gone.
	 * @return the service
	 */
	public ServiceRef getService() {
		return this.service;
	}

}
