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

package dev.dispatch.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.replicatedmap.ReplicatedMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.context.ConfigurableApplicationContext;

import dev.dispatch.DispatchRegistry;
import dev.dispatch.DispatchRemoteException;
import dev.dispatch.DispatchTemplate;
import dev.dispatch.ServiceRef;
import dev.dispatch.registry.ClusterRegistry;
import dev.dispatch.security.ClusterSeal;
import dev.dispatch.test.Counter;
import dev.dispatch.test.TestCluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Nodes that share a cluster secret serve each other; a member without it, or with
 * another one, can neither run a handler, nor change a view, nor read a message, and a
 * batch replayed by its own sender runs nothing twice.
 *
 * @author Dispatch team
 */
@Timeout(120)
class ClusterSecretIntegrationTests {

	private static final Duration PATIENCE = Duration.ofSeconds(10);

	private static final String SECRET = "dispatch.security.secret=s3cr3t-shared-by-the-cluster-0123456789";

	/**
	 * Nodes that send each other messages over Hazelcast's topics, where another member
	 * can listen to what they send.
	 */
	private static final String OVER_TOPICS = "dispatch.pubsub.message-port=-1";

	private static final String MARKER = "MARKER-" + UUID.randomUUID();

	private final TestCluster cluster = new TestCluster(4);

	@AfterEach
	void stop() {
		this.cluster.close();
	}

	@Test
	void nodesWithTheSecretServeEachOtherAndTheServicesOfANodeWithAnotherSecretNeverAppear() {
		ConfigurableApplicationContext nodeA = this.cluster.start(0, List.of(), SECRET);
		ConfigurableApplicationContext nodeB = this.cluster.start(1, List.of(), SECRET);
		ConfigurableApplicationContext stranger = this.cluster.start(2, List.of(),
				"dispatch.security.secret=another-secret-that-the-cluster-does-not-hold");
		String type = TestCluster.uniqueType();
		ServiceRef onB = nodeB.getBean(DispatchRegistry.class).addService(type, new Counter());
		ServiceRef onStranger = stranger.getBean(DispatchRegistry.class).addService(type, new Counter());
		ReplicatedMap<Object, Object> entriesOfA = nodeA.getBean(HazelcastInstance.class)
			.getReplicatedMap(ClusterRegistry.SERVICES_MAP);
		await().atMost(PATIENCE).until(() -> entriesOfA.containsKey(onStranger.id()));
		ClusterSeal sealOfA = nodeA.getBean(ClusterSeal.class);
		await().atMost(PATIENCE).until(() -> sealOfA.rejected("heartbeat", ClusterSeal.UNAUTHENTICATED) > 2);
		assertThat(ids(nodeA, type)).containsExactly(onB.id());
		assertThat(ids(stranger, type)).containsExactly(onStranger.id());
		assertThat(nodeA.getBean(DispatchTemplate.class).call(type, "key", new Counter.Get(), Integer.class, PATIENCE))
			.isZero();
	}

	@Test
	void aMemberWithoutTheSecretCanNeitherReadNorRunNorRegisterAnything() {
		ConfigurableApplicationContext nodeA = this.cluster.start(0, List.of(), SECRET, OVER_TOPICS);
		ConfigurableApplicationContext nodeB = this.cluster.start(1, List.of(), SECRET, OVER_TOPICS);
		String type = TestCluster.uniqueType();
		Counter counter = new Counter();
		ServiceRef onB = nodeB.getBean(DispatchRegistry.class).addService(type, counter);
		await().atMost(PATIENCE).until(() -> ids(nodeA, type).size() == 1);
		HazelcastInstance rogue = Hazelcast.newHazelcastInstance(this.cluster.memberConfig(3));
		try {
			List<byte[]> captured = new CopyOnWriteArrayList<>();
			for (String node : List.of(onB.node(), nodeA.getBean(ClusterRegistry.class).getLocalNode())) {
				rogue.<byte[]>getTopic(ClusterTransport.INBOX_PREFIX + node)
					.addMessageListener((message) -> captured.add(message.getMessageObject()));
			}
			DispatchTemplate templateA = nodeA.getBean(DispatchTemplate.class);
			assertThatExceptionOfType(DispatchRemoteException.class)
				.isThrownBy(() -> templateA.call(type, "key", new Counter.Fail(MARKER), String.class, PATIENCE))
				.withMessageContaining(MARKER);
			templateA.cast(type, "key", new Counter.Add(1));
			await().atMost(PATIENCE).until(() -> counter.getReceived().size() == 1 && captured.size() >= 3);
			assertThat(captured)
				.allSatisfy((bytes) -> assertThat(new String(bytes, StandardCharsets.ISO_8859_1)).doesNotContain(MARKER)
					.doesNotContain(Counter.Fail.class.getName()));

			ClusterSeal sealOfB = nodeB.getBean(ClusterSeal.class);
			byte[] forged = Frames.batch(rogue.getCluster().getLocalMember().getUuid().toString(), List
				.of(Frames.cast(onB.id(), Map.of(), Counter.Add.class.getName(), "{\"value\":666}".getBytes())));
			rogue.<byte[]>getTopic(ClusterTransport.INBOX_PREFIX + onB.node()).publish(forged);
			rogue.<byte[]>getTopic(ClusterTransport.INBOX_PREFIX + onB.node()).publish(captured.get(0));
			await().atMost(PATIENCE)
				.until(() -> sealOfB.rejected(ClusterSeal.FRAMES, ClusterSeal.MALFORMED)
						+ sealOfB.rejected(ClusterSeal.FRAMES, ClusterSeal.UNAUTHENTICATED) == 2);

			ReplicatedMap<String, Object> entries = rogue.getReplicatedMap(ClusterRegistry.SERVICES_MAP);
			Object authentic = entries.get(onB.id());
			entries.put(onB.id().replace('-', '0'), authentic);
			entries.remove(onB.id());
			ClusterSeal sealOfA = nodeA.getBean(ClusterSeal.class);
			await().atMost(PATIENCE).until(() -> sealOfA.rejected("entry", ClusterSeal.UNAUTHENTICATED) >= 1);
			await().atMost(PATIENCE).until(() -> entries.containsKey(onB.id()));
			await().atMost(PATIENCE).until(() -> ids(nodeA, type).equals(List.of(onB.id())));
			assertThat(templateA.call(type, "key", new Counter.Get(), Integer.class, PATIENCE)).isOne();
			assertThat(counter.getReceived()).containsExactly(1);
		}
		finally {
			rogue.shutdown();
		}
	}

	@Test
	void aBatchReplayedByItsOwnSenderRunsNothingTwice() {
		ConfigurableApplicationContext nodeA = this.cluster.start(0, List.of(), SECRET, OVER_TOPICS);
		ConfigurableApplicationContext nodeB = this.cluster.start(1, List.of(), SECRET, OVER_TOPICS);
		String type = TestCluster.uniqueType();
		Counter counter = new Counter();
		ServiceRef onB = nodeB.getBean(DispatchRegistry.class).addService(type, counter);
		await().atMost(PATIENCE).until(() -> ids(nodeA, type).size() == 1);
		HazelcastInstance hazelcastA = nodeA.getBean(HazelcastInstance.class);
		List<byte[]> captured = new CopyOnWriteArrayList<>();
		hazelcastA.<byte[]>getTopic(ClusterTransport.INBOX_PREFIX + onB.node())
			.addMessageListener((message) -> captured.add(message.getMessageObject()));
		nodeA.getBean(DispatchTemplate.class).cast(type, "key", new Counter.Add(7));
		await().atMost(PATIENCE).until(() -> counter.getReceived().size() == 1 && !captured.isEmpty());
		hazelcastA.<byte[]>getTopic(ClusterTransport.INBOX_PREFIX + onB.node()).publish(captured.get(0));
		ClusterSeal sealOfB = nodeB.getBean(ClusterSeal.class);
		await().atMost(PATIENCE).until(() -> sealOfB.rejected(ClusterSeal.FRAMES, ClusterSeal.REPLAYED) == 1);
		assertThat(nodeA.getBean(DispatchTemplate.class).call(type, "key", new Counter.Get(), Integer.class, PATIENCE))
			.isOne();
		assertThat(counter.getReceived()).containsExactly(7);
	}

	private static List<String> ids(ConfigurableApplicationContext node, String type) {
		return node.getBean(DispatchRegistry.class)
			.getOnlineServices(type)
			.stream()
			.map((info) -> info.ref().id())
			.toList();
	}

}
