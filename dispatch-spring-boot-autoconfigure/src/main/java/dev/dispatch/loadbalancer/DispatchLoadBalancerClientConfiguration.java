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

package dev.dispatch.loadbalancer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.loadbalancer.core.ReactorLoadBalancer;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.support.LoadBalancerClientFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import dev.dispatch.DispatchRegistry;

/**
 * Load-balancer client configuration that routes by key with a
 * {@link DispatchLoadBalancer}. Name it in
 * {@code @LoadBalancerClient(name = "uploader", configuration = ...)}, or as the default
 * of {@code @LoadBalancerClients}. The key comes from a {@link RoutingKeyResolver} bean
 * if there is one, else from the path variable {@code key} of
 * {@code dispatch.loadbalancer.key-path-pattern} when it is set, else from the header
 * named by {@code dispatch.loadbalancer.key-header} ({@code X-Dispatch-Key}).
 *
 * @author Dispatch team
 * @since 0.1.0
 */
@Configuration(proxyBeanMethods = false)
public class DispatchLoadBalancerClientConfiguration {

	/**
	 * The default header that carries the routing key.
	 */
	public static final String DEFAULT_KEY_HEADER = "X-Dispatch-Key";

	@Bean
	ReactorLoadBalancer<ServiceInstance> dispatchLoadBalancer(Environment environment,
			LoadBalancerClientFactory clients, DispatchRegistry registry, ObjectProvider<RoutingKeyResolver> resolver) {
		String serviceId = environment.getRequiredProperty(LoadBalancerClientFactory.PROPERTY_NAME);
		return new DispatchLoadBalancer(serviceId,
				clients.getLazyProvider(serviceId, ServiceInstanceListSupplier.class), registry,
				resolver.getIfAvailable(() -> keyResolver(environment)));
	}

	private static RoutingKeyResolver keyResolver(Environment environment) {
		String pattern = environment.getProperty("dispatch.loadbalancer.key-path-pattern");
		if (pattern != null && !pattern.isBlank()) {
			return RoutingKeyResolver.pathVariable(pattern, "key");
		}
		return RoutingKeyResolver
			.header(environment.getProperty("dispatch.loadbalancer.key-header", DEFAULT_KEY_HEADER));
	}

}
