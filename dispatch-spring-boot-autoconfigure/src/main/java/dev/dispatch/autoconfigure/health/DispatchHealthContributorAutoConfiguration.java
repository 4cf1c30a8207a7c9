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

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import dev.dispatch.autoconfigure.DispatchAutoConfiguration;
import dev.dispatch.health.DispatchHealthIndicator;
import dev.dispatch.registry.ClusterFormation;
import dev.dispatch.registry.ClusterState;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for the {@link DispatchHealthIndicator}, reported under the
 * {@code dispatch} key and, with the availability probes on, a member of the
 * {@code readiness} group.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
@AutoConfiguration(after = DispatchAutoConfiguration.class,
		afterName = "org.springframework.boot.health.autoconfigure.actuate.endpoint.AvailabilityProbesAutoConfiguration")
@ConditionalOnClass(ConditionalOnEnabledHealthIndicator.class)
@ConditionalOnBean(ClusterState.class)
@ConditionalOnEnabledHealthIndicator("dispatch")
public final class DispatchHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "dispatchHealthIndicator")
	DispatchHealthIndicator dispatchHealthIndicator(ClusterState registry,
			@Qualifier("dispatchClusterFormation") ObjectProvider<ClusterFormation> formation) {
		DispatchHealthIndicator indicator = new DispatchHealthIndicator(registry);
		indicator.setClusterFormation(formation.getIfUnique());
		return indicator;
	}

	/**
	 * The {@code dispatch} contributor in the readiness group, when the availability
	 * probes are on (Spring Boot's default). Registered after Spring Boot's own probe
	 * groups, so that it applies to them.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "org.springframework.boot.health.actuate.endpoint.HealthEndpointGroupsPostProcessor",
			"org.springframework.boot.actuate.endpoint.web.AdditionalPathsMapper" })
	@ConditionalOnBooleanProperty(name = "management.endpoint.health.probes.enabled", matchIfMissing = true)
	static class ReadinessGroupConfiguration {

		@Bean
		static DispatchReadinessGroupPostProcessor dispatchReadinessGroupPostProcessor(Environment environment) {
			return new DispatchReadinessGroupPostProcessor(environment);
		}

	}

}
