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

import java.util.HashMap;
import java.util.Map;

import io.micrometer.observation.transport.SenderContext;

import dev.dispatch.ServiceRef;

/**
 * The context of a cast or call as the template sends it: propagation writes the trace
 * context into the headers that travel with the message.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
public class DispatchSenderContext extends SenderContext<Map<String, String>> {

	private final ServiceRef service;

	private final String operation;

	public DispatchSenderContext(ServiceRef service, String operation) {
		super((carrier, key, value) -> {
			if (carrier != null) {
				carrier.put(key, value);
			}
		});
		this.service = service;
		this.operation = operation;
		setCarrier(new HashMap<>());
		setRemoteServiceName(service.type());
	}

	/**
	 * Return the service the message goes to.
	 * @return the service
	 */
	public ServiceRef getService() {
		return this.service;
	}

	/**
	 * Return {@code cast} or {@code call}.
	 * @return the operation
	 */
	public String getOperation() {
		return this.operation;
	}

}
