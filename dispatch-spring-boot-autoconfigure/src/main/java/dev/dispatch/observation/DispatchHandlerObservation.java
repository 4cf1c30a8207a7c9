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

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observation of handlers: {@code dispatch.handler}, while a handler serves a
 * message. It is a child of the caller's {@code dispatch.template} observation, whose
 * trace context travels with the message.
 *
 * @author Dispatch team
 * @since 0.1.0
 * @see DispatchHandlerObservationConvention
 */
public enum DispatchHandlerObservation implements ObservationDocumentation {

	/**
	 * A handler serving a message.
	 */
	HANDLER_OBSERVATION {

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultDispatchHandlerObservationConvention.class;
		}

		@Override
		public String getPrefix() {
			return "dispatch.";
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return LowCardinalityKeyNames.values();
		}

	};

	/**
	 * The low-cardinality keys of the handler's observation.
	 */
	public enum LowCardinalityKeyNames implements KeyName {

		/**
		 * The type of the service that handles the message.
		 */
		TYPE {

			@Override
			public String asString() {
				return "dispatch.type";
			}

		}

	}

}
