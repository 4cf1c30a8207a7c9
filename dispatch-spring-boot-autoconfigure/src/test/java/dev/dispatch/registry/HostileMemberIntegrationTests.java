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

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.internal.serialization.impl.HeapData;
import com.hazelcast.replicatedmap.ReplicatedMap;
import com.hazelcast.topic.ITopic;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.context.ConfigurableApplicationContext;

import dev.dispatch.DispatchRegistry;
import dev.dispatch.ServiceRef;
import dev.dispatch.messaging.ClusterTransport;
import dev.dispatch.messaging.UntrustedData;
import dev.dispatch.test.Counter;
import dev.dispatch.test.NestedSets;
import dev.dispatch.test.Probe;
import dev.dispatch.test.TestCluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A plain member of the cluster puts values into the services map and the registry's
 * topics that Hazelcast's deserializer would choke on. The Dispatch nodes never
 * deserialize them: their views stay right, reconciliation goes on and they keep serving.
 *
 * @author Dispatch team
 */
@Timeout(120)
class HostileMemberIntegrationTests {

	private static final int LONG_ARRAY_TYPE = -17;

	private final TestCluster cluster = new TestCluster(3);

	@AfterEach
	void stopCluster() {
		this.cluster.close();
	}

	@Test
	void hostileEntriesAndHeartbeatsAreNeverDeserialized() {
		ConfigurableApplicationContext victim = this.cluster.start(0,
				List.of(RegistryTestSupport.BinaryServices.class));
		DispatchRegistry registry = victim.getBean(DispatchRegistry.class);
		String type = TestCluster.uniqueType();
		ServiceRef counter = registry.addService(type, new Counter());
		String attackerNode = "attacker-" + UUID.randomUUID();
		HazelcastInstance attacker = RegistryTestSupport.plainMember(this.cluster, 1, attackerNode);
		try {
			ReplicatedMap<Object, Object> entries = attacker.getReplicatedMap(ClusterRegistry.SERVICES_MAP);
			entries.put("laughs", NestedSets.billionLaughs(64));
			entries.put("huge", hugeLongArray());
			entries.put(42, RegistryTestSupport.entry(type, "42", attackerNode));
			ITopic<Object> heartbeats = attacker.getTopic(ClusterRegistry.HEARTBEATS_TOPIC);
			heartbeats.publish(NestedSets.billionLaughs(64));
			heartbeats.publish(attackerNode);
			attacker.getTopic(ClusterRegistry.REPUBLISH_TOPIC).publish(NestedSets.billionLaughs(64));

			ConfigurableApplicationContext other = this.cluster.start(2,
					List.of(RegistryTestSupport.BinaryServices.class));
			DispatchRegistry otherRegistry = other.getBean(DispatchRegistry.class);
			ServiceRef remote = otherRegistry.addService(type, new Counter());
			await().atMost(RegistryTestSupport.PATIENCE).until(() -> registry.getServices(type).size() == 2);
			await().atMost(RegistryTestSupport.PATIENCE).until(() -> otherRegistry.getServices(type).size() == 2);
			assertThat(other.getBean(ClusterTransport.class)
				.call(counter, new Counter.Get(), Integer.class, Duration.ofSeconds(5)))
				.succeedsWithin(RegistryTestSupport.PATIENCE)
				.isEqualTo(0);
			await().during(Duration.ofSeconds(2))
				.atMost(Duration.ofSeconds(5))
				.until(() -> otherRegistry.getServices(type).size() == 2 && registry.getServices(type).size() == 2);

			other.getBean(HazelcastInstance.class).getLifecycleService().terminate();
			await().atMost(Duration.ofSeconds(5))
				.until(() -> registry.getServices(type).stream().noneMatch((info) -> info.ref().equals(remote)));
			assertThat(registry.getServices(type)).extracting((info) -> info.ref()).containsExactly(counter);
			assertThat(victim.getBean(ClusterTransport.class)
				.call(counter, new Counter.Get(), Integer.class, Duration.ofSeconds(5)))
				.succeedsWithin(RegistryTestSupport.PATIENCE)
				.isEqualTo(0);
		}
		finally {
			attacker.getLifecycleService().terminate();
		}
	}

	@Test
	void aValuePlantedUnderALocalServiceIsOverwrittenAndRemovedWithoutBeingRebuilt() {
		ConfigurableApplicationContext victim = this.cluster.start(0,
				List.of(RegistryTestSupport.BinaryServices.class));
		ClusterRegistry registry = victim.getBean(ClusterRegistry.class);
		String type = TestCluster.uniqueType();
		ServiceRef counter = registry.addService(type, new Counter());
		HazelcastInstance attacker = RegistryTestSupport.plainMember(this.cluster, 1, "attacker-" + UUID.randomUUID());
		HazelcastInstance member = victim.getBean(HazelcastInstance.class);
		RawServiceEntries victimsCopy = new RawServiceEntries(member.getReplicatedMap(ClusterRegistry.SERVICES_MAP),
				UntrustedData.of(member), victim.getBean(ClusterTransport.class).getSeal());
		try {
			// the attacker only writes, so that nothing but the victim could rebuild a
			// probe
			AtomicInteger reasserted = new AtomicInteger();
			registry.beforeLocalWrite = (operation, id) -> {
				if (operation.equals("reassert") && id.equals(counter.id())) {
					reasserted.incrementAndGet();
				}
			};
			ReplicatedMap<Object, Object> entries = attacker.getReplicatedMap(ClusterRegistry.SERVICES_MAP);
			entries.put(counter.id(), new Probe());
			await().atMost(RegistryTestSupport.PATIENCE)
				.until(() -> reasserted.get() >= 1 && isEntryOf(counter, victimsCopy.get(counter.id())));
			entries.put(counter.id(), new Probe());
			registry.removeService(counter);
			await().atMost(RegistryTestSupport.PATIENCE).until(() -> !entries.containsKey(counter.id()));
			assertThat(Probe.rebuilt).hasValue(0);
		}
		finally {
			attacker.getLifecycleService().terminate();
		}
	}

	private static boolean isEntryOf(ServiceRef service, byte @Nullable [] entry) {
		return entry != null && RegistryEntry.decode(entry).ref().equals(service);
	}

	/**
	 * A serialized {@code long[]} that declares almost 2^31 elements and holds none.
	 */
	private static HeapData hugeLongArray() {
		ByteBuffer bytes = ByteBuffer.allocate(12);
		bytes.putInt(0).putInt(LONG_ARRAY_TYPE).putInt(Integer.MAX_VALUE - 16);
		return new HeapData(bytes.array());
	}

}
