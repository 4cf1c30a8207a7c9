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

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * Configuration properties of the cluster transport: how the embedded Hazelcast member
 * binds and finds the other nodes.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
@ConfigurationProperties("dispatch.pubsub")
public class DispatchPubSubProperties {

	/**
	 * Name of the cluster. Nodes with other names never join it.
	 */
	private String name = "dispatch";

	/**
	 * Port the member listens on, the first one tried when port auto-increment is on; 0
	 * picks any free port.
	 */
	private int port = 5701;

	/**
	 * Whether to try the following ports when the port is taken.
	 */
	private boolean portAutoIncrement = true;

	/**
	 * Port on which the node takes the messages of other nodes, on the member's
	 * interface, announced to the other members; 0 picks any free port, -1 sends and
	 * takes messages over Hazelcast's topics instead.
	 */
	private int messagePort = 0;

	/**
	 * Address of the network interface to bind, for example 10.0.0.5, or a pattern such
	 * as 10.0.*.*. When not set, 127.0.0.1, or with discovery on Kubernetes the pod's
	 * address: the first IPv4 address (else IPv6) of an interface that is up and not
	 * loopback.
	 */
	private @Nullable String networkInterface;

	/**
	 * Addresses of the nodes to join, as host or host:port. Without a port, the host's
	 * ports 5701 to 5703 are tried, whatever this node's port. Empty for a node that
	 * joins no one.
	 */
	private List<String> members = new ArrayList<>(List.of("127.0.0.1"));

	/**
	 * How long after start-up a node that has members to join may have reached none of
	 * them before it logs a warning naming them, and its dispatch health shows it alone
	 * with its unreachable members.
	 */
	private Duration joinGracePeriod = Duration.ofSeconds(30);

	/**
	 * Local ports the member, and the node's message connections, may open connections to
	 * other members from, as ports or ranges such as 33000-33100, so that a firewall can
	 * tell its connections apart. Empty for any ephemeral port.
	 */
	private List<String> outboundPorts = new ArrayList<>();

	/**
	 * Whether to find the other nodes by multicast instead of the member list.
	 */
	private boolean multicast = false;

	/**
	 * Discovery on Kubernetes.
	 */
	@NestedConfigurationProperty
	private final DispatchKubernetesProperties kubernetes = new DispatchKubernetesProperties();

	public String getName() {
		return this.name;
	}

	public void setName(String name) {
		this.name = name;
	}

	public int getPort() {
		return this.port;
	}

	public void setPort(int port) {
		this.port = port;
	}

	public int getMessagePort() {
		return this.messagePort;
	}

	public void setMessagePort(int messagePort) {
		this.messagePort = messagePort;
	}

	public boolean isPortAutoIncrement() {
		return this.portAutoIncrement;
	}

	public void setPortAutoIncrement(boolean portAutoIncrement) {
		this.portAutoIncrement = portAutoIncrement;
	}

	public @Nullable String getInterface() {
		return this.networkInterface;
	}

	public void setInterface(@Nullable String networkInterface) {
		this.networkInterface = networkInterface;
	}

	public List<String> getMembers() {
		return this.members;
	}

	public void setMembers(List<String> members) {
		this.members = members;
	}

	public Duration getJoinGracePeriod() {
		return this.joinGracePeriod;
	}

	public void setJoinGracePeriod(Duration joinGracePeriod) {
		this.joinGracePeriod = joinGracePeriod;
	}

	public List<String> getOutboundPorts() {
		return this.outboundPorts;
	}

	public void setOutboundPorts(List<String> outboundPorts) {
		this.outboundPorts = outboundPorts;
	}

	public boolean isMulticast() {
		return this.multicast;
	}

	public void setMulticast(boolean multicast) {
		this.multicast = multicast;
	}

	public DispatchKubernetesProperties getKubernetes() {
		return this.kubernetes;
	}

}
