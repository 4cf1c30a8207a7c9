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

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.spi.properties.ClusterProperty;
import com.hazelcast.spi.properties.HazelcastProperties;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.dispatch.security.ClusterSeal;

/**
 * The check that keeps a node that other hosts can reach from starting without a cluster
 * secret: without one, any process that reaches its port and knows the cluster name can
 * join, call its services, write its registry and read its messages. A node bound to
 * loopback alone, joining only loopback members, needs none.
 *
 * @author Dispatch team
 */
final class ClusterExposure {

	private static final Log logger = LogFactory.getLog(ClusterExposure.class);

	private static final String CHECKED = ClusterExposure.class.getName();

	private ClusterExposure() {
	}

	/**
	 * Refuse to start a member that other hosts can reach without a secret, unless
	 * {@code dispatch.security.allow-insecure} is set; validate the secrets.
	 * @param config the member's configuration
	 * @param security the security properties
	 */
	static void check(Config config, DispatchSecurityProperties security) {
		config.getUserContext().put(CHECKED, Boolean.TRUE);
		validateSecrets(security);
		List<String> exposures = exposures(config);
		if (exposures.isEmpty() || security.hasSecret()) {
			return;
		}
		String reason = "this node can be reached beyond this host (" + String.join("; ", exposures)
				+ ") and without a secret any process that reaches its port can join the cluster, call its "
				+ "services, change its registry and read its messages";
		if (!security.isAllowInsecure()) {
			throw new InvalidDispatchPropertyException("dispatch.security.secret", "(not set)", reason,
					"Set dispatch.security.secret to the same random string of at least "
							+ ClusterSeal.MIN_SECRET_LENGTH + " characters on every node, best from an environment "
							+ "variable (DISPATCH_SECURITY_SECRET), or set dispatch.security.allow-insecure=true "
							+ "to accept the risk.");
		}
		logger.warn("Starting without dispatch.security.secret although " + reason
				+ " (dispatch.security.allow-insecure=true)");
	}

	/**
	 * Check a member that the application started itself, unless it was checked before it
	 * started.
	 * @param hazelcast the member
	 * @param security the security properties
	 */
	static void checkStarted(HazelcastInstance hazelcast, DispatchSecurityProperties security) {
		if (!hazelcast.getUserContext().containsKey(CHECKED)) {
			check(hazelcast.getConfig(), security);
		}
	}

	static void validateSecrets(DispatchSecurityProperties security) {
		validateLength("dispatch.security.secret", security.getSecret());
		validateLength("dispatch.security.previous-secret", security.getPreviousSecret());
		if (security.getPreviousSecret() != null && !security.hasSecret()) {
			throw new InvalidDispatchPropertyException("dispatch.security.previous-secret", "(hidden)",
					"a previous secret is accepted only along with a current one",
					"Set dispatch.security.secret to the new secret as well.");
		}
	}

	private static void validateLength(String property, String secret) {
		if (secret != null && secret.length() < ClusterSeal.MIN_SECRET_LENGTH) {
			throw new InvalidDispatchPropertyException(property, "(hidden, " + secret.length() + " characters)",
					"a secret must be at least " + ClusterSeal.MIN_SECRET_LENGTH + " characters long",
					"Set a random string of at least " + ClusterSeal.MIN_SECRET_LENGTH
							+ " characters, for example the output of 'openssl rand -base64 32'.");
		}
	}

	private static List<String> exposures(Config config) {
		NetworkConfig network = config.getNetworkConfig();
		List<String> exposures = new ArrayList<>();
		if (config.getAdvancedNetworkConfig().isEnabled()) {
			exposures.add("it uses Hazelcast's advanced network configuration");
		}
		if (new HazelcastProperties(config).getBoolean(ClusterProperty.SOCKET_SERVER_BIND_ANY)) {
			exposures.add("it binds every interface (hazelcast.socket.bind.any)");
		}
		if (!network.getInterfaces().isEnabled()) {
			exposures.add("it may bind any interface");
		}
		else {
			network.getInterfaces()
				.getInterfaces()
				.stream()
				.filter((address) -> !isLoopback(address))
				.forEach((address) -> exposures.add("it binds " + address));
		}
		JoinConfig join = network.getJoin();
		if (join.getTcpIpConfig().isEnabled()) {
			join.getTcpIpConfig()
				.getMembers()
				.stream()
				.filter((member) -> !isLoopback(host(member)))
				.forEach((member) -> exposures.add("it joins " + member));
		}
		if (join.getMulticastConfig().isEnabled()) {
			exposures.add("it uses multicast");
		}
		if (join.getKubernetesConfig().isEnabled() || join.getAutoDetectionConfig().isEnabled()
				|| !join.getDiscoveryConfig().getDiscoveryStrategyConfigs().isEmpty()) {
			exposures.add("it discovers members on the network");
		}
		return exposures;
	}

	private static String host(String member) {
		String host = member.trim();
		if (host.startsWith("[")) {
			return host.substring(1, Math.max(1, host.indexOf(']')));
		}
		return (host.indexOf(':') == host.lastIndexOf(':') && host.contains(":")) ? host.substring(0, host.indexOf(':'))
				: host;
	}

	private static boolean isLoopback(String address) {
		String trimmed = address.trim();
		if (trimmed.contains("*") || trimmed.contains("-")) {
			return trimmed.startsWith("127.");
		}
		try {
			for (InetAddress resolved : InetAddress.getAllByName(trimmed)) {
				if (!resolved.isLoopbackAddress()) {
					return false;
				}
			}
			return true;
		}
		catch (UnknownHostException ex) {
			return false;
		}
	}

}
