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

package dev.dispatch.routing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import dev.dispatch.DispatchRegistry;
import dev.dispatch.DispatchTemplate;
import dev.dispatch.ServiceRef;
import dev.dispatch.test.Counter;
import dev.dispatch.test.Gate;
import dev.dispatch.test.TestCluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Bounded-load routing between two nodes: casts to another node count until that node
 * acknowledges them, and a spill goes to the next service in the key's replica order,
 * which prefers another node.
 *
 * @author Dispatch team
 */
class BoundedLoadRoutingIntegrationTests {

	private static final String KEY = "hot";

	private static final Duration PATIENCE = Duration.ofSeconds(10);

	private final TestCluster cluster = new TestCluster(2);

	private final List<Gate> gates = new ArrayList<>();

	private ConfigurableApplicationContext server;

	private ConfigurableApplicationContext client;

	@AfterEach
	void stopCluster() {
		this.gates.forEach(Gate::open);
		this.cluster.close();
	}

	@Test
	void castsToAnotherNodeCountUntilAcknowledgedAndCallsUntilAnswered() throws Exception {
		start();
		String type = TestCluster.uniqueType();
		Map<ServiceRef, Gate> services = addGated(this.server, type, 1);
		ServiceRef remote = services.keySet().iterator().next();
		awaitServices(type, 1);
		DispatchTemplate template = this.client.getBean(DispatchTemplate.class);
		InFlightMessages inFlight = this.client.getBean(InFlightMessages.class);
		for (int i = 0; i < 3; i++) {
			template.cast(type, KEY, new Counter.Add(i));
		}
		List<CompletableFuture<Object>> replies = new ArrayList<>();
		for (int i = 3; i < 5; i++) {
			replies.add(template.callAsync(type, KEY, new Counter.Add(i), Object.class));
		}
		assertThat(inFlight.count(remote.id())).isEqualTo(5);
		assertThat(services.get(remote).awaitEntered()).isTrue();
		assertThat(inFlight.count(remote.id())).isEqualTo(5);
		services.get(remote).open();
		CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
		await().atMost(PATIENCE).until(() -> inFlight.count(remote.id()) == 0);
		assertThat(services.get(remote).getHandled()).containsExactly(0, 1, 2, 3, 4);
		assertThat(inFlight.counts()).isEmpty();
	}

	@Test
	void aSpillGoesToTheNextServiceInTheKeysReplicaOrderOnAnyNode() throws Exception {
		start();
		String type = TestCluster.uniqueType();
		Map<ServiceRef, Gate> services = new LinkedHashMap<>(addGated(this.server, type, 2));
		services.putAll(addGated(this.client, type, 2));
		awaitServices(type, 4);
		List<ServiceRef> order = this.client.getBean(DispatchRegistry.class).findMultiService(4, type, KEY);
		assertThat(order.get(1).node()).isNotEqualTo(order.get(0).node());
		DispatchTemplate template = this.client.getBean(DispatchTemplate.class);
		InFlightMessages inFlight = this.client.getBean(InFlightMessages.class);
		// n = 4, factor 1: the bound ceil((m + 1) / 4) is 1, 1, 1, 1, 2 for m = 0 to 4
		List<ServiceRef> expected = List.of(order.get(0), order.get(1), order.get(2), order.get(3), order.get(0));
		List<CompletableFuture<Object>> replies = new ArrayList<>();
		Map<String, Integer> counts = new HashMap<>();
		for (int i = 0; i < expected.size(); i++) {
			replies.add(template.callAsync(type, KEY, new Counter.Add(i), Object.class));
			counts.merge(expected.get(i).id(), 1, Integer::sum);
			assertThat(countsOf(inFlight, services.keySet())).as("after message %d", i).isEqualTo(counts);
		}
		services.values().forEach(Gate::open);
		CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
		for (int i = 0; i < expected.size(); i++) {
			assertThat(services.get(expected.get(i)).getHandled()).as("message %d", i).contains(i);
		}
		assertThat(countsOf(inFlight, services.keySet())).isEmpty();
	}

	private void start() {
		this.server = this.cluster.start(0, List.of(), "dispatch.routing.balance-factor=1");
		this.client = this.cluster.start(1, List.of(), "dispatch.routing.balance-factor=1");
	}

	private Map<ServiceRef, Gate> addGated(ConfigurableApplicationContext node, String type, int count) {
		Map<ServiceRef, Gate> services = new LinkedHashMap<>();
		for (int i = 0; i < count; i++) {
			Gate gate = new Gate();
			this.gates.add(gate);
			services.put(node.getBean(DispatchRegistry.class).addService(type, gate), gate);
		}
		return services;
	}

	private void awaitServices(String type, int count) {
		await().atMost(PATIENCE)
			.until(() -> this.client.getBean(DispatchRegistry.class).getOnlineServices(type).size() == count);
	}

	private static Map<String, Integer> countsOf(InFlightMessages inFlight, Collection<ServiceRef> services) {
		Map<String, Integer> counts = new HashMap<>();
		for (ServiceRef service : services) {
			int count = inFlight.count(service.id());
			if (count > 0) {
				counts.put(service.id(), count);
			}
		}
		return counts;
	}

}
