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

import java.util.Arrays;
import java.util.Map;

import io.micrometer.common.KeyValues;
import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import dev.dispatch.ServiceRef;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the documented observations of Dispatch and their conventions.
 *
 * @author Dispatch team
 */
class DispatchObservationConventionTests {

	private final ServiceRef service = new ServiceRef("orders", "orders-1", "node-a");

	private final RecordingObservationHandler handler = new RecordingObservationHandler();

	private final ObservationRegistry registry = ObservationRegistry.create();

	DispatchObservationConventionTests() {
		this.registry.observationConfig().observationHandler(this.handler);
	}

	@Test
	void defaultTemplateConventionNamesAndTagsByTypeAndOperation() {
		DispatchObservations.sending(this.registry, new DispatchSenderContext(this.service, "call")).stop();
		Observation.Context context = this.handler.find(DispatchObservations.TEMPLATE);
		assertThat(context).isInstanceOf(DispatchSenderContext.class);
		assertThat(context.getContextualName()).isEqualTo("orders call");
		assertThat(RecordingObservationHandler.lowCardinalityTags(context))
			.isEqualTo(Map.of("dispatch.type", "orders", "dispatch.operation", "call"));
		assertThat(context.getHighCardinalityKeyValues()).isEmpty();
	}

	@Test
	void defaultHandlerConventionNamesAndTagsByType() {
		DispatchObservations.handling(this.registry, this.service, Map.of()).start().stop();
		Observation.Context context = this.handler.find(DispatchObservations.HANDLER);
		assertThat(context).isInstanceOf(DispatchReceiverContext.class);
		assertThat(context.getContextualName()).isEqualTo("orders handle");
		assertThat(RecordingObservationHandler.lowCardinalityTags(context))
			.isEqualTo(Map.of("dispatch.type", "orders"));
		assertThat(context.getHighCardinalityKeyValues()).isEmpty();
	}

	@Test
	void nullConventionMeansTheDefaultOne() {
		DispatchObservations.sending(this.registry, null, new DispatchSenderContext(this.service, "cast")).stop();
		DispatchObservations.handling(this.registry, null, this.service, Map.of()).start().stop();
		assertThat(this.handler.find(DispatchObservations.TEMPLATE).getContextualName()).isEqualTo("orders cast");
		assertThat(this.handler.find(DispatchObservations.HANDLER).getContextualName()).isEqualTo("orders handle");
	}

	@Test
	void customConventionsReplaceTheDefaultOnes() {
		DispatchObservations
			.sending(this.registry, new RegionTemplateConvention(), new DispatchSenderContext(this.service, "cast"))
			.stop();
		DispatchObservations.handling(this.registry, new RegionHandlerConvention(), this.service, Map.of())
			.start()
			.stop();
		Observation.Context sending = this.handler.find(DispatchObservations.TEMPLATE);
		assertThat(sending.getContextualName()).isEqualTo("orders cast");
		assertThat(RecordingObservationHandler.lowCardinalityTags(sending))
			.isEqualTo(Map.of("dispatch.type", "orders", "dispatch.operation", "cast", "region", "eu"));
		Observation.Context handling = this.handler.find(DispatchObservations.HANDLER);
		assertThat(handling.getContextualName()).isEqualTo("orders handle");
		assertThat(RecordingObservationHandler.lowCardinalityTags(handling))
			.isEqualTo(Map.of("dispatch.type", "orders", "region", "eu"));
	}

	@Test
	void conventionsSupportOnlyTheirOwnContext() {
		DispatchSenderContext sender = new DispatchSenderContext(this.service, "call");
		DispatchReceiverContext receiver = new DispatchReceiverContext(this.service, Map.of());
		assertThat(DefaultDispatchTemplateObservationConvention.INSTANCE.supportsContext(sender)).isTrue();
		assertThat(DefaultDispatchTemplateObservationConvention.INSTANCE.supportsContext(receiver)).isFalse();
		assertThat(DefaultDispatchHandlerObservationConvention.INSTANCE.supportsContext(receiver)).isTrue();
		assertThat(DefaultDispatchHandlerObservationConvention.INSTANCE.supportsContext(sender)).isFalse();
	}

	@Test
	void documentationListsTheDefaultConventionsAndTheirKeys() {
		assertThat(DispatchTemplateObservation.TEMPLATE_OBSERVATION.getDefaultConvention())
			.isEqualTo(DefaultDispatchTemplateObservationConvention.class);
		assertThat(keys(DispatchTemplateObservation.TEMPLATE_OBSERVATION.getLowCardinalityKeyNames()))
			.containsExactly("dispatch.type", "dispatch.operation");
		assertThat(DispatchHandlerObservation.HANDLER_OBSERVATION.getDefaultConvention())
			.isEqualTo(DefaultDispatchHandlerObservationConvention.class);
		assertThat(keys(DispatchHandlerObservation.HANDLER_OBSERVATION.getLowCardinalityKeyNames()))
			.containsExactly("dispatch.type");
		assertThat(DefaultDispatchTemplateObservationConvention.INSTANCE.getName())
			.isEqualTo(DispatchObservations.TEMPLATE);
		assertThat(DefaultDispatchHandlerObservationConvention.INSTANCE.getName())
			.isEqualTo(DispatchObservations.HANDLER);
	}

	private static String[] keys(KeyName[] names) {
		return Arrays.stream(names).map(KeyName::asString).toArray(String[]::new);
	}

	static class RegionTemplateConvention extends DefaultDispatchTemplateObservationConvention {

		@Override
		public KeyValues getLowCardinalityKeyValues(DispatchSenderContext context) {
			return super.getLowCardinalityKeyValues(context).and("region", "eu");
		}

	}

	static class RegionHandlerConvention extends DefaultDispatchHandlerObservationConvention {

		@Override
		public KeyValues getLowCardinalityKeyValues(DispatchReceiverContext context) {
			return super.getLowCardinalityKeyValues(context).and("region", "eu");
		}

	}

}
