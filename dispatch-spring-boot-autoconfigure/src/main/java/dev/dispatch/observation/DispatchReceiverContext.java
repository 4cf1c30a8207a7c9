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

package dev.dispatch.observation;

import java.util.Map;

import io.micrometer.observation.transport.ReceiverContext;

import dev.dispatch.ServiceRef;

/**
 * The context of a message as a handler serves it: propagation reads the caller's trace
 * context from the headers that came with the message.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
public class DispatchReceiverContext extends ReceiverContext<Map<String, String>> {

	private final ServiceRef service;

	public DispatchReceiverContext(ServiceRef service, Map<String, String> headers) {
		super((carrier, key) -> carrier.get(key));
		this.service = service;
		setCarrier(headers);
		setRemoteServiceName(service.type());
	}

	/**
	 * Return the service that handles the message.
	 * @return the service
	 */
	public ServiceRef getService() {
		return this.service;
	}

}
