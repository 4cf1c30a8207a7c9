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
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;

import com.hazelcast.cluster.Address;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The probe of {@link AbsentMembersProbe}: which members it asks, and when all refuse.
 *
 * @author Dispatch team
 */
class AbsentMembersProbeTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	@Test
	void membersAreProbedWithoutThisMember() throws Exception {
		Address self = new Address("127.0.0.1", 5701);
		assertThat(AbsentMembersProbe.others(List.of("127.0.0.1:5701", "127.0.0.1:5702, 127.0.0.1:5703"), self))
			.containsExactly(new InetSocketAddress("127.0.0.1", 5702), new InetSocketAddress("127.0.0.1", 5703));
	}

	@Test
	void membersWithoutAPortOrAsARangeLeaveTheJoinToHazelcast() throws Exception {
		Address self = new Address("127.0.0.1", 5701);
		assertThat(AbsentMembersProbe.others(List.of("127.0.0.1"), self)).isNull();
		assertThat(AbsentMembersProbe.others(List.of("127.0.0.1-3:5701"), self)).isNull();
		assertThat(AbsentMembersProbe.others(List.of("10.0.*.*:5701"), self)).isNull();
	}

	@Test
	void closedPortsRefuse() throws IOException {
		InetSocketAddress closed1 = closedPort();
		InetSocketAddress closed2 = closedPort();
		assertThat(AbsentMembersProbe.allRefuse(List.of(closed1, closed2), TIMEOUT)).isTrue();
	}

	@Test
	void aListeningPortAmongClosedOnesDoesNotRefuse() throws IOException {
		try (ServerSocket listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			InetSocketAddress open = new InetSocketAddress(InetAddress.getLoopbackAddress(), listening.getLocalPort());
			assertThat(AbsentMembersProbe.allRefuse(List.of(closedPort(), open, closedPort()), TIMEOUT)).isFalse();
		}
	}

	private static InetSocketAddress closedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return new InetSocketAddress(InetAddress.getLoopbackAddress(), socket.getLocalPort());
		}
	}

}
