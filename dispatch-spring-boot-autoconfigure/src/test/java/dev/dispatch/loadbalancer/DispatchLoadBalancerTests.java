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

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.loadbalancer.DefaultRequest;
import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.client.loadbalancer.RequestData;
import org.springframework.cloud.client.loadbalancer.RequestDataContext;
import org.springframework.cloud.client.loadbalancer.Response;
import org.springframework.cloud.client.loadbalancer.RetryableRequestContext;
import org.springframework.cloud.loadbalancer.core.ServiceInstanceListSupplier;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.util.LinkedMultiValueMap;

import dev.dispatch.DispatchRegistry;
import dev.dispatch.ServiceRef;
import dev.dispatch.test.Counter;
import dev.dispatch.test.TestCluster;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DispatchLoadBalancer} against a real registry.
 *
 * @author Dispatch team
 */
class DispatchLoadBalancerTests {

	private static TestCluster cluster;

	private static DispatchRegistry registry;

	private static final List<ServiceInstance> instances = new ArrayList<>();

	@BeforeAll
	static void startNode() {
		cluster = new TestCluster(1);
		ConfigurableApplicationContext node = cluster.start(0, List.of());
		registry = node.getBean(DispatchRegistry.class);
		for (int i = 0; i < 4; i++) {
			ServiceRef ref = registry.addService("files", new Counter());
			instances.add(new DefaultServiceInstance(ref.id(), "files", "127.0.0.1", 8081 + i, false));
		}
	}

	@AfterAll
	static void stopNode() {
		cluster.close();
	}

	private static DispatchLoadBalancer loadBalancer(RoutingKeyResolver resolver) {
		StaticListableBeanFactory beans = new StaticListableBeanFactory();
		beans.addBean("instances", new FixedInstances(instances));
		return new DispatchLoadBalancer("files", beans.getBeanProvider(ServiceInstanceListSupplier.class), registry,
				resolver);
	}

	private static RequestData get(String path, String key) {
		HttpHeaders headers = new HttpHeaders();
		if (key != null) {
			headers.add(DispatchLoadBalancerClientConfiguration.DEFAULT_KEY_HEADER, key);
		}
		return new RequestData(HttpMethod.GET, URI.create("http://files" + path), headers, new LinkedMultiValueMap<>(),
				Map.of());
	}

	private static String chosen(Response<ServiceInstance> response) {
		return response.getServer().getInstanceId();
	}

	@Test
	void requestGoesToTheOwnerOfItsKey() {
		DispatchLoadBalancer loadBalancer = loadBalancer(RoutingKeyResolver.header("X-Dispatch-Key"));
		for (int i = 0; i < 50; i++) {
			String key = "file-" + i + ".txt";
			Response<ServiceInstance> response = loadBalancer
				.choose(new DefaultRequest<>(new RequestDataContext(get("/files/" + key, key))))
				.block(Duration.ofSeconds(5));
			assertThat(chosen(response)).isEqualTo(registry.findService("files", key).orElseThrow().id());
		}
	}

	@Test
	void retryGoesToTheNextReplica() {
		DispatchLoadBalancer loadBalancer = loadBalancer(RoutingKeyResolver.header("X-Dispatch-Key"));
		List<ServiceRef> replicas = registry.findMultiService(2, "files", "a.txt");
		ServiceInstance owner = instances.stream()
			.filter((instance) -> instance.getInstanceId().equals(replicas.get(0).id()))
			.findFirst()
			.orElseThrow();
		Request<RetryableRequestContext> retry = new DefaultRequest<>(
				new RetryableRequestContext(owner, get("/files/a.txt", "a.txt")));
		assertThat(chosen(loadBalancer.choose(instances, retry))).isEqualTo(replicas.get(1).id());
	}

	@Test
	void keyCanComeFromAPathVariable() {
		DispatchLoadBalancer loadBalancer = loadBalancer(RoutingKeyResolver.pathVariable("/files/{key}", "key"));
		Request<RequestDataContext> request = new DefaultRequest<>(
				new RequestDataContext(get("/files/report.pdf", null)));
		assertThat(chosen(loadBalancer.choose(instances, request)))
			.isEqualTo(registry.findService("files", "report.pdf").orElseThrow().id());
	}

	@Test
	void requestWithoutAKeyIsBalancedRoundRobin() {
		DispatchLoadBalancer loadBalancer = loadBalancer(RoutingKeyResolver.header("X-Dispatch-Key"));
		List<String> chosen = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			chosen.add(chosen(
					loadBalancer.choose(instances, new DefaultRequest<>(new RequestDataContext(get("/", null))))));
		}
		assertThat(chosen)
			.containsExactlyInAnyOrderElementsOf(instances.stream().map(ServiceInstance::getInstanceId).toList());
	}

	@Test
	void noInstancesGivesAnEmptyResponse() {
		DispatchLoadBalancer loadBalancer = loadBalancer(RoutingKeyResolver.header("X-Dispatch-Key"));
		assertThat(
				loadBalancer.choose(List.of(), new DefaultRequest<>(new RequestDataContext(get("/", "a")))).hasServer())
			.isFalse();
	}

	private record FixedInstances(List<ServiceInstance> instances) implements ServiceInstanceListSupplier {

		@Override
		public String getServiceId() {
			return "files";
		}

		@Override
		public Flux<List<ServiceInstance>> get() {
			return Flux.just(this.instances);
		}

	}

}
