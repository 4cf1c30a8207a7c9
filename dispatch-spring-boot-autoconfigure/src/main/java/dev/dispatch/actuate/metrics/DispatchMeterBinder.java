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

package dev.dispatch.actuate.metrics;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

import org.springframework.context.event.EventListener;

import dev.dispatch.ServiceJoinedEvent;
import dev.dispatch.registry.ClusterState;

/**
 * Gauges of the registry as this node sees it: {@code dispatch.members} and
 * {@code dispatch.services} per type and state ({@code online} or {@code offline}). A
 * type's gauges appear with its first service.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
public class DispatchMeterBinder implements MeterBinder {

	/**
	 * Gauge of the cluster's members.
	 */
	public static final String MEMBERS = "dispatch.members";

	/**
	 * Gauge of services per type and state.
	 */
	public static final String SERVICES = "dispatch.services";

	private final ClusterState registry;

	private final Set<String> boundTypes = ConcurrentHashMap.newKeySet();

	private volatile @Nullable MeterRegistry meterRegistry;

	public DispatchMeterBinder(ClusterState registry) {
		this.registry = registry;
	}

	@Override
	public void bindTo(MeterRegistry meterRegistry) {
		this.meterRegistry = meterRegistry;
		Gauge
			.builder(MEMBERS, this.registry,
					(registry) -> registry.isClusterRunning() ? registry.getMembers().size() : 0)
			.description("Members of the cluster")
			.register(meterRegistry);
		this.registry.getTypes().forEach(this::bindType);
	}

	@EventListener
	void serviceJoined(ServiceJoinedEvent event) {
		bindType(event.service().ref().type());
	}

	private void bindType(String type) {
		MeterRegistry meterRegistry = this.meterRegistry;
		if (meterRegistry == null || !this.boundTypes.add(type)) {
			return;
		}
		Gauge.builder(SERVICES, this.registry, (registry) -> registry.getOnlineServices(type).size())
			.description("Services of a type, by state")
			.tag("type", type)
			.tag("state", "online")
			.register(meterRegistry);
		Gauge
			.builder(SERVICES, this.registry,
					(registry) -> registry.getServices(type).size() - registry.getOnlineServices(type).size())
			.description("Services of a type, by state")
			.tag("type", type)
			.tag("state", "offline")
			.register(meterRegistry);
	}

}
