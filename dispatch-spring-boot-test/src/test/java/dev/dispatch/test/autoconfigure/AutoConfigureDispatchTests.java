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

package dev.dispatch.test.autoconfigure;

import java.net.InetAddress;

import com.hazelcast.core.HazelcastInstance;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import dev.dispatch.registry.ClusterState;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code @SpringBootTest} with {@link AutoConfigureDispatch} and no property of its own
 * runs a node alone in a cluster of its own.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
@SpringBootTest
@AutoConfigureDispatch
class AutoConfigureDispatchTests {

	@Autowired
	private HazelcastInstance hazelcast;

	@Autowired
	private ClusterState registry;

	@Test
	void nodeIsAloneOnLoopbackInAClusterNamedTestWithNoPropertyWritten() throws Exception {
		assertThat(this.hazelcast.getConfig().getClusterName()).startsWith("test-").hasSize(41);
		assertThat(this.hazelcast.getConfig().getNetworkConfig().getJoin().getTcpIpConfig().getMembers()).isEmpty();
		assertThat(this.hazelcast.getCluster().getMembers()).hasSize(1);
		assertThat(this.hazelcast.getCluster().getLocalMember().getAddress().getInetAddress())
			.isEqualTo(InetAddress.getByName("127.0.0.1"));
		assertThat(this.registry.getMembers()).containsExactly(this.registry.getLocalNode());
		assertThat(this.registry.getOnlineServices(Tally.TYPE)).hasSize(1);
	}

	/**
	 * The test's own properties take precedence over the annotation's.
	 */
	@Nested
	@SpringBootTest(properties = "dispatch.pubsub.name=chosen-by-the-test")
	class WithAClusterNameOfItsOwn {

		@Autowired
		private HazelcastInstance hazelcast;

		@Test
		void testPropertiesTakePrecedenceOverTheAnnotations() {
			assertThat(this.hazelcast.getConfig().getClusterName()).isEqualTo("chosen-by-the-test");
			assertThat(this.hazelcast.getConfig().getNetworkConfig().getJoin().getTcpIpConfig().getMembers()).isEmpty();
		}

	}

}
