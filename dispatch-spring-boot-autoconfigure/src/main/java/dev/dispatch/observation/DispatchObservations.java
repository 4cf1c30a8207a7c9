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

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

import dev.dispatch.ServiceRef;

/**
 * The two observations of Dispatch, tagged only with low-cardinality values: the type and
 * the operation. {@code dispatch.template} covers a cast until it is sent and a call until
 * its reply; {@code dispatch.handler} covers a handler serving a message.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
public final class DispatchObservations {

	/**
	 * The name of the observation of the template's casts and calls.
	 */
	public static final String TEMPLATE = "dispatch.template";

	/**
	 * The name of the observation of handlers.
	 */
	public static final String HANDLER = "dispatch.handler";

	private DispatchObservations() {
	}

	/**
	 * Start observing a cast or call.
	 * @param registry the registry
	 * @param context the context, whose carrier receives the trace headers
	 * @return the started observation
	 */
	public static Observation sending(ObservationRegistry registry, DispatchSenderContext context) {
		return Observation.createNotStarted(TEMPLATE, () -> context, registry)
			.contextualName(context.getService().type() + " " + context.getOperation())
			.lowCardinalityKeyValue("dispatch.type", context.getService().type())
			.lowCardinalityKeyValue("dispatch.operation", context.getOperation())
			.start();
	}

	/**
	 * Create the observation of a handler serving a message.
	 * @param registry the registry
	 * @param service the service
	 * @param headers the headers that came with the message
	 * @return the observation, not started
	 */
	public static Observation handling(ObservationRegistry registry, ServiceRef service, Map<String, String> headers) {
		DispatchReceiverContext context = new DispatchReceiverContext(service, headers);
		return Observation.createNotStarted(HANDLER, () -> context, registry)
			.contextualName(service.type() + " handle")
			.lowCardinalityKeyValue("dispatch.type", service.type());
	}

}
