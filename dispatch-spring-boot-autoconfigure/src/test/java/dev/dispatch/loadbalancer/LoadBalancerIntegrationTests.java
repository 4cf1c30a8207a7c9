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

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.cloud.client.loadbalancer.LoadBalanced;
import org.springframework.cloud.loadbalancer.annotation.LoadBalancerClient;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

import dev.dispatch.DispatchHandler;
import dev.dispatch.DispatchRegistry;
import dev.dispatch.DispatchService;
import dev.dispatch.ServiceRef;
import dev.dispatch.test.TestCluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A {@code @LoadBalanced} {@link RestClient} on one node calls two real web nodes: each
 * request lands on the node that owns its key on the Dispatch ring.
 *
 * @author Dispatch team
 */
class LoadBalancerIntegrationTests {

	private final TestCluster cluster = new TestCluster(3);

	private final List<ConfigurableApplicationContext> nodes = new ArrayList<>();

	@AfterEach
	void stopNodes() {
		this.nodes.forEach(ConfigurableApplicationContext::close);
	}

	private ConfigurableApplicationContext start(int index, Class<?> application, WebApplicationType web) {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(application).web(web)
			.logStartupInfo(false)
			.properties(this.cluster.properties(index))
			.properties("server.port=0", "server.address=127.0.0.1", "spring.cloud.loadbalancer.cache.enabled=false")
			.run();
		this.nodes.add(context);
		return context;
	}

	@Test
	void requestsLandOnTheNodeThatOwnsTheirKey() {
		start(0, WebNode.class, WebApplicationType.SERVLET);
		start(1, WebNode.class, WebApplicationType.SERVLET);
		ConfigurableApplicationContext client = start(2, ClientNode.class, WebApplicationType.NONE);
		DiscoveryClient discovery = client.getBean(DiscoveryClient.class);
		await().atMost(Duration.ofSeconds(15)).until(() -> discovery.getInstances("files").size() == 2);
		RestClient restClient = client.getBean(RestClient.Builder.class).build();
		DispatchRegistry registry = client.getBean(DispatchRegistry.class);
		for (int i = 0; i < 20; i++) {
			String key = "file-" + i + ".txt";
			ServiceRef owner = registry.findService("files", key).orElseThrow();
			String servedBy = restClient.get()
				.uri("http://files/files/{key}", key)
				.header(DispatchLoadBalancerClientConfiguration.DEFAULT_KEY_HEADER, key)
				.retrieve()
				.body(String.class);
			assertThat(servedBy).isEqualTo(owner.node());
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class WebNode {

		@Bean
		Files files() {
			return new Files();
		}

		@Bean
		NodeController nodeController(DispatchRegistry registry) {
			return new NodeController(registry);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@LoadBalancerClient(name = "files", configuration = DispatchLoadBalancerClientConfiguration.class)
	static class ClientNode {

		@Bean
		@LoadBalanced
		RestClient.Builder loadBalancedRestClientBuilder() {
			return RestClient.builder();
		}

	}

	@DispatchService("files")
	static class Files {

		@DispatchHandler
		public String name(String name) {
			return name;
		}

	}

	@RestController
	static class NodeController {

		private final DispatchRegistry registry;

		NodeController(DispatchRegistry registry) {
			this.registry = registry;
		}

		@GetMapping("/files/{key}")
		String servedBy(@PathVariable String key) {
			return this.registry.getLocalNode();
		}

	}

}
