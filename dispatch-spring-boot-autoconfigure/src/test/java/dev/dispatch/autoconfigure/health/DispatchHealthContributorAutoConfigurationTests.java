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

package dev.dispatch.autoconfigure.health;

import com.hazelcast.core.HazelcastInstance;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.dispatch.DispatchRegistry;
import dev.dispatch.autoconfigure.DispatchAutoConfiguration;
import dev.dispatch.health.DispatchHealthIndicator;
import dev.dispatch.test.Counter;
import dev.dispatch.test.TestCluster;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DispatchHealthContributorAutoConfiguration}.
 *
 * @author Dispatch team
 */
class DispatchHealthContributorAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DispatchAutoConfiguration.class,
				DispatchHealthContributorAutoConfiguration.class))
		.withPropertyValues(new TestCluster(1).properties(0));

	@Test
	void runShouldCreateAnIndicatorThatIsUpWithTheNodesDetails() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(DispatchHealthIndicator.class).hasBean("dispatchHealthIndicator");
			DispatchRegistry registry = context.getBean(DispatchRegistry.class);
			registry.addService("counter", new Counter());
			Health health = context.getBean(DispatchHealthIndicator.class).health(true);
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("node", registry.getLocalNode())
				.containsEntry("members", 1)
				.containsEntry("localServices", 1)
				.containsEntry("types", 1);
		});
	}

	@Test
	void indicatorIsDownWhenTheMemberIsNotRunning() {
		this.contextRunner.run((context) -> {
			context.getBean(HazelcastInstance.class).getLifecycleService().terminate();
			Health health = context.getBean(DispatchHealthIndicator.class).health(true);
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat(health.getDetails()).containsEntry("reason", "The Hazelcast member is not running");
		});
	}

	@Test
	void runWhenHealthIndicatorIsDisabledShouldNotCreateIt() {
		this.contextRunner.withPropertyValues("management.health.dispatch.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(DispatchHealthIndicator.class));
	}

	@Test
	void runWhenDispatchIsDisabledShouldNotCreateIt() {
		this.contextRunner.withPropertyValues("dispatch.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(DispatchHealthIndicator.class));
	}

	@Test
	void runWithoutTheHealthModuleShouldStillCreateTheRegistry() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(ConditionalOnEnabledHealthIndicator.class))
			.run((context) -> assertThat(context).doesNotHaveBean(DispatchHealthIndicator.class)
				.hasSingleBean(DispatchRegistry.class));
	}

}
