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

package dev.dispatch.discovery;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.replicatedmap.ReplicatedMap;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

import dev.dispatch.messaging.NodeIds;
import dev.dispatch.security.Channel;
import dev.dispatch.security.ClusterSeal;

/**
 * Where each node's web server listens, replicated in the {@code dispatch.nodes} map: a
 * node publishes its own port once its web server runs, and withdraws it when it stops.
 * The host is the node's member address. With a cluster secret, ports are signed and
 * checked with the node's seal, given when this is created.
 * <p>
 * Threads: the fields are final; the application's threads publish, withdraw and read the
 * ports concurrently through Hazelcast's map, and the seal is safe for any thread.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
public class NodeWebAddresses {

	/**
	 * The name of the replicated map of web ports.
	 */
	public static final String NODES_MAP = "dispatch.nodes";

	private final HazelcastInstance hazelcast;

	private final ReplicatedMap<String, Object> ports;

	private final String localNode;

	private final ClusterSeal seal;

	/**
	 * Create the web addresses of a member's cluster.
	 * @param hazelcast the member
	 * @param seal what signs and checks the ports: the node's seal, open only for a
	 * cluster without a secret
	 */
	public NodeWebAddresses(HazelcastInstance hazelcast, ClusterSeal seal) {
		Assert.notNull(seal, "'seal' must not be null: use ClusterSeal.open() for a cluster without a secret");
		this.hazelcast = hazelcast;
		this.seal = seal;
		this.ports = hazelcast.getReplicatedMap(NODES_MAP);
		this.localNode = NodeIds.local(hazelcast);
	}

	/**
	 * Publish the port of this node's web server.
	 * @param port the port
	 */
	public void publish(int port) {
		byte[] bytes = ByteBuffer.allocate(4).putInt(port).array();
		this.ports.put(this.localNode, this.seal.sign(Channel.WEB_ADDRESS, this.localNode, bytes));
	}

	/**
	 * Withdraw this node's port.
	 */
	public void withdraw() {
		if (this.hazelcast.getLifecycleService().isRunning()) {
			this.ports.remove(this.localNode);
		}
	}

	/**
	 * Return the host of a node, or {@code null} when it is not a member.
	 * @param node the node id
	 * @return the host
	 */
	public @Nullable String host(String node) {
		for (Member member : this.hazelcast.getCluster().getMembers()) {
			if (NodeIds.of(member).equals(node)) {
				return member.getAddress().getHost();
			}
		}
		return null;
	}

	/**
	 * Return the web port of each node that published one; with a cluster secret, only
	 * ports signed with it by their node.
	 * @return the ports by node id
	 */
	public Map<String, Integer> ports() {
		Map<String, Integer> ports = new HashMap<>();
		this.ports.forEach((node, value) -> {
			byte[] bytes = (value instanceof byte[] signed) ? this.seal.verify(Channel.WEB_ADDRESS, node, signed, false)
					: null;
			if (bytes != null && bytes.length == 4) {
				ports.put(node, ByteBuffer.wrap(bytes).getInt());
			}
		});
		return ports;
	}

}
