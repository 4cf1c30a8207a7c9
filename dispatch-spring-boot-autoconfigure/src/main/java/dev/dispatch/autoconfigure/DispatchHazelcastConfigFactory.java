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
import java.util.List;

import com.hazelcast.config.Config;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.JavaSerializationFilterConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;

import org.springframework.util.ClassUtils;

import dev.dispatch.registry.ClusterRegistry;

/**
 * Builds the Hazelcast {@link Config} of an embedded member from the
 * {@code dispatch.pubsub.*} properties: secure by default, it binds one interface
 * (loopback unless configured, or the pod's address on Kubernetes), joins by an explicit
 * member list (a member without a port means ports 5701 to 5703, see
 * {@link MemberAddresses}) or on Kubernetes, never uses multicast or auto-detection
 * unless asked to, and lets Hazelcast's own Java deserialization rebuild only what
 * members send each other (Hazelcast's classes, and the {@code java.lang} classes, stack
 * traces and empty or unmodifiable lists of the exceptions they return) and the trusted
 * packages: no JDK collection, other array, or network class. A TCP-IP member whose
 * members all refuse connections starts its cluster without Hazelcast's one-second wait
 * (see {@link AbsentMembersProbe}).
 *
 * @author Dispatch team
 */
final class DispatchHazelcastConfigFactory {

	/**
	 * The arrays and lists that a Java-serialized exception holds: its stack trace and
	 * its suppressed exceptions.
	 */
	private static final String[] EXCEPTION_PARTS = { "[Ljava.lang.StackTraceElement;",
			"java.util.Collections$EmptyList", "java.util.Collections$UnmodifiableList",
			"java.util.Collections$UnmodifiableRandomAccessList", "java.util.Collections$UnmodifiableCollection" };

	private DispatchHazelcastConfigFactory() {
	}

	/**
	 * Keep the registry's entries serialized in every member's copy of the map, so that
	 * replication never rebuilds what another member wrote there; the registry reads the
	 * bytes itself.
	 * @param config the configuration of a member about to start
	 */
	static void useBinaryServiceEntries(Config config) {
		config.getReplicatedMapConfig(ClusterRegistry.SERVICES_MAP).setInMemoryFormat(InMemoryFormat.BINARY);
	}

	private static int freePort(String networkInterface) {
		try (ServerSocket socket = new ServerSocket()) {
			String host = networkInterface.contains("*") ? "127.0.0.1" : networkInterface.trim();
			socket.bind(new InetSocketAddress(InetAddress.getByName(host), 0));
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new InvalidDispatchPropertyException("dispatch.pubsub.port", 0,
					"no free port could be found on " + networkInterface + " (" + ex.getMessage() + ")",
					"Set a free port, for example 5701.");
		}
	}

	static Config create(DispatchPubSubProperties properties, List<String> trustedPackages, ClassLoader classLoader) {
		return create(properties, trustedPackages, classLoader, MemberAddresses.FIRST_PORT);
	}

	/**
	 * Build the configuration, with members given without a port meaning their host on
	 * the ports from {@code firstMemberPort} (5701 but in tests).
	 */
	static Config create(DispatchPubSubProperties properties, List<String> trustedPackages, ClassLoader classLoader,
			int firstMemberPort) {
		Config config = new Config();
		config.setClusterName(properties.getName());
		config.setClassLoader(classLoader);
		config.setProperty("hazelcast.phone.home.enabled", "false");
		config.setProperty("hazelcast.shutdownhook.enabled", "false");
		config.setProperty("hazelcast.socket.bind.any", "false");
		config.setProperty("hazelcast.logging.type",
				ClassUtils.isPresent("org.slf4j.Logger", classLoader) ? "slf4j" : "jdk");
		JavaSerializationFilterConfig filter = new JavaSerializationFilterConfig().setDefaultsDisabled(true);
		filter.getWhitelist().addPrefixes("com.hazelcast.", "java.lang.");
		filter.getWhitelist().addClasses(EXCEPTION_PARTS);
		trustedPackages.stream()
			.map(String::trim)
			.filter((name) -> !name.isEmpty() && !name.equals("*"))
			.forEach((name) -> filter.getWhitelist().addPackages(name));
		config.getSerializationConfig().setJavaSerializationFilterConfig(filter);
		useBinaryServiceEntries(config);
		NetworkConfig network = config.getNetworkConfig();
		String bindAddress = KubernetesJoin.bindAddress(properties);
		network.setPort((properties.getPort() != 0) ? properties.getPort() : freePort(bindAddress));
		network.setPortAutoIncrement(properties.isPortAutoIncrement());
		network.getInterfaces().setEnabled(true).setInterfaces(List.of(bindAddress));
		properties.getOutboundPorts().stream().map(String::trim).forEach(network::addOutboundPortDefinition);
		JoinConfig join = network.getJoin();
		join.getAutoDetectionConfig().setEnabled(false);
		if (properties.getKubernetes().isEnabled()) {
			KubernetesJoin.configure(join, properties);
			return config;
		}
		join.getMulticastConfig().setEnabled(properties.isMulticast());
		join.getTcpIpConfig()
			.setEnabled(!properties.isMulticast())
			.setMembers(MemberAddresses.expand(properties.getMembers(), firstMemberPort));
		AbsentMembersProbe.install(config);
		return config;
	}

}
