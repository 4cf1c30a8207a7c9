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

package dev.dispatch.test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.hazelcast.config.Config;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.dispatch.autoconfigure.DispatchAutoConfiguration;

/**
 * Nodes of one isolated test cluster in this JVM: a unique cluster name, free loopback
 * ports and an explicit member list, so that parallel test runs never meet.
 *
 * @author Dispatch team
 */
public final class TestCluster implements AutoCloseable {

	private final String name = "test-" + UUID.randomUUID();

	private final int[] ports;

	private final List<ConfigurableApplicationContext> nodes = new ArrayList<>();

	public TestCluster(int size) {
		this.ports = new int[size];
		for (int i = 0; i < size; i++) {
			this.ports[i] = freePort();
		}
	}

	/**
	 * A free loopback port below the kernel's ephemeral range, so that no outgoing
	 * connection can take it between now and when a member binds it: a member that dials
	 * a port nobody listens on yet can otherwise connect to itself from that very port.
	 * @return the port
	 */
	public static int freePort() {
		int below = ephemeralLow();
		for (int attempt = 0; attempt < 10_000; attempt++) {
			int port = 10_000 + ThreadLocalRandom.current().nextInt(below - 10_000);
			try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
				return socket.getLocalPort();
			}
			catch (IOException ex) {
				// taken: try another
			}
		}
		throw new IllegalStateException("No free loopback port found below the ephemeral port range");
	}

	private static int ephemeralLow() {
		try {
			String range = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0).trim();
			return Math.max(11_000, Integer.parseInt(range.split("\\s+")[0]));
		}
		catch (IOException | RuntimeException ex) {
			return 32_768;
		}
	}

	/**
	 * A service type that no other test uses.
	 * @return the type
	 */
	public static String uniqueType() {
		return "type-" + UUID.randomUUID();
	}

	/**
	 * A Hazelcast configuration for a lone member of a cluster of its own on loopback.
	 * @param namePrefix the start of the cluster name
	 * @return the configuration
	 */
	public static Config isolatedConfig(String namePrefix) {
		Config config = new Config();
		config.setClusterName(namePrefix + UUID.randomUUID());
		config.getNetworkConfig().setPort(freePort());
		config.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
		config.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
		config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
		config.setProperty("hazelcast.socket.bind.any", "false");
		return config;
	}

	/**
	 * A Hazelcast configuration for a plain member at position {@code index} of this
	 * cluster, with no Dispatch on it.
	 * @param index the member's index
	 * @return the configuration
	 */
	public Config memberConfig(int index) {
		Config config = new Config();
		config.setClusterName(this.name);
		config.getNetworkConfig().setPort(this.ports[index]).setPortAutoIncrement(false);
		config.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
		config.getNetworkConfig().getJoin().getAutoDetectionConfig().setEnabled(false);
		config.getNetworkConfig()
			.getJoin()
			.getTcpIpConfig()
			.setEnabled(true)
			.setMembers(Arrays.stream(this.ports).mapToObj((port) -> "127.0.0.1:" + port).toList());
		config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
		config.setProperty("hazelcast.socket.bind.any", "false");
		return config;
	}

	public int getPort(int index) {
		return this.ports[index];
	}

	public String getName() {
		return this.name;
	}

	/**
	 * The properties of node {@code index} of this cluster.
	 * @param index the node's index
	 * @return the properties, as {@code key=value}
	 */
	public String[] properties(int index) {
		String members = Arrays.stream(this.ports)
			.mapToObj((port) -> "127.0.0.1:" + port)
			.collect(Collectors.joining(","));
		return new String[] { "dispatch.pubsub.name=" + this.name, "dispatch.pubsub.port=" + this.ports[index],
				"dispatch.pubsub.port-auto-increment=false", "dispatch.pubsub.members=" + members,
				"dispatch.registry.broadcast-period=100ms", "dispatch.registry.max-silent-periods=5",
				"dispatch.registry.shutdown-drain=2s" };
	}

	/**
	 * Start node {@code index} with the given configuration classes.
	 * @param index the node's index
	 * @param sources configuration classes
	 * @param extraProperties more properties, as {@code key=value}
	 * @return the node's context
	 */
	public ConfigurableApplicationContext start(int index, List<Class<?>> sources, String... extraProperties) {
		List<Class<?>> all = new ArrayList<>(sources);
		all.add(0, Autoconfigured.class);
		ConfigurableApplicationContext context = new SpringApplicationBuilder(all.toArray(Class<?>[]::new))
			.web(WebApplicationType.NONE)
			.logStartupInfo(false)
			.properties(Stream.concat(Arrays.stream(properties(index)), Arrays.stream(extraProperties))
				.toArray(String[]::new))
			.run();
		this.nodes.add(context);
		return context;
	}

	@Override
	public void close() {
		for (ConfigurableApplicationContext node : this.nodes) {
			node.close();
		}
	}

	@ImportAutoConfiguration(DispatchAutoConfiguration.class)
	static class Autoconfigured {

	}

}
