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

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * The {@link ObservationConvention} of the template's casts and calls; implement it, or
 * extend {@link DefaultDispatchTemplateObservationConvention}, to change their name or
 * tags.
 *
 * @author Dispatch team
 * @since 0.1.0
 * @see DispatchTemplateObservation
 */
public interface DispatchTemplateObservationConvention extends ObservationConvention<DispatchSenderContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof DispatchSenderContext;
	}

	@Override
	default String getName() {
		return DispatchObservations.TEMPLATE;
	}

}
