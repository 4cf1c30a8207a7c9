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

package dev.dispatch.autoconfigure.dashboard;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.actuate.autoconfigure.web.server.ConditionalOnManagementPort;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementPortType;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import dev.dispatch.actuate.dashboard.DispatchDashboard;
import dev.dispatch.actuate.endpoint.DispatchEndpoint;
import dev.dispatch.autoconfigure.endpoint.DispatchEndpointAutoConfiguration;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for the {@link DispatchDashboard} page, served by Spring MVC or
 * WebFlux at {@code dispatch-dashboard} under the actuator's base path when
 * {@code dispatch.dashboard.enabled} is true and the {@code dispatch} endpoint is exposed
 * over HTTP on the application's own port.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
@AutoConfiguration(after = DispatchEndpointAutoConfiguration.class)
@ConditionalOnClass(ConditionalOnAvailableEndpoint.class)
@ConditionalOnBooleanProperty("dispatch.dashboard.enabled")
@ConditionalOnAvailableEndpoint(endpoint = DispatchEndpoint.class, exposure = EndpointExposure.WEB)
@ConditionalOnManagementPort(ManagementPortType.SAME)
@EnableConfigurationProperties(DispatchDashboardProperties.class)
@Import({ ServletDashboardConfiguration.class, ReactiveDashboardConfiguration.class })
public final class DispatchDashboardAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	DispatchDashboard dispatchDashboard() {
		return new DispatchDashboard();
	}

}
