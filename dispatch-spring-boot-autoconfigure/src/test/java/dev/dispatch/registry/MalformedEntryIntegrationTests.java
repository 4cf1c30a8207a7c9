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

package dev.dispatch.registry;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.replicatedmap.ReplicatedMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import dev.dispatch.DispatchRegistry;
import dev.dispatch.ServiceRef;
import dev.dispatch.test.Counter;
import dev.dispatch.test.TestCluster;

import static org.awaitility.Awaitility.await;

/**
 * Entries that a plain member of the cluster writes into the services map: a malformed
 * one is skipped without stopping reconciliation, and one that misstates its key or
 * claims a service of a Dispatch node never stays in a view. The plain member is the
 * oldest, so that no Dispatch node cleans up after departed nodes and only reconciliation
 * drops their services.
 *
 * @author Dispatch team
 */
class MalformedEntryIntegrationTests {

	private final TestCluster cluster = new TestCluster(3);

	private final String attackerNode = "attacker-" + UUID.randomUUID();

	private HazelcastInstance attacker;

	private ReplicatedMap<Object, Object> entries;

	private ConfigurableApplicationContext observer;

	private ConfigurableApplicationContext server;

	private DispatchRegistry registry;

	private final String type = TestCluster.uniqueType();

	@BeforeEach
	void startNodes() {
		this.attacker = RegistryTestSupport.plainMember(this.cluster, 0, this.attackerNode);
		this.entries = this.attacker.getReplicatedMap(ClusterRegistry.SERVICES_MAP);
		this.observer = this.cluster.start(1, List.of(RegistryTestSupport.BinaryServices.class));
		this.server = this.cluster.start(2, List.of(RegistryTestSupport.BinaryServices.class));
		this.registry = this.observer.getBean(DispatchRegistry.class);
	}

	@AfterEach
	void stopNodes() {
		this.cluster.close();
		this.attacker.shutdown();
	}

	@Test
	void stateOutOfRangeDoesNotStopReconciliation() {
		byte[] bad = RegistryTestSupport.entry(this.type, "bad", this.attackerNode);
		bad[bad.length - 5] = 7;
		this.entries.put("bad", bad);
		ServiceRef doomed = this.server.getBean(DispatchRegistry.class).addService(this.type, new Counter());
		await().atMost(RegistryTestSupport.PATIENCE)
			.until(() -> this.registry.findService(this.type, "key").isPresent());
		this.server.getBean(HazelcastInstance.class).getLifecycleService().terminate();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.registry.getServices(doomed.type()).isEmpty());
	}

	@Test
	void inventedServiceOfARealNodeIsRemovedByThatNode() {
		String node = this.server.getBean(DispatchRegistry.class).getLocalNode();
		String invented = UUID.randomUUID().toString();
		this.entries.put(invented, RegistryTestSupport.entry(this.type, invented, node));
		await().atMost(Duration.ofSeconds(5)).until(() -> !this.entries.containsKey(invented));
		await().during(Duration.ofSeconds(1))
			.atMost(Duration.ofSeconds(5))
			.until(() -> this.registry.getServices(this.type).isEmpty());
	}

	@Test
	void entryUnderAnotherKeyThanItsIdIsIgnored() {
		String good = UUID.randomUUID().toString();
		this.entries.put(good, RegistryTestSupport.entry(this.type, good, this.attackerNode));
		await().atMost(RegistryTestSupport.PATIENCE).until(() -> this.registry.getServices(this.type).size() == 1);
		String misstated = UUID.randomUUID().toString();
		this.entries.put("key-" + misstated, RegistryTestSupport.entry(this.type, misstated, this.attackerNode));
		ServiceRef real = this.server.getBean(DispatchRegistry.class).addService(this.type, new Counter());
		await().atMost(RegistryTestSupport.PATIENCE).until(() -> this.registry.getServices(this.type).size() == 2);
		await().during(Duration.ofSeconds(1))
			.atMost(Duration.ofSeconds(5))
			.until(() -> this.registry.getServices(this.type)
				.stream()
				.noneMatch((info) -> info.ref().id().equals(misstated)));
	}

}
