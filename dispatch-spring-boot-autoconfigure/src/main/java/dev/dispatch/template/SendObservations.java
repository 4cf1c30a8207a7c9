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

package dev.dispatch.template;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import dev.dispatch.ServiceRef;
import dev.dispatch.observation.DispatchObservations;
import dev.dispatch.observation.DispatchSenderContext;
import dev.dispatch.observation.DispatchTemplateObservationConvention;

/**
 * How the template observes what it sends: a {@code dispatch.template} observation per
 * cast and call, or none while no registry is set.
 * <p>
 * Threads: set while the template is configured, read by the threads that send.
 *
 * @author Dispatch team
 */
final class SendObservations {

	private ObservationRegistry registry = ObservationRegistry.NOOP;

	private @Nullable DispatchTemplateObservationConvention convention;

	void setRegistry(ObservationRegistry registry) {
		this.registry = registry;
	}

	void setConvention(@Nullable DispatchTemplateObservationConvention convention) {
		this.convention = convention;
	}

	/**
	 * Return the observation of one message, not started yet, or a no-op one.
	 */
	Observation of(ServiceRef target, String operation) {
		if (this.registry.isNoop()) {
			return Observation.NOOP;
		}
		return DispatchObservations.sending(this.registry, this.convention,
				new DispatchSenderContext(target, operation));
	}

}
