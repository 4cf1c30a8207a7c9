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

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.topic.ITopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import dev.dispatch.DispatchRegistry;
import dev.dispatch.ServiceRef;
import dev.dispatch.test.Counter;
import dev.dispatch.test.TestCluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A local service removed while another thread writes its entry stays removed: in this
 * node's map and in the other nodes' views.
 *
 * @author Dispatch team
 */
class LocalServiceWriteRaceIntegrationTests {

	private final TestCluster cluster = new TestCluster(2);

	private ClusterRegistry registry;

	private DispatchRegistry otherRegistry;

	private HazelcastInstance hazelcast;

	private final String type = TestCluster.uniqueType();

	private ServiceRef ref;

	@BeforeEach
	void startNodes() {
		ConfigurableApplicationContext owner = this.cluster.start(0, List.of(RegistryTestSupport.BinaryServices.class));
		ConfigurableApplicationContext other = this.cluster.start(1, List.of(RegistryTestSupport.BinaryServices.class));
		this.registry = owner.getBean(ClusterRegistry.class);
		this.hazelcast = owner.getBean(HazelcastInstance.class);
		this.otherRegistry = other.getBean(DispatchRegistry.class);
		this.ref = this.registry.addService(this.type, new Counter());
		await().atMost(RegistryTestSupport.PATIENCE).until(() -> !this.otherRegistry.getServices(this.type).isEmpty());
	}

	@AfterEach
	void stopNodes() {
		this.registry.beforeLocalWrite = (what, id) -> {
		};
		this.cluster.close();
	}

	@Test
	void serviceRemovedWhileUpkeepReassertsItStaysRemoved() throws Exception {
		Hold hold = holdWriter("reassert");
		assertThat(RegistryTestSupport.awaitLatch(hold.writing())).as("upkeep reached the entry").isTrue();
		RegistryTestSupport.raceWith("remover", () -> this.registry.removeService(this.ref), hold.proceed());
		assertStaysRemoved();
	}

	@Test
	void serviceRemovedWhileItIsDisabledStaysRemoved() throws Exception {
		Hold hold = holdWriter("state");
		Thread disabler = new Thread(() -> {
			try {
				this.registry.disableService(this.ref);
			}
			catch (IllegalArgumentException ex) {
				// removed first
			}
		}, "disabler");
		disabler.start();
		assertThat(RegistryTestSupport.awaitLatch(hold.writing())).as("disabler reached the entry").isTrue();
		RegistryTestSupport.raceWith("remover", () -> this.registry.removeService(this.ref), hold.proceed());
		disabler.join(RegistryTestSupport.PATIENCE.toMillis());
		assertStaysRemoved();
	}

	@Test
	void serviceRemovedWhileItIsRepublishedStaysRemoved() throws Exception {
		Hold hold = holdWriter("republish");
		ITopic<Object> requests = this.hazelcast.getTopic(ClusterRegistry.REPUBLISH_TOPIC);
		requests.publish("another-node");
		requests.publish("another-node".getBytes(StandardCharsets.UTF_8));
		assertThat(RegistryTestSupport.awaitLatch(hold.writing())).as("republish reached the entry").isTrue();
		RegistryTestSupport.raceWith("remover", () -> this.registry.removeService(this.ref), hold.proceed());
		assertStaysRemoved();
	}

	/**
	 * Hold the first write of the service's entry by an operation until the gate opens.
	 */
	private Hold holdWriter(String operation) {
		Hold hold = new Hold(new CountDownLatch(1), new CountDownLatch(1));
		AtomicBoolean held = new AtomicBoolean();
		this.registry.beforeLocalWrite = (what, id) -> {
			if (what.equals(operation) && id.equals(this.ref.id()) && held.compareAndSet(false, true)) {
				hold.writing().countDown();
				RegistryTestSupport.awaitLatch(hold.proceed());
			}
		};
		return hold;
	}

	private void assertStaysRemoved() {
		await().during(Duration.ofSeconds(1))
			.atMost(Duration.ofSeconds(5))
			.until(() -> this.otherRegistry.getServices(this.type).isEmpty()
					&& !this.hazelcast.getReplicatedMap(ClusterRegistry.SERVICES_MAP).containsKey(this.ref.id())
					&& this.registry.getServices(this.type).isEmpty());
	}

	private record Hold(CountDownLatch writing, CountDownLatch proceed) {

	}

}
