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

package dev.dispatch.discovery;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.ReactiveDiscoveryClient;

/**
 * The reactive view of the {@link DispatchDiscoveryClient}. The registry is read from
 * this node's memory, so nothing blocks.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
public class DispatchReactiveDiscoveryClient implements ReactiveDiscoveryClient {

	private final DispatchDiscoveryClient client;

	public DispatchReactiveDiscoveryClient(DispatchDiscoveryClient client) {
		this.client = client;
	}

	@Override
	public String description() {
		return DispatchDiscoveryClient.DESCRIPTION;
	}

	@Override
	public Flux<ServiceInstance> getInstances(String serviceId) {
		return Flux.defer(() -> Flux.fromIterable(this.client.getInstances(serviceId)));
	}

	@Override
	public Flux<String> getServices() {
		return Flux.defer(() -> Flux.fromIterable(this.client.getServices()));
	}

	@Override
	public Mono<Void> reactiveProbe() {
		return Mono.fromRunnable(this.client::probe);
	}

	@Override
	public int getOrder() {
		return this.client.getOrder();
	}

}
