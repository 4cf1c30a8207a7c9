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
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.topic.ITopic;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.context.event.EventListener;

import dev.dispatch.ServiceLeftEvent;
import dev.dispatch.ServiceRef;
import dev.dispatch.messaging.ClusterTransport;
import dev.dispatch.test.Counter;
import dev.dispatch.test.Gate;
import dev.dispatch.test.TestCluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An event listener that blocks the registry's heartbeat does not hold up the node's call
 * timeouts.
 *
 * @author Dispatch team
 */
class HeartbeatThreadIntegrationTests {

	private final TestCluster cluster = new TestCluster(2);

	private @Nullable HazelcastInstance phantom;

	private final Gate gate = new Gate();

	@AfterEach
	void stopCluster() {
		BlockingListener.release.countDown();
		this.gate.open();
		if (this.phantom != null) {
			this.phantom.shutdown();
		}
		this.cluster.close();
	}

	@Test
	void callTimesOutWhileAListenerBlocksTheHeartbeat() {
		ConfigurableApplicationContext node = this.cluster.start(0,
				List.of(RegistryTestSupport.BinaryServices.class, BlockingListener.class));
		ClusterRegistry registry = node.getBean(ClusterRegistry.class);
		ClusterTransport transport = node.getBean(ClusterTransport.class);
		ServiceRef gated = registry.addService(TestCluster.uniqueType(), this.gate);
		String phantomNode = "phantom-" + UUID.randomUUID();
		BlockingListener.type = TestCluster.uniqueType();
		this.phantom = RegistryTestSupport.plainMember(this.cluster, 1, phantomNode);
		String serviceId = UUID.randomUUID().toString();
		this.phantom.getReplicatedMap(ClusterRegistry.SERVICES_MAP)
			.put(serviceId, RegistryTestSupport.entry(BlockingListener.type, serviceId, phantomNode));
		await().atMost(RegistryTestSupport.PATIENCE)
			.until(() -> !registry.getServices(BlockingListener.type).isEmpty());
		ITopic<Object> heartbeats = this.phantom.getTopic(ClusterRegistry.HEARTBEATS_TOPIC);
		heartbeats.publish(phantomNode);
		heartbeats.publish(phantomNode.getBytes(StandardCharsets.UTF_8));
		assertThat(RegistryTestSupport.awaitLatch(BlockingListener.blocked)).as("the phantom went silent").isTrue();
		CompletableFuture<@Nullable Object> call = transport.call(gated, new Counter.Add(1), Void.class,
				Duration.ofMillis(100));
		await().atMost(Duration.ofSeconds(3)).until(call::isDone);
		assertThat(call).isCompletedExceptionally();
	}

	@Test
	void aListenerThatThrowsAnErrorDoesNotStopTheHeartbeat() {
		ConfigurableApplicationContext node = this.cluster.start(0,
				List.of(RegistryTestSupport.BinaryServices.class, ThrowingListener.class));
		ClusterRegistry registry = node.getBean(ClusterRegistry.class);
		String phantomNode = "phantom-" + UUID.randomUUID();
		ThrowingListener.type = TestCluster.uniqueType();
		this.phantom = RegistryTestSupport.plainMember(this.cluster, 1, phantomNode);
		AtomicInteger beats = new AtomicInteger();
		ITopic<Object> heartbeats = this.phantom.getTopic(ClusterRegistry.HEARTBEATS_TOPIC);
		heartbeats.addMessageListener((message) -> beats.incrementAndGet());
		String serviceId = UUID.randomUUID().toString();
		this.phantom.getReplicatedMap(ClusterRegistry.SERVICES_MAP)
			.put(serviceId, RegistryTestSupport.entry(ThrowingListener.type, serviceId, phantomNode));
		await().atMost(RegistryTestSupport.PATIENCE)
			.until(() -> !registry.getServices(ThrowingListener.type).isEmpty());
		heartbeats.publish(phantomNode.getBytes(StandardCharsets.UTF_8));
		assertThat(RegistryTestSupport.awaitLatch(ThrowingListener.thrown)).as("the phantom went silent").isTrue();
		int beatsAtTheError = beats.get();
		await().atMost(RegistryTestSupport.PATIENCE).until(() -> beats.get() >= beatsAtTheError + 5);
	}

	static class ThrowingListener implements ApplicationListener<PayloadApplicationEvent<?>> {

		static volatile String type = "";

		static final CountDownLatch thrown = new CountDownLatch(1);

		@Override
		public void onApplicationEvent(PayloadApplicationEvent<?> event) {
			if (event.getPayload() instanceof ServiceLeftEvent left && left.service().ref().type().equals(type)) {
				thrown.countDown();
				throw new AssertionError("a listener that fails badly");
			}
		}

	}

	static class BlockingListener {

		static volatile String type = "";

		static final CountDownLatch blocked = new CountDownLatch(1);

		static final CountDownLatch release = new CountDownLatch(1);

		@EventListener
		void left(ServiceLeftEvent event) {
			if (event.service().ref().type().equals(type)) {
				blocked.countDown();
				RegistryTestSupport.awaitLatch(release);
			}
		}

	}

}
