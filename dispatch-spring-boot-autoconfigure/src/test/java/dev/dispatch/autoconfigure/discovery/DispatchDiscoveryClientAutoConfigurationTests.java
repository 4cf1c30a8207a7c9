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

package dev.dispatch.autoconfigure.discovery;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.cloud.client.discovery.composite.CompositeDiscoveryClient;
import org.springframework.cloud.client.discovery.composite.CompositeDiscoveryClientAutoConfiguration;
import org.springframework.cloud.client.discovery.simple.SimpleDiscoveryClientAutoConfiguration;
import org.springframework.cloud.commons.util.UtilAutoConfiguration;

import dev.dispatch.DispatchRegistry;
import dev.dispatch.ServiceRef;
import dev.dispatch.autoconfigure.DispatchAutoConfiguration;
import dev.dispatch.discovery.DispatchDiscoveryClient;
import dev.dispatch.discovery.DispatchReactiveDiscoveryClient;
import dev.dispatch.discovery.DispatchServiceInstance;
import dev.dispatch.discovery.NodeWebAddresses;
import dev.dispatch.test.Counter;
import dev.dispatch.test.TestCluster;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DispatchDiscoveryClientAutoConfiguration}.
 *
 * @author Dispatch team
 */
class DispatchDiscoveryClientAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(DispatchAutoConfiguration.class, DispatchDiscoveryClientAutoConfiguration.class))
		.withPropertyValues(new TestCluster(1).properties(0));

	@Test
	void runShouldListTypesAndTheOnlineServicesAtTheirNodesWebAddress() {
		this.contextRunner.withPropertyValues("dispatch.discovery.order=7").run((context) -> {
			DispatchDiscoveryClient client = context.getBean(DispatchDiscoveryClient.class);
			DispatchRegistry registry = context.getBean(DispatchRegistry.class);
			ServiceRef online = registry.addService("counter", new Counter());
			ServiceRef offline = registry.addService("counter", new Counter());
			registry.disableService(offline);
			assertThat(client.description()).isEqualTo("Dispatch Discovery Client");
			assertThat(client.getOrder()).isEqualTo(7);
			assertThat(client.getServices()).containsExactly("counter");
			assertThat(client.getInstances("counter")).as("no web server yet").isEmpty();
			context.getBean(NodeWebAddresses.class).publish(8080);
			List<ServiceInstance> instances = client.getInstances("counter");
			assertThat(instances).singleElement().satisfies((instance) -> {
				assertThat(instance).isInstanceOf(DispatchServiceInstance.class);
				assertThat(instance.getServiceId()).isEqualTo("counter");
				assertThat(instance.getInstanceId()).isEqualTo(online.id());
				assertThat(instance.getHost()).isEqualTo("127.0.0.1");
				assertThat(instance.getPort()).isEqualTo(8080);
				assertThat(instance.getMetadata()).containsEntry("dispatch.id", online.id())
					.containsEntry("dispatch.node", online.node())
					.containsEntry("dispatch.state", "ONLINE");
			});
			assertThat(client.getInstances("unknown")).isEmpty();
			client.getServices().add("copies are handed out");
			assertThat(client.getServices()).containsExactly("counter");
			client.probe();
		});
	}

	@Test
	void worksBesideOtherClientsInACompositeClient() {
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(UtilAutoConfiguration.class,
					SimpleDiscoveryClientAutoConfiguration.class, CompositeDiscoveryClientAutoConfiguration.class))
			.withPropertyValues("spring.cloud.discovery.client.simple.instances.other[0].uri=http://127.0.0.1:9999")
			.run((context) -> {
				context.getBean(DispatchRegistry.class).addService("counter", new Counter());
				CompositeDiscoveryClient composite = context.getBean(CompositeDiscoveryClient.class);
				assertThat(composite.getDiscoveryClients()).extracting(DiscoveryClient::description)
					.contains(DispatchDiscoveryClient.DESCRIPTION);
				assertThat(composite.getServices()).contains("counter", "other");
			});
	}

	@Test
	void reactiveClientListsTheSameServicesAndInstances() {
		this.contextRunner.run((context) -> {
			context.getBean(DispatchRegistry.class).addService("counter", new Counter());
			context.getBean(NodeWebAddresses.class).publish(8080);
			DispatchReactiveDiscoveryClient reactive = context.getBean(DispatchReactiveDiscoveryClient.class);
			assertThat(reactive.description()).isEqualTo(DispatchDiscoveryClient.DESCRIPTION);
			assertThat(reactive.getServices().collectList().block(Duration.ofSeconds(5))).containsExactly("counter");
			assertThat(reactive.getInstances("counter").collectList().block(Duration.ofSeconds(5)))
				.extracting(ServiceInstance::getPort)
				.containsExactly(8080);
			reactive.reactiveProbe().block(Duration.ofSeconds(5));
		});
	}

	@Test
	void runWhenDispatchDiscoveryIsDisabledShouldNotCreateTheClients() {
		this.contextRunner.withPropertyValues("dispatch.discovery.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(DispatchDiscoveryClient.class)
				.doesNotHaveBean(DispatchReactiveDiscoveryClient.class));
	}

	@Test
	void runWhenSpringCloudDiscoveryIsDisabledShouldNotCreateTheClients() {
		this.contextRunner.withPropertyValues("spring.cloud.discovery.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(DispatchDiscoveryClient.class)
				.doesNotHaveBean(DispatchReactiveDiscoveryClient.class));
		this.contextRunner.withPropertyValues("spring.cloud.discovery.blocking.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(DispatchDiscoveryClient.class)
				.hasSingleBean(DispatchReactiveDiscoveryClient.class));
		this.contextRunner.withPropertyValues("spring.cloud.discovery.reactive.enabled=false")
			.run((context) -> assertThat(context).hasSingleBean(DispatchDiscoveryClient.class)
				.doesNotHaveBean(DispatchReactiveDiscoveryClient.class));
	}

	@Test
	void runWithoutReactorShouldCreateOnlyTheBlockingClient() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(Flux.class))
			.run((context) -> assertThat(context).hasSingleBean(DispatchDiscoveryClient.class)
				.doesNotHaveBean(DispatchReactiveDiscoveryClient.class));
	}

	@Test
	void runWithoutSpringCloudShouldStillCreateTheRegistry() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(DiscoveryClient.class))
			.run((context) -> assertThat(context).doesNotHaveBean(DispatchDiscoveryClient.class)
				.hasSingleBean(DispatchRegistry.class));
	}

}
