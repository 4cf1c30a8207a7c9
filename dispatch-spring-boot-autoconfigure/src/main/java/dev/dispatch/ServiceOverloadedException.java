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
 * Thrown when a service's mailbox is full: the message is refused at once instead of
 * letting memory grow without end.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
public class ServiceOverloadedException extends DispatchException {

	private final ServiceRef service;

	public ServiceOverloadedException(ServiceRef service, int capacity) {
		super("Service " + service.id() + " of type '" + service.type() + "' on node " + service.node()
				+ " is overloaded: " + capacity + " messages are already waiting (dispatch.registry.mailbox-capacity)");
		this.service = service;
	}

	/**
	 * Return the service that refused the message.
	 * @return the service
	 */
	public ServiceRef getService() {
		return this.service;
	}

}
