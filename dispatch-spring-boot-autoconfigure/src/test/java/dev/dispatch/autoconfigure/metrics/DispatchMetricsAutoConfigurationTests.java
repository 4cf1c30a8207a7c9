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

package dev.dispatch.autoconfigure.metrics;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.dispatch.DispatchException;
import dev.dispatch.DispatchRegistry;
import dev.dispatch.DispatchTemplate;
import dev.dispatch.ServiceRef;
import dev.dispatch.actuate.metrics.DispatchMeterBinder;
import dev.dispatch.autoconfigure.DispatchAutoConfiguration;
import dev.dispatch.metrics.DispatchMetrics;
import dev.dispatch.metrics.MicrometerDispatchMetrics;
import dev.dispatch.test.Counter;
import dev.dispatch.test.Counts;
import dev.dispatch.test.TestCluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link DispatchMetricsAutoConfiguration}.
 *
 * @author Dispatch team
 */
class DispatchMetricsAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class,
				CompositeMeterRegistryAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
				DispatchAutoConfiguration.class, DispatchMetricsAutoConfiguration.class))
		.withPropertyValues(new TestCluster(1).properties(0));

	@Test
	void callsCastsHandlersAndRingsAreMeasuredWithLowCardinalityTags() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(MicrometerDispatchMetrics.class).hasSingleBean(DispatchMeterBinder.class);
			DispatchRegistry registry = context.getBean(DispatchRegistry.class);
			DispatchTemplate template = context.getBean(DispatchTemplate.class);
			ServiceRef counter = registry.addService("counter", new Counter());
			template.cast("counter", "key", new Counter.Add(1));
			assertThat(template.call("counter", "key", new Counter.Get(), Integer.class)).isEqualTo(1);
			assertThatExceptionOfType(DispatchException.class)
				.isThrownBy(() -> template.call("counter", "key", new Counter.Fail("no"), String.class));
			assertThat(template.multiCast(2, "counter", "key", new Counter.Add(2))).isEqualTo(1);
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(meters.get(MicrometerDispatchMetrics.CALLS)
				.tags("type", "counter", "locality", "local", "outcome", "success")
				.timer()
				.count()).isEqualTo(1);
			assertThat(meters.get(MicrometerDispatchMetrics.CALLS).tags("outcome", "remote_error").timer().count())
				.isEqualTo(1);
			assertThat(meters.get(MicrometerDispatchMetrics.CASTS)
				.tags("type", "counter", "locality", "local", "outcome", "success")
				.counter()
				.count()).isEqualTo(2);
			assertThat(meters.get(MicrometerDispatchMetrics.MULTICASTS).tags("type", "counter").counter().count())
				.isEqualTo(1);
			assertThat(meters.get(MicrometerDispatchMetrics.RING_CHANGES).tags("type", "counter").counter().count())
				.isEqualTo(1);
			assertThat(
					meters.get(DispatchMeterBinder.SERVICES).tags("type", "counter", "state", "online").gauge().value())
				.isEqualTo(1);
			assertThat(meters.get(DispatchMeterBinder.MEMBERS).gauge().value()).isEqualTo(1);
			registry.disableService(counter);
			assertThat(meters.get(DispatchMeterBinder.SERVICES)
				.tags("type", "counter", "state", "offline")
				.gauge()
				.value()).isEqualTo(1);
			assertThat(meters.getMeters()).allSatisfy((meter) -> assertThat(meter.getId().getTags())
				.noneMatch((tag) -> tag.getKey().equals("key") || tag.getKey().equals("node")));
		});
	}

	@Test
	void handOffsAreCountedAndTimed() {
		this.contextRunner.run((context) -> {
			DispatchRegistry registry = context.getBean(DispatchRegistry.class);
			DispatchTemplate template = context.getBean(DispatchTemplate.class);
			Counts first = new Counts();
			registry.addService("counts", first);
			for (int i = 0; i < 50; i++) {
				template.call("counts", "n" + i, new Counts.Increment("n" + i), Long.class);
			}
			Counts second = new Counts();
			registry.addService("counts", second);
			MeterRegistry meters = context.getBean(MeterRegistry.class);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> meters.find(MicrometerDispatchMetrics.HANDOFFS)
					.tags("type", "counts", "outcome", "moved")
					.counter() != null && first.counts().size() + second.counts().size() == 50);
			assertThat(meters.get(MicrometerDispatchMetrics.HANDOFFS)
				.tags("type", "counts", "outcome", "moved")
				.counter()
				.count()).isEqualTo(second.counts().size());
			assertThat(meters.get(MicrometerDispatchMetrics.HANDOFF_DURATION).tags("type", "counts").timer().count())
				.isEqualTo(1);
		});
	}

	@Test
	void handlerTimeIsMeasuredOnTheServingNode() {
		this.contextRunner.run((context) -> {
			context.getBean(DispatchRegistry.class).addService("counter", new Counter());
			context.getBean(DispatchTemplate.class).call("counter", "key", new Counter.Get(), Integer.class);
			assertThat(context.getBean(MeterRegistry.class)
				.get(MicrometerDispatchMetrics.HANDLER)
				.tags("type", "counter", "outcome", "success")
				.timer()
				.count()).isEqualTo(1);
		});
	}

	@Test
	void runWithoutAMeterRegistryShouldNotMeasure() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(DispatchAutoConfiguration.class, DispatchMetricsAutoConfiguration.class))
			.withPropertyValues(new TestCluster(1).properties(0))
			.run((context) -> assertThat(context).doesNotHaveBean(DispatchMetrics.class)
				.doesNotHaveBean(DispatchMeterBinder.class)
				.hasSingleBean(DispatchTemplate.class));
	}

	@Test
	void runWithoutMicrometerShouldStillCreateTheTemplate() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(DispatchAutoConfiguration.class, DispatchMetricsAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.withPropertyValues(new TestCluster(1).properties(0))
			.run((context) -> assertThat(context).doesNotHaveBean(DispatchMeterBinder.class)
				.hasSingleBean(DispatchTemplate.class));
	}

	@Test
	void runWhenDispatchIsDisabledShouldNotMeasure() {
		this.contextRunner.withPropertyValues("dispatch.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(DispatchMetrics.class)
				.doesNotHaveBean(DispatchMeterBinder.class));
	}

}
