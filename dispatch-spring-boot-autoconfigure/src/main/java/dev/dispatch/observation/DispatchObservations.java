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
import org.jspecify.annotations.Nullable;

import dev.dispatch.ServiceRef;

/**
 * The two observations of Dispatch, tagged only with low-cardinality values: the type and
 * the operation. {@code dispatch.template} covers a cast until it is sent and a call
 * until its reply; {@code dispatch.handler} covers a handler serving a message. They are
 * documented by {@link DispatchTemplateObservation} and
 * {@link DispatchHandlerObservation}, and named and tagged by their conventions.
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
	 * Start observing a cast or call with the default convention.
	 * @param registry the registry
	 * @param context the context, whose carrier receives the trace headers
	 * @return the started observation
	 */
	public static Observation sending(ObservationRegistry registry, DispatchSenderContext context) {
		return sending(registry, null, context);
	}

	/**
	 * Start observing a cast or call.
	 * @param registry the registry
	 * @param convention the convention, or {@code null} for the default
	 * @param context the context, whose carrier receives the trace headers
	 * @return the started observation
	 */
	public static Observation sending(ObservationRegistry registry,
			@Nullable DispatchTemplateObservationConvention convention, DispatchSenderContext context) {
		return DispatchTemplateObservation.TEMPLATE_OBSERVATION
			.observation(convention, DefaultDispatchTemplateObservationConvention.INSTANCE, () -> context, registry)
			.start();
	}

	/**
	 * Create the observation of a handler serving a message with the default convention.
	 * @param registry the registry
	 * @param service the service
	 * @param headers the headers that came with the message
	 * @return the observation, not started
	 */
	public static Observation handling(ObservationRegistry registry, ServiceRef service, Map<String, String> headers) {
		return handling(registry, null, service, headers);
	}

	/**
	 * Create the observation of a handler serving a message.
	 * @param registry the registry
	 * @param convention the convention, or {@code null} for the default
	 * @param service the service
	 * @param headers the headers that came with the message
	 * @return the observation, not started
	 */
	public static Observation handling(ObservationRegistry registry,
			@Nullable DispatchHandlerObservationConvention convention, ServiceRef service,
			Map<String, String> headers) {
		return DispatchHandlerObservation.HANDLER_OBSERVATION.observation(convention,
				DefaultDispatchHandlerObservationConvention.INSTANCE,
				() -> new DispatchReceiverContext(service, headers), registry);
	}

}
