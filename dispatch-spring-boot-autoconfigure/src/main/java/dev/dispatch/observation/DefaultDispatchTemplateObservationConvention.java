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

import io.micrometer.common.KeyValues;

import dev.dispatch.observation.DispatchTemplateObservation.LowCardinalityKeyNames;

/**
 * The default {@link DispatchTemplateObservationConvention}: {@code dispatch.template},
 * named {@code "<type> <operation>"} and tagged with the type and the operation.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
public class DefaultDispatchTemplateObservationConvention implements DispatchTemplateObservationConvention {

	/**
	 * A shared instance.
	 */
	public static final DefaultDispatchTemplateObservationConvention INSTANCE = new DefaultDispatchTemplateObservationConvention();

	@Override
	public String getName() {
		return DispatchObservations.TEMPLATE;
	}

	@Override
	public String getContextualName(DispatchSenderContext context) {
		return context.getService().type() + " " + context.getOperation();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(DispatchSenderContext context) {
		return KeyValues.of(LowCardinalityKeyNames.TYPE.withValue(context.getService().type()),
				LowCardinalityKeyNames.OPERATION.withValue(context.getOperation()));
	}

}
