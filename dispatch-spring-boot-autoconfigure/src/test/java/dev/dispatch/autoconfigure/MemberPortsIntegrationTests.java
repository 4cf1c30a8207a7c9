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

package dev.dispatch.autoconfigure;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Nodes on one host, each with a port of its own and the host as their only member,
 * without a port, form one cluster: the member means the three default ports, not this
 * node's port and the two after it. The three ports here are free ports found in a row,
 * below the ephemeral range, so that no other test's node can hold them; the expansion
 * starts from the first of them instead of 5701.
 *
 * @author Dispatch team
 */
class MemberPortsIntegrationTests {

	private final List<HazelcastInstance> nodes = new ArrayList<>();

	@AfterEach
	void stop() {
		this.nodes.forEach(HazelcastInstance::shutdown);
	}

	@Test
	void nodesOnOneHostWithAPortEachAndAMemberWithoutAPortFormOneCluster() {
		int first = threeFreePortsInARow();
		String name = "member-ports-" + UUID.randomUUID();
		for (int i = 0; i < 3; i++) {
			this.nodes.add(Hazelcast.newHazelcastInstance(config(name, first + i, first)));
		}
		for (HazelcastInstance node : this.nodes) {
			await().untilAsserted(() -> assertThat(node.getCluster().getMembers()).hasSize(3));
		}
	}

	private static Config config(String name, int port, int firstMemberPort) {
		DispatchPubSubProperties properties = new DispatchPubSubProperties();
		properties.setName(name);
		properties.setPort(port);
		properties.setPortAutoIncrement(false);
		properties.setMembers(List.of("127.0.0.1"));
		return DispatchHazelcastConfigFactory.create(properties, List.of(),
				MemberPortsIntegrationTests.class.getClassLoader(), firstMemberPort);
	}

	private static int threeFreePortsInARow() {
		for (int attempt = 0; attempt < 100; attempt++) {
			int first = ThreadLocalRandom.current().nextInt(20000, 32000);
			if (isFree(first) && isFree(first + 1) && isFree(first + 2)) {
				return first;
			}
		}
		throw new IllegalStateException("No three free ports in a row were found");
	}

	private static boolean isFree(int port) {
		try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
