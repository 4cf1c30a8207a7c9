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
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.dispatch.DispatchHandler;
import dev.dispatch.DispatchRegistry;
import dev.dispatch.DispatchTemplate;
import dev.dispatch.KeyedState;
import dev.dispatch.ServiceOverloadedException;
import dev.dispatch.ServiceRef;
import dev.dispatch.metrics.DispatchMetrics;
import dev.dispatch.metrics.MicrometerDispatchMetrics;
import dev.dispatch.test.Counter;
import dev.dispatch.test.Gate;
import dev.dispatch.test.TestCluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Bounded-load routing on one node, with handlers held at a gate so that nothing settles
 * until the test says so: which service each message goes to follows from the counts
 * alone.
 *
 * @author Dispatch team
 */
class BoundedLoadRoutingTests {

	private static final String RELAXED = "relaxed";

	private static final String KEY = "hot";

	private static final Duration PATIENCE = Duration.ofSeconds(10);

	private static TestCluster cluster;

	private static DispatchRegistry registry;

	private static DispatchTemplate template;

	private static InFlightMessages inFlight;

	private static MeterRegistry meters;

	private final List<Gate> gates = new ArrayList<>();

	private final List<CountDownLatch> stateGates = new ArrayList<>();

	@BeforeAll
	static void startNode() {
		cluster = new TestCluster(1);
		ConfigurableApplicationContext node = cluster.start(0, List.of(Meters.class),
				"dispatch.routing.balance-factor=1.25", "dispatch.routing.types." + RELAXED + ".balance-factor=4");
		registry = node.getBean(DispatchRegistry.class);
		template = node.getBean(DispatchTemplate.class);
		inFlight = node.getBean(InFlightMessages.class);
		meters = node.getBean(MeterRegistry.class);
	}

	@AfterEach
	void openGates() {
		this.gates.forEach(Gate::open);
		this.stateGates.forEach(CountDownLatch::countDown);
	}

	@AfterAll
	static void stopNode() {
		cluster.close();
	}

	@Test
	void aKeyGoesToItsOwnerUntilTheOwnerWouldExceedTheBoundThenToTheNextReplicaUnderIt() throws Exception {
		String type = TestCluster.uniqueType();
		Map<ServiceRef, Gate> services = addGated(type, 3);
		List<ServiceRef> order = registry.findMultiService(3, type, KEY);
		ServiceRef owner = order.get(0);
		ServiceRef second = order.get(1);
		ServiceRef third = order.get(2);
		// n = 3, factor 1.25: the bound ceil(1.25 (m + 1) / 3) is 1, 1, 2, 2, 3, 3, 3 for
		// m = 0 to 6 messages already in flight
		List<ServiceRef> expected = List.of(owner, second, owner, second, owner, second, third);
		List<CompletableFuture<Object>> replies = new ArrayList<>();
		Map<String, Integer> counts = new HashMap<>();
		for (int i = 0; i < expected.size(); i++) {
			replies.add(template.callAsync(type, KEY, new Counter.Add(i), Object.class));
			counts.merge(expected.get(i).id(), 1, Integer::sum);
			assertThat(countsOf(services.keySet())).as("after message %d", i).isEqualTo(counts);
		}
		assertThat(spills(type)).isEqualTo(4);
		services.values().forEach(Gate::open);
		CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
		assertThat(services.get(owner).getHandled()).containsExactly(0, 2, 4);
		assertThat(services.get(second).getHandled()).containsExactly(1, 3, 5);
		assertThat(services.get(third).getHandled()).containsExactly(6);
		assertThat(countsOf(services.keySet())).isEmpty();
		template.call(type, KEY, new Counter.Add(7), Object.class);
		assertThat(services.get(owner).getHandled()).containsExactly(0, 2, 4, 7);
		assertThat(countsOf(services.keySet())).isEmpty();
	}

	@Test
	void ordinaryKeysStayWithTheirBusyOwnerAndOnlyAHotKeySpills() {
		String type = TestCluster.uniqueType();
		Map<ServiceRef, Gate> services = addGated(type, 2);
		ServiceRef owner = registry.findService(type, KEY).orElseThrow();
		ServiceRef other = services.keySet().stream().filter((ref) -> !ref.equals(owner)).findFirst().orElseThrow();
		List<String> ordinary = IntStream.range(0, 1000)
			.mapToObj((i) -> "ordinary-" + i)
			.filter((key) -> registry.findService(type, key).orElseThrow().equals(owner))
			.limit(12)
			.toList();
		// n = 2, factor 1.25: from the third message on, the owner is over the bound, but
		// each of these keys was seen once: none is hot
		ordinary.forEach((key) -> template.cast(type, key, new Counter.Add(0)));
		assertThat(countsOf(services.keySet())).isEqualTo(Map.of(owner.id(), 12));
		assertThat(spills(type)).isZero();
		// the key sent again and again is hot from its second message on (2 of 14 is
		// more than 1 / (8n)): it spills to the other service while the owner is over
		// the bound
		for (int i = 0; i < 10; i++) {
			template.cast(type, KEY, new Counter.Add(i + 1));
		}
		assertThat(spills(type)).isPositive();
		assertThat(inFlight.count(other.id())).isEqualTo((int) spills(type));
		assertThat(inFlight.count(owner.id())).isEqualTo(12 + 10 - (int) spills(type));
	}

	@Test
	void castsSpillLikeCallsAndCountUntilTheirHandlerHasRun() {
		String type = TestCluster.uniqueType();
		Map<ServiceRef, Gate> services = addGated(type, 2);
		List<ServiceRef> order = registry.findMultiService(2, type, KEY);
		ServiceRef owner = order.get(0);
		ServiceRef second = order.get(1);
		// n = 2, factor 1.25: the bound ceil(1.25 (m + 1) / 2) is 1, 2, 2, 3, 4, 4
		List<ServiceRef> expected = List.of(owner, owner, second, owner, owner, second);
		Map<String, Integer> counts = new HashMap<>();
		for (int i = 0; i < expected.size(); i++) {
			template.cast(type, KEY, new Counter.Add(i));
			counts.merge(expected.get(i).id(), 1, Integer::sum);
			assertThat(countsOf(services.keySet())).as("after cast %d", i).isEqualTo(counts);
		}
		services.get(owner).open();
		await().atMost(PATIENCE).until(() -> services.get(owner).getHandled().size() == 4);
		await().atMost(PATIENCE).until(() -> inFlight.count(owner.id()) == 0);
		assertThat(inFlight.count(second.id())).isEqualTo(2);
		services.get(second).open();
		await().atMost(PATIENCE).until(() -> countsOf(services.keySet()).isEmpty());
		assertThat(services.get(owner).getHandled()).containsExactly(0, 1, 3, 4);
		assertThat(services.get(second).getHandled()).containsExactly(2, 5);
	}

	@Test
	void aTypesOwnFactorWinsOverTheGlobalOne() {
		Map<ServiceRef, Gate> relaxed = addGated(RELAXED, 2);
		String type = TestCluster.uniqueType();
		Map<ServiceRef, Gate> global = addGated(type, 2);
		for (int i = 0; i < 3; i++) {
			template.cast(RELAXED, KEY, new Counter.Add(i));
			template.cast(type, KEY, new Counter.Add(i));
		}
		// factor 4: the bound is 2, 4, 6; factor 1.25: 1, 2, 2
		ServiceRef relaxedOwner = registry.findService(RELAXED, KEY).orElseThrow();
		assertThat(countsOf(relaxed.keySet())).isEqualTo(Map.of(relaxedOwner.id(), 3));
		List<ServiceRef> order = registry.findMultiService(2, type, KEY);
		assertThat(countsOf(global.keySet())).isEqualTo(Map.of(order.get(0).id(), 2, order.get(1).id(), 1));
		assertThat(spills(RELAXED)).isZero();
		assertThat(spills(type)).isOne();
	}

	@Test
	void aTypeThatKeepsStatePerKeyNeverSpills() throws Exception {
		String type = TestCluster.uniqueType();
		List<ServiceRef> services = new ArrayList<>();
		for (int i = 0; i < 2; i++) {
			CountDownLatch open = new CountDownLatch(1);
			this.stateGates.add(open);
			services.add(registry.addService(type, new GatedState(open)));
		}
		ServiceRef owner = registry.findService(type, KEY).orElseThrow();
		List<CompletableFuture<Object>> replies = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			replies.add(template.callAsync(type, KEY, new Counter.Add(i), Object.class));
		}
		// with factor 1.25 and two stateless services, the third would have spilled
		assertThat(countsOf(services)).isEqualTo(Map.of(owner.id(), 4));
		assertThat(spills(type)).isZero();
		this.stateGates.forEach(CountDownLatch::countDown);
		CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
		assertThat(countsOf(services)).isEmpty();
	}

	@Test
	void withoutAFactorEveryKeyGoesToItsOwnerAndARefusedMessageLeavesNoCount() throws Exception {
		try (TestCluster plain = new TestCluster(1)) {
			ConfigurableApplicationContext node = plain.start(0, List.of(), "dispatch.registry.mailbox-capacity=3");
			DispatchRegistry plainRegistry = node.getBean(DispatchRegistry.class);
			DispatchTemplate plainTemplate = node.getBean(DispatchTemplate.class);
			InFlightMessages plainInFlight = node.getBean(InFlightMessages.class);
			String type = TestCluster.uniqueType();
			for (int i = 0; i < 2; i++) {
				Gate gate = new Gate();
				this.gates.add(gate);
				plainRegistry.addService(type, gate);
			}
			ServiceRef owner = plainRegistry.findService(type, KEY).orElseThrow();
			List<CompletableFuture<Object>> replies = new ArrayList<>();
			for (int i = 0; i < 10; i++) {
				replies.add(plainTemplate.callAsync(type, KEY, new Counter.Add(i), Object.class));
			}
			long refused = replies.stream().filter(BoundedLoadRoutingTests::isOverloaded).count();
			assertThat(refused).as("refused as overloaded").isPositive();
			assertThat(plainInFlight.counts()).isEqualTo(Map.of(owner.id(), (int) (10 - refused)));
			this.gates.forEach(Gate::open);
			await().atMost(PATIENCE).until(() -> replies.stream().allMatch(CompletableFuture::isDone));
			assertThat(plainInFlight.counts()).isEmpty();
		}
	}

	private Map<ServiceRef, Gate> addGated(String type, int count) {
		Map<ServiceRef, Gate> services = new LinkedHashMap<>();
		for (int i = 0; i < count; i++) {
			Gate gate = new Gate();
			this.gates.add(gate);
			services.put(registry.addService(type, gate), gate);
		}
		return services;
	}

	private static Map<String, Integer> countsOf(Collection<ServiceRef> services) {
		Map<String, Integer> counts = new HashMap<>();
		for (ServiceRef service : services) {
			int count = inFlight.count(service.id());
			if (count > 0) {
				counts.put(service.id(), count);
			}
		}
		return counts;
	}

	private static boolean isOverloaded(CompletableFuture<Object> reply) {
		try {
			reply.getNow(null);
			return false;
		}
		catch (CompletionException ex) {
			return ex.getCause() instanceof ServiceOverloadedException;
		}
	}

	private static double spills(String type) {
		io.micrometer.core.instrument.Counter counter = meters.find(MicrometerDispatchMetrics.SPILLS)
			.tag("type", type)
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

	@Configuration(proxyBeanMethods = false)
	static class Meters {

		@Bean
		SimpleMeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

		@Bean
		DispatchMetrics dispatchMetrics(MeterRegistry meterRegistry) {
			return new MicrometerDispatchMetrics(meterRegistry);
		}

	}

	/**
	 * A service that keeps state per key (none here) and holds every message at a gate.
	 */
	public static class GatedState implements KeyedState<Integer> {

		private final CountDownLatch open;

		GatedState(CountDownLatch open) {
			this.open = open;
		}

		@DispatchHandler
		public void pass(Counter.Add message) throws InterruptedException {
			this.open.await(30, TimeUnit.SECONDS);
		}

		@Override
		public Collection<?> keys() {
			return List.of();
		}

		@Override
		public @Nullable Integer handOff(Object key) {
			return null;
		}

		@Override
		public void takeOver(Object key, Integer state) {
		}

	}

}
