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
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The properties that {@link NodeLauncher} gives a node.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
class NodeLauncherTests {

	private final NodeLauncher launcher = new NodeLauncher("test-cluster", new Class<?>[] { TallyApplication.class },
			WebApplicationType.NONE, Map.of("dispatch.registry.shutdown-drain", "1s"));

	@Test
	void nodeJoinsTheRunningNodesOnLoopbackOnlyInTheClusterOfItsOwnWithTheClustersPropertiesLast() {
		assertThat(this.launcher.arguments(10_002, List.of(10_000, 10_001))).containsExactly(
				"--dispatch.pubsub.name=test-cluster", "--dispatch.pubsub.port=10002",
				"--dispatch.pubsub.port-auto-increment=false", "--dispatch.pubsub.interface=127.0.0.1",
				"--dispatch.pubsub.members=127.0.0.1:10000,127.0.0.1:10001,127.0.0.1:10002",
				"--dispatch.pubsub.multicast=false", "--dispatch.pubsub.kubernetes.enabled=false",
				"--dispatch.registry.broadcast-period=100ms", "--dispatch.registry.max-silent-periods=5",
				"--dispatch.registry.shutdown-drain=1s", "--server.port=0");
	}

	@Test
	void memberPortsAreFreeLoopbackPortsBelowTheEphemeralRange() throws Exception {
		Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
		int ephemeralLow = Files.exists(range)
				? Integer.parseInt(Files.readAllLines(range).get(0).trim().split("\\s+")[0]) : 32_768;
		for (int i = 0; i < 20; i++) {
			int port = MemberPorts.freePort();
			assertThat(port).isBetween(10_000, ephemeralLow - 1);
			try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
				assertThat(socket.getLocalPort()).isEqualTo(port);
			}
		}
	}

}
