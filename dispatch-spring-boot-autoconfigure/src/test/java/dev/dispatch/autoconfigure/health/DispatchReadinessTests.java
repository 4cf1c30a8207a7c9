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

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.web.AdditionalPathsMapper;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroup;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.AvailabilityProbesAutoConfiguration;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.application.AvailabilityHealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.dispatch.DispatchRegistry;
import dev.dispatch.DispatchTemplate;
import dev.dispatch.ServiceRef;
import dev.dispatch.autoconfigure.DispatchAutoConfiguration;
import dev.dispatch.registry.ClusterRegistry;
import dev.dispatch.test.Counter;
import dev.dispatch.test.Gate;
import dev.dispatch.test.TestCluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for the {@code dispatch} health contributor in the readiness group of the
 * availability probes, through Spring Boot's own health endpoint.
 *
 * @author Dispatch team
 */
class DispatchReadinessTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DispatchAutoConfiguration.class,
				DispatchHealthContributorAutoConfiguration.class, ApplicationAvailabilityAutoConfiguration.class,
				HealthContributorAutoConfiguration.class, HealthContributorRegistryAutoConfiguration.class,
				HealthEndpointAutoConfiguration.class, AvailabilityHealthContributorAutoConfiguration.class,
				AvailabilityProbesAutoConfiguration.class))
		.withPropertyValues(new TestCluster(1).properties(0));

	@Test
	void dispatchIsInTheReadinessGroupAndNotInTheLivenessGroup() {
		this.contextRunner.run((context) -> {
			AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
			HealthEndpointGroups groups = context.getBean(HealthEndpointGroups.class);
			HealthEndpointGroup readiness = groups.get("readiness");
			assertThat(readiness).isNotNull();
			assertThat(readiness.isMember("dispatch")).isTrue();
			assertThat(readiness.isMember("readinessState")).isTrue();
			assertThat(readiness.isMember("diskSpace")).isFalse();
			assertThat(groups.get("liveness").isMember("dispatch")).isFalse();
			assertThat(context.getBean(HealthEndpoint.class).healthForPath("readiness").getStatus())
				.isEqualTo(Status.UP);
		});
	}

	@Test
	void withoutProbesThereIsNoReadinessGroupToJoin() {
		this.contextRunner.withPropertyValues("management.endpoint.health.probes.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(DispatchReadinessGroupPostProcessor.class);
			assertThat(context.getBean(HealthEndpointGroups.class).get("readiness")).isNull();
		});
	}

	@Test
	void aReadinessGroupThatTheApplicationConfiguresGetsDispatchUnlessItExcludesIt() {
		this.contextRunner.withPropertyValues("management.endpoint.health.group.readiness.include=readinessState")
			.run((context) -> assertThat(
					context.getBean(HealthEndpointGroups.class).get("readiness").isMember("dispatch"))
				.isTrue());
		this.contextRunner
			.withPropertyValues("management.endpoint.health.group.readiness.include=*",
					"management.endpoint.health.group.readiness.exclude=dispatch")
			.run((context) -> {
				HealthEndpointGroup readiness = context.getBean(HealthEndpointGroups.class).get("readiness");
				assertThat(readiness.isMember("dispatch")).isFalse();
				assertThat(readiness.isMember("readinessState")).isTrue();
			});
	}

	@Test
	void theProbesKeepTheirAdditionalPaths() {
		this.contextRunner.withPropertyValues("management.endpoint.health.probes.add-additional-paths=true")
			.run((context) -> {
				HealthEndpointGroups groups = context.getBean(HealthEndpointGroups.class);
				assertThat(groups).isInstanceOf(AdditionalPathsMapper.class);
				assertThat(((AdditionalPathsMapper) groups).getAdditionalPaths(EndpointId.of("health"),
						WebServerNamespace.SERVER))
					.contains("/livez", "/readyz");
			});
	}

	@Test
	void aDrainingNodeIsNotReadyWhileItsServicesStillTakeMessages() {
		this.contextRunner.withPropertyValues("dispatch.registry.shutdown-drain=30s").run((context) -> {
			AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
			HealthEndpoint health = context.getBean(HealthEndpoint.class);
			DispatchRegistry registry = context.getBean(DispatchRegistry.class);
			DispatchTemplate template = context.getBean(DispatchTemplate.class);
			Gate gate = new Gate();
			ServiceRef service = registry.addService("gate", gate);
			assertThat(health.healthForPath("readiness").getStatus()).isEqualTo(Status.UP);
			template.cast(service, new Counter.Add(1));
			assertThat(gate.awaitEntered()).isTrue();
			ClusterRegistry clusterRegistry = context.getBean(ClusterRegistry.class);
			CompletableFuture<Void> stopping = CompletableFuture.runAsync(clusterRegistry::stop);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> health.healthForPath("readiness").getStatus().equals(Status.OUT_OF_SERVICE));
			assertThat(health.healthForPath("readinessState").getStatus()).isEqualTo(Status.UP);
			assertThat(health.healthForPath("dispatch").getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
			template.cast(service, new Counter.Add(2));
			assertThat(stopping).isNotDone();
			gate.open();
			stopping.get();
			assertThat(gate.getHandled()).containsExactly(1, 2);
			assertThat(health.healthForPath("readiness").getStatus()).isEqualTo(Status.DOWN);
		});
	}

}
