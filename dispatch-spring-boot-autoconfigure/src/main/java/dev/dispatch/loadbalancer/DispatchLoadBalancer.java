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

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;

import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.DefaultResponse;
import org.springframework.cloud.client.loadbalancer.EmptyResponse;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.client.loadbalancer.RetryableRequestContext;
import org.springframework.cloud.loadbalancer.core.NoopServiceInstanceListSupplier;
import org.springframework.cloud.loadbalancer.core.ReactorServiceInstanceLoadBalancer;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;

import dev.dispatch.DispatchRegistry;
import dev.dispatch.ServiceRef;

/**
 * A load balancer that sends a request to the instance that owns its key on the Dispatch
 * ring of the service type, and a retry of it to the next replica. The instances must be
 * Dispatch services (their instance id is the service id), as the Dispatch discovery
 * client lists them. A request without a key is balanced round-robin.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
public class DispatchLoadBalancer implements ReactorServiceInstanceLoadBalancer {

	private final String serviceId;

	private final ObjectProvider<ServiceInstanceListSupplier> instances;

	private final DispatchRegistry registry;

	private final RoutingKeyResolver keyResolver;

	private final AtomicInteger position = new AtomicInteger();

	public DispatchLoadBalancer(String serviceId, ObjectProvider<ServiceInstanceListSupplier> instances,
			DispatchRegistry registry, RoutingKeyResolver keyResolver) {
		this.serviceId = serviceId;
		this.instances = instances;
		this.registry = registry;
		this.keyResolver = keyResolver;
	}

	@Override
	public Mono<Response<ServiceInstance>> choose(Request request) {
		ServiceInstanceListSupplier supplier = this.instances
			.getIfAvailable(() -> new NoopServiceInstanceListSupplier());
		return supplier.get(request).next().map((instances) -> choose(instances, request));
	}

	Response<ServiceInstance> choose(List<ServiceInstance> instances, Request<?> request) {
		if (instances.isEmpty()) {
			return new EmptyResponse();
		}
		String previous = (request.getContext() instanceof RetryableRequestContext retry
				&& retry.getPreviousServiceInstance() != null) ? retry.getPreviousServiceInstance().getInstanceId()
						: null;
		Object key = this.keyResolver.resolve(request);
		if (key != null) {
			Map<String, ServiceInstance> byId = instances.stream()
				.filter((instance) -> instance.getInstanceId() != null)
				.collect(Collectors.toMap(ServiceInstance::getInstanceId, Function.identity(), (a, b) -> a));
			for (ServiceRef ref : this.registry.findMultiService(instances.size(), this.serviceId, key)) {
				ServiceInstance instance = byId.get(ref.id());
				if (instance != null && !ref.id().equals(previous)) {
					return new DefaultResponse(instance);
				}
			}
		}
		int start = Math.floorMod(this.position.getAndIncrement(), instances.size());
		for (int i = 0; i < instances.size(); i++) {
			ServiceInstance instance = instances.get((start + i) % instances.size());
			if (previous == null || !previous.equals(instance.getInstanceId())) {
				return new DefaultResponse(instance);
			}
		}
		return new DefaultResponse(instances.get(start));
	}

}
