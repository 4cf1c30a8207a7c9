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
 * The observation of the template's casts and calls: {@code dispatch.template}, from the
 * moment a cast or call starts until a cast is sent or a call has its reply.
 *
 * @author Dispatch team
 * @since 0.1.0
 * @see DispatchTemplateObservationConvention
 */
public enum DispatchTemplateObservation implements ObservationDocumentation {

	/**
	 * A cast or a call of the template.
	 */
	TEMPLATE_OBSERVATION {

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultDispatchTemplateObservationConvention.class;
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
	 * The low-cardinality keys of the template's observation.
	 */
	public enum LowCardinalityKeyNames implements KeyName {

		/**
		 * The type of the service the message goes to.
		 */
		TYPE {

			@Override
			public String asString() {
				return "dispatch.type";
			}

		},

		/**
		 * {@code cast} or {@code call}.
		 */
		OPERATION {

			@Override
			public String asString() {
				return "dispatch.operation";
			}

		}

	}

}
