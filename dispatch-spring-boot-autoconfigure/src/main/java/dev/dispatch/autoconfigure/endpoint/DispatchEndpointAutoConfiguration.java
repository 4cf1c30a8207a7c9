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

package dev.dispatch.autoconfigure.endpoint;

import java.util.Map;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.dispatch.actuate.endpoint.DispatchEndpoint;
import dev.dispatch.actuate.endpoint.KeyedStateStats;
import dev.dispatch.autoconfigure.DispatchAutoConfiguration;
import dev.dispatch.handoff.KeyedStates;
import dev.dispatch.registry.ClusterRegistry;
import dev.dispatch.registry.ClusterState;
import dev.dispatch.routing.InFlightMessages;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for the {@link DispatchEndpoint}.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
@AutoConfiguration(after = DispatchAutoConfiguration.class)
@ConditionalOnClass(ConditionalOnAvailableEndpoint.class)
@ConditionalOnAvailableEndpoint(DispatchEndpoint.class)
public final class DispatchEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(ClusterState.class)
	DispatchEndpoint dispatchEndpoint(ClusterState registry,
			@Qualifier("dispatchInFlightMessages") ObjectProvider<InFlightMessages> inFlight) {
		InFlightMessages messages = inFlight.getIfAvailable(InFlightMessages::new);
		if (registry instanceof ClusterRegistry clusterRegistry) {
			return new DispatchEndpoint(registry, messages, new Stats(clusterRegistry.getKeyedStates()));
		}
		return new DispatchEndpoint(registry, messages);
	}

	/**
	 * What the keyed states of the registry report.
	 */
	private record Stats(KeyedStates states) implements KeyedStateStats {

		@Override
		public long backupBytes(String type) {
			return this.states.backupBytes(type);
		}

		@Override
		public int backupLag(String type) {
			return this.states.backupLag(type);
		}

		@Override
		public Map<String, Long> handoffs(String type) {
			return this.states.handoffs(type);
		}

	}

}
