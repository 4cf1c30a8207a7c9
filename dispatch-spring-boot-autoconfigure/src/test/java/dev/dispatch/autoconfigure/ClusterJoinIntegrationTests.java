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

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * How members as Dispatch configures them join, each told the loopback address without a
 * port (three free ports in a row here, standing for 5701 to 5703): a member whose
 * members all refuse connections starts at once, members started at the same moment form
 * one cluster, and a member started next to a running one joins it.
 *
 * @author Dispatch team
 */
class ClusterJoinIntegrationTests {

	private final List<HazelcastInstance> nodes = new ArrayList<>();

	@AfterEach
	void stop() {
		this.nodes.forEach(HazelcastInstance::shutdown);
	}

	@Test
	void memberWhoseMembersAllRefuseStartsWithoutHazelcastsSecondOfWaiting() {
		int first = ClusterConvergence.threeFreePortsInARow();
		Hazelcast.newHazelcastInstance(ClusterConvergence.config("warm-up-" + UUID.randomUUID(), first, first))
			.shutdown();
		long start = System.nanoTime();
		HazelcastInstance node = start(ClusterConvergence.config("alone-" + UUID.randomUUID(), first, first));
		Duration took = Duration.ofNanos(System.nanoTime() - start);
		assertThat(took).as("Hazelcast's wait for the refused members alone is a second")
			.isLessThan(Duration.ofSeconds(1));
		assertThat(node.getCluster().getMembers()).hasSize(1);
		assertThat(node.getConfig().getNetworkConfig().getJoin().getTcpIpConfig().getMembers())
			.as("the members are back for later searches for other clusters")
			.containsExactly("127.0.0.1:" + first, "127.0.0.1:" + (first + 1), "127.0.0.1:" + (first + 2));
	}

	@Test
	void memberStartedNextToARunningOneJoinsIt() {
		int first = ClusterConvergence.threeFreePortsInARow();
		String name = "late-" + UUID.randomUUID();
		HazelcastInstance running = start(ClusterConvergence.config(name, first + 1, first));
		HazelcastInstance late = start(ClusterConvergence.config(name, first, first));
		await().atMost(Duration.ofSeconds(30)).until(() -> ClusterConvergence.formOneCluster(List.of(running, late)));
		assertThat(late.getCluster().getMembers().iterator().next().getAddress())
			.isEqualTo(running.getCluster().getLocalMember().getAddress());
	}

	@Test
	void twoMembersStartedTogetherFormOneCluster() {
		startTogetherAndAwaitOneCluster(2);
	}

	@Test
	void threeMembersStartedTogetherFormOneCluster() {
		startTogetherAndAwaitOneCluster(3);
	}

	private void startTogetherAndAwaitOneCluster(int count) {
		List<HazelcastInstance> started = ClusterConvergence.startTogether("together-" + UUID.randomUUID(),
				ClusterConvergence.threeFreePortsInARow(), count);
		this.nodes.addAll(started);
		// Split clusters would only be merged minutes later, by Hazelcast's split-brain
		// handler: well past this limit.
		await().atMost(Duration.ofSeconds(30)).until(() -> ClusterConvergence.formOneCluster(started));
	}

	private HazelcastInstance start(Config config) {
		HazelcastInstance node = Hazelcast.newHazelcastInstance(config);
		this.nodes.add(node);
		return node;
	}

}
