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

package dev.dispatch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import dev.dispatch.test.Counter;
import dev.dispatch.test.RecordedEvents;
import dev.dispatch.test.TestCluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Three nodes of one cluster in this JVM, each a full application context with its own
 * Hazelcast member on loopback.
 *
 * @author Dispatch team
 */
class ClusterIntegrationTests {

	private static final Duration CONVERGENCE = Duration.ofSeconds(10);

	private static TestCluster cluster;

	private static final List<ConfigurableApplicationContext> nodes = new ArrayList<>();

	@BeforeAll
	static void startCluster() {
		cluster = new TestCluster(4);
		for (int i = 0; i < 3; i++) {
			nodes.add(cluster.start(i, List.of(RecordedEvents.class)));
		}
		await().atMost(CONVERGENCE).until(() -> registry(0).getMembers().size() == 3);
	}

	@AfterAll
	static void stopCluster() {
		cluster.close();
	}

	private static dev.dispatch.registry.ClusterRegistry registry(int node) {
		return nodes.get(node).getBean(dev.dispatch.registry.ClusterRegistry.class);
	}

	private static DispatchTemplate template(int node) {
		return nodes.get(node).getBean(DispatchTemplate.class);
	}

	private static void awaitOnlineEverywhere(String type, int count) {
		for (int i = 0; i < nodes.size(); i++) {
			int node = i;
			await().atMost(CONVERGENCE).until(() -> registry(node).getOnlineServices(type).size() == count);
		}
	}

	@Test
	void everyNodeMapsTenThousandKeysIdentically() {
		String type = TestCluster.uniqueType();
		for (int i = 0; i < 3; i++) {
			registry(i).addService(type, new Counter());
			registry(i).addService(type, new Counter());
		}
		awaitOnlineEverywhere(type, 6);
		for (int key = 0; key < 10_000; key++) {
			String name = "file-" + key + ".png";
			ServiceRef owner = registry(0).findService(type, name).orElseThrow();
			List<ServiceRef> replicas = registry(0).findMultiService(3, type, name);
			assertThat(replicas).extracting(ServiceRef::node).doesNotHaveDuplicates();
			for (int node = 1; node < 3; node++) {
				assertThat(registry(node).findService(type, name)).contains(owner);
				assertThat(registry(node).findMultiService(3, type, name)).isEqualTo(replicas);
			}
		}
		assertThat(registry(1).getRingChecksum(type)).isEqualTo(registry(0).getRingChecksum(type))
			.isEqualTo(registry(2).getRingChecksum(type));
	}

	@Test
	void nodeThatJoinsLaterRoutesEveryKeyLikeTheOthers() {
		String type = TestCluster.uniqueType();
		for (int i = 0; i < 9; i++) {
			registry(i % 3).addService(type, new Counter());
		}
		awaitOnlineEverywhere(type, 9);
		try (ConfigurableApplicationContext joiner = cluster.start(3, List.of())) {
			dev.dispatch.registry.ClusterRegistry late = joiner.getBean(dev.dispatch.registry.ClusterRegistry.class);
			await().atMost(CONVERGENCE).until(() -> late.getOnlineServices(type).size() == 9);
			assertThat(late.getRingChecksum(type)).isEqualTo(registry(0).getRingChecksum(type));
			for (int key = 0; key < 10_000; key++) {
				assertThat(late.findMultiService(2, type, key)).isEqualTo(registry(0).findMultiService(2, type, key));
			}
		}
	}

	@Test
	void castAndCallReachAServiceOnAnotherNode() {
		String type = TestCluster.uniqueType();
		Counter counter = new Counter();
		registry(0).addService(type, counter);
		awaitOnlineEverywhere(type, 1);
		template(2).cast(type, "key", new Counter.Add(3));
		await().atMost(CONVERGENCE).until(() -> counter.getReceived().contains(3));
		assertThat(template(1).call(type, "key", new Counter.Get(), Integer.class)).isEqualTo(1);
	}

	@Test
	void castsFromOneThreadToAnotherNodeArriveInOrder() {
		String type = TestCluster.uniqueType();
		Counter counter = new Counter();
		registry(0).addService(type, counter);
		awaitOnlineEverywhere(type, 1);
		for (int i = 0; i < 5000; i++) {
			template(1).cast(type, "key", new Counter.Add(i));
		}
		await().atMost(CONVERGENCE).until(() -> counter.getReceived().size() == 5000);
		assertThat(counter.getReceived()).isEqualTo(IntStream.range(0, 5000).boxed().toList());
	}

	@Test
	void remoteHandlerFailureReachesTheCallerWithItsClassAndMessage() {
		String type = TestCluster.uniqueType();
		registry(0).addService(type, new Counter());
		awaitOnlineEverywhere(type, 1);
		assertThatExceptionOfType(DispatchRemoteException.class)
			.isThrownBy(() -> template(1).call(type, "key", new Counter.Fail("quota exceeded"), String.class))
			.withMessageContaining(IllegalStateException.class.getName())
			.withMessageContaining("quota exceeded")
			.satisfies((ex) -> assertThat(ex.getRemoteExceptionClassName())
				.isEqualTo(IllegalStateException.class.getName()));
		assertThat(template(1).call(type, "key", new Counter.Get(), Integer.class)).isZero();
	}

	@Test
	void remoteMessageOfAnUntrustedClassIsRefusedWithTheClassAndTheProperty() {
		String type = TestCluster.uniqueType();
		registry(0).addService(type, new Counter());
		awaitOnlineEverywhere(type, 1);
		assertThatExceptionOfType(DispatchException.class)
			.isThrownBy(() -> template(1).call(type, "key", new Smuggled("payload"), String.class))
			.withMessageContaining(Smuggled.class.getName())
			.withMessageContaining("dispatch.serialization.trusted-packages");
		assertThat(template(1).call(type, "key", new Counter.Get(), Integer.class)).isZero();
	}

	@Test
	void messageThatCannotBeSentToAnotherNodeFailsAtTheCaller() {
		String type = TestCluster.uniqueType();
		Counter counter = new Counter();
		registry(0).addService(type, counter);
		awaitOnlineEverywhere(type, 1);
		assertThatExceptionOfType(DispatchException.class).isThrownBy(() -> template(1).cast(type, "key", new Opaque()))
			.withMessageContaining(Opaque.class.getName())
			.withMessageContaining("cannot be sent to another node");
		template(1).cast(type, "key", new Counter.Add(1));
		await().atMost(CONVERGENCE).until(() -> counter.getReceived().equals(List.of(1)));
	}

	@Test
	void multiCallAcrossNodesReturnsOneReplyPerService() {
		String type = TestCluster.uniqueType();
		for (int i = 0; i < 3; i++) {
			registry(i).addService(type, new Counter());
		}
		awaitOnlineEverywhere(type, 3);
		List<Reply<Integer>> replies = template(0).multiCall(3, type, "key", new Counter.Get(), Integer.class);
		assertThat(replies).hasSize(3).allMatch(Reply::isOk);
		assertThat(replies).extracting((reply) -> reply.service().node()).doesNotHaveDuplicates();
	}

	@Test
	void stateChangesOnOneNodeReachEveryNodeAsLeaveThenJoin() {
		String type = TestCluster.uniqueType();
		ServiceRef ref = registry(0).addService(type, new Counter());
		awaitOnlineEverywhere(type, 1);
		registry(0).disableService(ref);
		RecordedEvents events = nodes.get(2).getBean(RecordedEvents.class);
		await().atMost(CONVERGENCE).until(() -> events.ofType(type).size() == 3);
		assertThat(events.ofType(type)).containsExactly(
				new RecordedEvents.Event("join", new ServiceInfo(ref, ServiceState.ONLINE, Map.of())),
				new RecordedEvents.Event("leave", new ServiceInfo(ref, ServiceState.ONLINE, Map.of())),
				new RecordedEvents.Event("join", new ServiceInfo(ref, ServiceState.OFFLINE, Map.of())));
		assertThat(registry(2).findService(type, "key")).isEmpty();
	}

	@Test
	void nodeThatJoinsSeesExistingServicesAndLeavesGracefully() {
		String type = TestCluster.uniqueType();
		ServiceRef existing = registry(0).addService(type, new Counter());
		awaitOnlineEverywhere(type, 1);
		ConfigurableApplicationContext joiner = cluster.start(3, List.of(RecordedEvents.class));
		try {
			RecordedEvents joinerEvents = joiner.getBean(RecordedEvents.class);
			await().atMost(CONVERGENCE).until(() -> joinerEvents.ofType(type).size() == 1);
			assertThat(joinerEvents.ofType(type).get(0).service().ref()).isEqualTo(existing);
			DispatchRegistry joinerRegistry = joiner.getBean(DispatchRegistry.class);
			ServiceRef leaving = joinerRegistry.addService(type, new Counter());
			awaitOnlineEverywhere(type, 2);
			long start = System.nanoTime();
			CompletableFuture<Void> closing = CompletableFuture.runAsync(joiner::close);
			await().atMost(Duration.ofSeconds(2))
				.pollInterval(Duration.ofMillis(5))
				.until(() -> IntStream.range(0, 3)
					.allMatch((node) -> registry(node).findMultiService(2, type, "key").equals(List.of(existing))));
			double offline = (System.nanoTime() - start) / 1e6;
			await().atMost(Duration.ofSeconds(3))
				.pollInterval(Duration.ofMillis(5))
				.until(() -> IntStream.range(0, 3)
					.allMatch((node) -> registry(node).getServices(type)
						.stream()
						.noneMatch((info) -> info.ref().equals(leaving))));
			System.out.printf("graceful leave: out of every ring after %.1f ms, out of every view after %.1f ms%n",
					offline, (System.nanoTime() - start) / 1e6);
			closing.join();
		}
		finally {
			joiner.close();
		}
	}

	record Smuggled(String payload) {
	}

	static class Opaque {

	}

}
