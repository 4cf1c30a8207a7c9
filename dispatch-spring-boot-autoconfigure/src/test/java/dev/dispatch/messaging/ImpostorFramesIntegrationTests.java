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

import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import dev.dispatch.DispatchRegistry;
import dev.dispatch.DispatchTemplate;
import dev.dispatch.ServiceRef;
import dev.dispatch.test.Counter;
import dev.dispatch.test.TestCluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A member that claims a node id another member already holds: it cannot speak for that
 * node, and its departure does not make the live node look gone.
 *
 * @author Dispatch team
 */
class ImpostorFramesIntegrationTests {

	private static final Duration PATIENCE = Duration.ofSeconds(10);

	private final TestCluster cluster = new TestCluster(3);

	@AfterEach
	void stop() {
		this.cluster.close();
	}

	@Test
	void anImpostorWithTheIdOfALiveNodeCannotSpeakForItAndItsDepartureLeavesTheNodeReachable() {
		ConfigurableApplicationContext nodeA = this.cluster.start(0, List.of());
		ConfigurableApplicationContext nodeB = this.cluster.start(1, List.of());
		Counter counter = new Counter();
		ServiceRef onB = nodeB.getBean(DispatchRegistry.class).addService("identity-counter", counter);
		ServiceRef onA = nodeA.getBean(DispatchRegistry.class).addService("identity-local", new Counter());
		await().atMost(PATIENCE)
			.until(() -> !nodeA.getBean(DispatchRegistry.class).getOnlineServices("identity-counter").isEmpty());
		Config impostorConfig = this.cluster.memberConfig(2);
		impostorConfig.getMemberAttributeConfig().setAttribute(NodeIds.ATTRIBUTE, onB.node());
		HazelcastInstance impostor = Hazelcast.newHazelcastInstance(impostorConfig);
		try {
			impostor.getTopic(ClusterTransport.INBOX_PREFIX + onA.node())
				.publish(Frames.batch(onB.node(), List
					.of(Frames.cast(onA.id(), Map.of(), Counter.Add.class.getName(), "{\"value\":666}".getBytes()))));
			assertThat(call(nodeA)).isZero();
		}
		finally {
			impostor.shutdown();
		}
		await().atMost(PATIENCE)
			.until(() -> nodeA.getBean(HazelcastInstance.class).getCluster().getMembers().size() == 2);
		nodeA.getBean(DispatchTemplate.class).cast("identity-counter", "key", new Counter.Add(1));
		await().atMost(PATIENCE).until(() -> counter.getReceived().size() == 1);
		assertThat(call(nodeA)).isZero();
		assertThat(nodeA.getBean(DispatchTemplate.class)
			.call("identity-counter", "key", new Counter.Get(), Integer.class, PATIENCE)).isEqualTo(1);
	}

	private static int call(ConfigurableApplicationContext node) {
		return node.getBean(DispatchTemplate.class)
			.call("identity-local", "key", new Counter.Get(), Integer.class, PATIENCE);
	}

}
