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

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import dev.dispatch.actuate.dashboard.DispatchDashboard;

/**
 * Serves the {@link DispatchDashboard} page in a WebFlux application.
 *
 * @author Dispatch team
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = Type.REACTIVE)
@ConditionalOnClass(RouterFunction.class)
class ReactiveDashboardConfiguration {

	@Bean
	RouterFunction<ServerResponse> dispatchDashboardReactiveRoute(DispatchDashboard dashboard,
			ObjectProvider<WebEndpointProperties> endpoints) {
		String basePath = endpoints.getIfAvailable(WebEndpointProperties::new).getBasePath();
		return RouterFunctions.route()
			.GET(DispatchDashboard.path(basePath),
					(request) -> ServerResponse.ok()
						.contentType(MediaType.parseMediaType(DispatchDashboard.CONTENT_TYPE))
						.cacheControl(CacheControl.noCache())
						.header("Content-Security-Policy", dashboard.getContentSecurityPolicy())
						.header("X-Content-Type-Options", "nosniff")
						.bodyValue(dashboard.getPage()))
			.build();
	}

}
