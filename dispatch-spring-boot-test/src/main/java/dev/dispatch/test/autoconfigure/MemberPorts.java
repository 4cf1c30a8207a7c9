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

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free loopback ports for the members of a {@link DispatchTestCluster}, below the
 * kernel's ephemeral range: no outgoing connection can take such a port between the
 * moment it is found free and the moment a member binds it, and a member that dials a
 * port nobody listens on yet cannot connect to itself from that very port.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
final class MemberPorts {

	private static final int LOWEST = 10_000;

	private MemberPorts() {
	}

	/**
	 * Return a loopback port that was free a moment ago.
	 * @return the port
	 */
	static int freePort() {
		int below = ephemeralLow();
		while (true) {
			int port = LOWEST + ThreadLocalRandom.current().nextInt(below - LOWEST);
			try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
				return socket.getLocalPort();
			}
			catch (IOException ex) {
				// taken: try another
			}
		}
	}

	private static int ephemeralLow() {
		try {
			// by lines: Files.readString reads a single byte of this file on Java 17
			String range = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0).trim();
			return Math.max(LOWEST + 1_000, Integer.parseInt(range.split("\\s+")[0]));
		}
		catch (IOException | RuntimeException ex) {
			return 32_768;
		}
	}

}
