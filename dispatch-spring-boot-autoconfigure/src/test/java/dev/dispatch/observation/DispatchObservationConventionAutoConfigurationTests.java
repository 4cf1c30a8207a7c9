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

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.dispatch.DispatchHandler;
import dev.dispatch.DispatchRegistry;
import dev.dispatch.DispatchTemplate;
import dev.dispatch.autoconfigure.DispatchAutoConfiguration;
import dev.dispatch.test.TestCluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The auto-configuration observes casts, calls and handlers with the conventions that the
 * application defines, and with the default ones otherwise.
 *
 * @author Dispatch team
 */
class DispatchObservationConventionAutoConfigurationTests {

	private final TestCluster cluster = new TestCluster(1);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DispatchAutoConfiguration.class))
		.withPropertyValues(this.cluster.properties(0))
		.withUserConfiguration(ObservationConfiguration.class);

	@Test
	void defaultConventionsNameAndTagTheObservations() {
		this.contextRunner.run((context) -> {
			RecordingObservationHandler handler = callAndCast(context);
			for (String operation : new String[] { "call", "cast" }) {
				Observation.Context sending = awaitTemplate(handler, operation);
				assertThat(sending.getContextualName()).isEqualTo("echo " + operation);
				assertThat(RecordingObservationHandler.lowCardinalityTags(sending))
					.isEqualTo(Map.of("dispatch.type", "echo", "dispatch.operation", operation));
			}
			for (Observation.Context handling : awaitHandlers(handler)) {
				assertThat(handling.getContextualName()).isEqualTo("echo handle");
				assertThat(RecordingObservationHandler.lowCardinalityTags(handling))
					.isEqualTo(Map.of("dispatch.type", "echo"));
			}
		});
	}

	@Test
	void userDefinedConventionsAreUsed() {
		this.contextRunner.withUserConfiguration(ConventionConfiguration.class).run((context) -> {
			RecordingObservationHandler handler = callAndCast(context);
			for (String operation : new String[] { "call", "cast" }) {
				Observation.Context sending = awaitTemplate(handler, operation);
				assertThat(sending.getContextualName()).isEqualTo("echo " + operation);
				assertThat(RecordingObservationHandler.lowCardinalityTags(sending))
					.isEqualTo(Map.of("dispatch.type", "echo", "dispatch.operation", operation, "region", "eu"));
			}
			for (Observation.Context handling : awaitHandlers(handler)) {
				assertThat(handling.getContextualName()).isEqualTo("echo handle");
				assertThat(RecordingObservationHandler.lowCardinalityTags(handling))
					.isEqualTo(Map.of("dispatch.type", "echo", "region", "eu"));
			}
		});
	}

	private static RecordingObservationHandler callAndCast(ApplicationContext context) {
		context.getBean(DispatchRegistry.class).addService("echo", new Echo());
		DispatchTemplate template = context.getBean(DispatchTemplate.class);
		assertThat(template.call("echo", "key", "hello", String.class)).isEqualTo("echo hello");
		template.cast("echo", "key", "hello");
		return context.getBean(RecordingObservationHandler.class);
	}

	private static Observation.Context awaitTemplate(RecordingObservationHandler handler, String operation) {
		return await().atMost(Duration.ofSeconds(5))
			.until(() -> handler.find(DispatchObservations.TEMPLATE, operation), (context) -> context != null);
	}

	/**
	 * Wait for the observations of the handler serving the call and the cast.
	 */
	private static List<Observation.Context> awaitHandlers(RecordingObservationHandler handler) {
		return await().atMost(Duration.ofSeconds(5))
			.until(() -> handler.all(DispatchObservations.HANDLER), (contexts) -> contexts.size() == 2);
	}

	@Configuration(proxyBeanMethods = false)
	static class ObservationConfiguration {

		@Bean
		RecordingObservationHandler recordingObservationHandler() {
			return new RecordingObservationHandler();
		}

		@Bean
		ObservationRegistry observationRegistry(RecordingObservationHandler handler) {
			ObservationRegistry registry = ObservationRegistry.create();
			registry.observationConfig().observationHandler(handler);
			return registry;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ConventionConfiguration {

		@Bean
		DispatchTemplateObservationConvention regionTemplateConvention() {
			return new DefaultDispatchTemplateObservationConvention() {

				@Override
				public KeyValues getLowCardinalityKeyValues(DispatchSenderContext context) {
					return super.getLowCardinalityKeyValues(context).and("region", "eu");
				}

			};
		}

		@Bean
		DispatchHandlerObservationConvention regionHandlerConvention() {
			return new DefaultDispatchHandlerObservationConvention() {

				@Override
				public KeyValues getLowCardinalityKeyValues(DispatchReceiverContext context) {
					return super.getLowCardinalityKeyValues(context).and("region", "eu");
				}

			};
		}

	}

	static class Echo {

		@DispatchHandler
		public String handle(String message) {
			return "echo " + message;
		}

	}

}
