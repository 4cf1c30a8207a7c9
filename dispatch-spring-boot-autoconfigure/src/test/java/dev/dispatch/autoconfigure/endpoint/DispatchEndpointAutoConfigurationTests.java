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

import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.dispatch.DispatchRegistry;
import dev.dispatch.DispatchTemplate;
import dev.dispatch.ServiceRef;
import dev.dispatch.actuate.endpoint.DispatchEndpoint;
import dev.dispatch.actuate.endpoint.DispatchEndpoint.RegistryDescriptor;
import dev.dispatch.actuate.endpoint.DispatchEndpoint.RouteDescriptor;
import dev.dispatch.actuate.endpoint.DispatchEndpoint.ServiceDescriptor;
import dev.dispatch.autoconfigure.DispatchAutoConfiguration;
import dev.dispatch.test.Counter;
import dev.dispatch.test.Gate;
import dev.dispatch.test.TestCluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link DispatchEndpointAutoConfiguration}.
 *
 * @author Dispatch team
 */
class DispatchEndpointAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(DispatchAutoConfiguration.class, DispatchEndpointAutoConfiguration.class))
		.withPropertyValues(new TestCluster(1).properties(0));

	@Test
	void runWhenExposedShouldCreateTheEndpointThatListsTheRegistry() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=dispatch").run((context) -> {
			assertThat(context).hasSingleBean(DispatchEndpoint.class);
			DispatchRegistry registry = context.getBean(DispatchRegistry.class);
			registry.addService("counter", new Counter());
			RegistryDescriptor descriptor = context.getBean(DispatchEndpoint.class).registry();
			assertThat(descriptor.getNode()).isEqualTo(registry.getLocalNode());
			assertThat(descriptor.getMembers()).containsExactly(registry.getLocalNode());
			assertThat(descriptor.getTypes()).containsOnlyKeys("counter");
			assertThat(descriptor.getTypes().get("counter").getServices()).singleElement()
				.satisfies((service) -> assertThat(service.getState()).isEqualTo("ONLINE"));
			assertThat(context.getBean(DispatchEndpoint.class).type("counter")).isNotNull();
			assertThat(context.getBean(DispatchEndpoint.class).type("unknown")).isNull();
		});
	}

	@Test
	void routeShowsTheOwnerOfAKeyAndItsReplicas() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=dispatch").run((context) -> {
			DispatchRegistry registry = context.getBean(DispatchRegistry.class);
			for (int i = 0; i < 4; i++) {
				registry.addService("counter", new Counter());
			}
			RouteDescriptor route = context.getBean(DispatchEndpoint.class).route("counter", "file-1.png");
			assertThat(route).isNotNull();
			assertThat(route.getOwner()).isEqualTo(registry.findService("counter", "file-1.png").orElseThrow());
			assertThat(route.getReplicas()).hasSize(2).doesNotContain(route.getOwner());
			assertThat(context.getBean(DispatchEndpoint.class).route("unknown", "file-1.png")).isNull();
		});
	}

	@Test
	void eachOnlineServiceShowsItsShareOfTheKeysAndItsArcsOfTheRing() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=dispatch").run((context) -> {
			DispatchRegistry registry = context.getBean(DispatchRegistry.class);
			for (int i = 0; i < 3; i++) {
				registry.addService("counter", new Counter());
			}
			ServiceRef offline = registry.addService("counter", new Counter());
			registry.disableService(offline);
			DispatchEndpoint endpoint = context.getBean(DispatchEndpoint.class);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> endpoint.type("counter")
					.getServices()
					.stream()
					.filter((s) -> s.getShare() > 0)
					.count() == 3);
			List<ServiceDescriptor> services = endpoint.type("counter").getServices();
			assertThat(services.stream().mapToDouble(ServiceDescriptor::getShare).sum()).isCloseTo(1.0, within(1e-9));
			ServiceDescriptor disabled = services.stream()
				.filter((service) -> service.getId().equals(offline.id()))
				.findFirst()
				.orElseThrow();
			assertThat(disabled.getState()).isEqualTo("OFFLINE");
			assertThat(disabled.getShare()).isZero();
			assertThat(disabled.getArcs()).isEmpty();
			List<double[]> arcs = services.stream()
				.flatMap((service) -> service.getArcs().stream())
				.sorted(Comparator.comparingDouble((arc) -> arc[0]))
				.toList();
			assertThat(arcs.get(0)[0]).isZero();
			for (int i = 1; i < arcs.size(); i++) {
				assertThat(arcs.get(i)[0]).isEqualTo(arcs.get(i - 1)[1]);
			}
			assertThat(arcs.get(arcs.size() - 1)[1]).isEqualTo(1.0);
			RouteDescriptor route = endpoint.route("counter", "file-1.png");
			ServiceDescriptor owner = services.stream()
				.filter((service) -> service.getId().equals(route.getOwner().id()))
				.findFirst()
				.orElseThrow();
			assertThat(route.getPosition()).isBetween(0.0, 1.0);
			assertThat(owner.getShare()).isPositive();
		});
	}

	@Test
	void eachServiceShowsHowManyMessagesThisNodeHasInFlightToIt() {
		this.contextRunner.withPropertyValues("management.endpoints.web.exposure.include=dispatch").run((context) -> {
			DispatchRegistry registry = context.getBean(DispatchRegistry.class);
			Map<ServiceRef, Gate> gates = new HashMap<>();
			for (int i = 0; i < 2; i++) {
				Gate gate = new Gate();
				gates.put(registry.addService("gated", gate), gate);
			}
			ServiceRef owner = registry.findService("gated", "key").orElseThrow();
			ServiceRef other = gates.keySet().stream().filter((ref) -> !ref.equals(owner)).findFirst().orElseThrow();
			DispatchTemplate template = context.getBean(DispatchTemplate.class);
			CompletableFuture<Object> reply = template.callAsync("gated", "key", new Counter.Add(1), Object.class);
			template.cast("gated", "key", new Counter.Add(2));
			try {
				assertThat(inFlight(context.getBean(DispatchEndpoint.class))).containsOnly(entry(owner.id(), 2),
						entry(other.id(), 0));
			}
			finally {
				gates.values().forEach(Gate::open);
			}
			reply.get(10, TimeUnit.SECONDS);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> inFlight(context.getBean(DispatchEndpoint.class)).get(owner.id()) == 0);
		});
	}

	private static Map<String, Integer> inFlight(DispatchEndpoint endpoint) {
		return endpoint.type("gated")
			.getServices()
			.stream()
			.collect(Collectors.toMap(ServiceDescriptor::getId, ServiceDescriptor::getInFlight));
	}

	@Test
	void runWhenNotExposedShouldNotCreateTheEndpoint() {
		this.contextRunner.run((context) -> assertThat(context).doesNotHaveBean(DispatchEndpoint.class));
	}

	@Test
	void runWithoutActuatorShouldStillCreateTheRegistry() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(ConditionalOnAvailableEndpoint.class))
			.withPropertyValues("management.endpoints.web.exposure.include=dispatch")
			.run((context) -> assertThat(context).doesNotHaveBean(DispatchEndpoint.class)
				.hasSingleBean(DispatchRegistry.class));
	}

	@Test
	void runWhenDispatchIsDisabledShouldNotCreateTheEndpoint() {
		this.contextRunner
			.withPropertyValues("management.endpoints.web.exposure.include=dispatch", "dispatch.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(DispatchEndpoint.class));
	}

}
