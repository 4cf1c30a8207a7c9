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

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;

import dev.dispatch.ServiceInfo;
import dev.dispatch.registry.ClusterState;

/**
 * A {@link DiscoveryClient} over the Dispatch registry: the services are the types, and
 * the instances of a type its online services, at the web address of their node. Services
 * on nodes without a web server are not listed.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
public class DispatchDiscoveryClient implements DiscoveryClient {

	/**
	 * The description of this client.
	 */
	public static final String DESCRIPTION = "Dispatch Discovery Client";

	private final ClusterState registry;

	private final NodeWebAddresses addresses;

	private final int order;

	public DispatchDiscoveryClient(ClusterState registry, NodeWebAddresses addresses, int order) {
		this.registry = registry;
		this.addresses = addresses;
		this.order = order;
	}

	@Override
	public String description() {
		return DESCRIPTION;
	}

	@Override
	public List<ServiceInstance> getInstances(String serviceId) {
		if (serviceId == null || serviceId.isBlank()) {
			return List.of();
		}
		Map<String, Integer> ports = this.addresses.ports();
		List<ServiceInstance> instances = new ArrayList<>();
		for (ServiceInfo service : this.registry.getOnlineServices(serviceId)) {
			Integer port = ports.get(service.ref().node());
			String host = this.addresses.host(service.ref().node());
			if (port != null && host != null) {
				instances.add(new DispatchServiceInstance(service, host, port));
			}
		}
		return instances;
	}

	@Override
	public List<String> getServices() {
		return new ArrayList<>(this.registry.getTypes());
	}

	@Override
	public void probe() {
		if (!this.registry.isClusterRunning()) {
			throw new IllegalStateException("The Hazelcast member of the Dispatch registry is not running");
		}
	}

	@Override
	public int getOrder() {
		return this.order;
	}

}
