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

package dev.dispatch.sample;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.hazelcast.cluster.Address;
import com.hazelcast.cluster.Member;
import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.internal.serialization.Data;
import com.hazelcast.replicatedmap.ReplicatedMap;
import com.hazelcast.spi.impl.AbstractDistributedObject;
import com.hazelcast.spi.impl.NodeEngine;
import com.hazelcast.spi.impl.eventservice.EventRegistration;
import com.hazelcast.spi.impl.eventservice.EventService;
import tools.jackson.databind.json.JsonMapper;

import dev.dispatch.ServiceInfo;
import dev.dispatch.ServiceRef;
import dev.dispatch.ServiceState;
import dev.dispatch.messaging.NodeIds;
import dev.dispatch.registry.ClusterRegistry;
import dev.dispatch.security.ClusterSeal;

/**
 * A plain Hazelcast member started in the test's JVM that joins a cluster of sample nodes
 * with nothing but its name and member list, and does what any process that reaches a
 * member port can do: read every node's inbox topic, publish to it (also in the name of
 * another member, by setting the publisher of the topic event it sends), and write to the
 * registry's map. Dispatch's frames and registry entries are built with Dispatch's own
 * package-private code, by reflection, so that they are exactly what a node would send
 * without a secret.
 *
 * @author Dispatch team
 */
final class RogueMember implements AutoCloseable {

	/**
	 * The start of the name of every node's inbox topic.
	 */
	static final String INBOX_PREFIX = "dispatch.inbox.";

	private static final String TOPIC_SERVICE = "hz:impl:topicService";

	private final HazelcastInstance hazelcast;

	private final Map<String, List<Captured>> captured = new ConcurrentHashMap<>();

	private RogueMember(HazelcastInstance hazelcast) {
		this.hazelcast = hazelcast;
	}

	/**
	 * Start a member that joins a cluster on loopback.
	 * @param cluster the cluster's name
	 * @param memberPorts the member ports of its nodes
	 * @return the member, joined
	 */
	static RogueMember join(String cluster, int[] memberPorts) {
		return join(cluster, memberPorts, null);
	}

	/**
	 * Start a member that joins a cluster on loopback and claims a node id, as a node's
	 * member does in its {@link NodeIds#ATTRIBUTE} attribute.
	 * @param cluster the cluster's name
	 * @param memberPorts the member ports of its nodes
	 * @param nodeId the node id to claim, or {@code null} for none
	 * @return the member, joined
	 */
	static RogueMember join(String cluster, int[] memberPorts, String nodeId) {
		Config config = new Config();
		if (nodeId != null) {
			config.getMemberAttributeConfig().setAttribute(NodeIds.ATTRIBUTE, nodeId);
		}
		config.setClusterName(cluster);
		config.setProperty("hazelcast.phone.home.enabled", "false");
		config.setProperty("hazelcast.socket.bind.any", "false");
		config.setProperty("hazelcast.wait.seconds.before.join", "1");
		NetworkConfig network = config.getNetworkConfig();
		network.setPort(SampleNode.freePort()).setPortAutoIncrement(false);
		network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
		JoinConfig join = network.getJoin();
		join.getMulticastConfig().setEnabled(false);
		join.getAutoDetectionConfig().setEnabled(false);
		join.getTcpIpConfig()
			.setEnabled(true)
			.setMembers(Arrays.stream(memberPorts).mapToObj((port) -> "127.0.0.1:" + port).toList());
		return new RogueMember(Hazelcast.newHazelcastInstance(config));
	}

	/**
	 * Return the node id the nodes give this member: its UUID, since it has no
	 * {@link NodeIds#ATTRIBUTE} attribute.
	 * @return the node id
	 */
	String nodeId() {
		return NodeIds.local(this.hazelcast);
	}

	HazelcastInstance hazelcast() {
		return this.hazelcast;
	}

	/**
	 * Capture every batch that another member publishes to a node's inbox topic.
	 * @param node the node id
	 */
	void listen(String node) {
		List<Captured> batches = new CopyOnWriteArrayList<>();
		this.captured.put(node, batches);
		this.hazelcast.<byte[]>getTopic(INBOX_PREFIX + node).addMessageListener((message) -> {
			Member publisher = message.getPublishingMember();
			if (publisher != null && !publisher.localMember()) {
				batches.add(new Captured(node, message.getMessageObject(), publisher));
			}
		});
	}

	/**
	 * Return the batches captured from a node's inbox so far.
	 * @param node the node id
	 * @return the batches, oldest first
	 */
	List<Captured> captured(String node) {
		return List.copyOf(this.captured.getOrDefault(node, List.of()));
	}

	/**
	 * Publish bytes to a topic as this member.
	 * @param topic the topic
	 * @param bytes the bytes
	 */
	void publish(String topic, byte[] bytes) {
		this.hazelcast.<byte[]>getTopic(topic).publish(bytes);
	}

	/**
	 * Publish bytes to a topic in the name of another member: the event that this member
	 * sends to the topic's subscribers names that member as its publisher, and the
	 * subscribers believe it.
	 * @param publisher the member to speak for
	 * @param topic the topic
	 * @param bytes the bytes
	 */
	void publishAs(Member publisher, String topic, byte[] bytes) {
		NodeEngine engine = ((AbstractDistributedObject<?>) this.hazelcast.getTopic(topic)).getNodeEngine();
		EventService events = engine.getEventService();
		Address self = engine.getThisAddress();
		List<EventRegistration> others = events.getRegistrations(TOPIC_SERVICE, topic)
			.stream()
			.filter((registration) -> !self.equals(registration.getSubscriber()))
			.toList();
		try {
			Constructor<?> constructor = Class.forName("com.hazelcast.topic.impl.TopicEvent")
				.getDeclaredConstructor(String.class, Data.class, Address.class);
			constructor.setAccessible(true);
			Object event = constructor.newInstance(topic, engine.toData(bytes), publisher.getAddress());
			events.publishEvent(TOPIC_SERVICE, others, event, topic.hashCode());
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("Could not publish in the name of " + publisher, ex);
		}
	}

	/**
	 * Return the registry's map as this member sees it.
	 * @return the map
	 */
	ReplicatedMap<String, Object> services() {
		return this.hazelcast.getReplicatedMap(ClusterRegistry.SERVICES_MAP);
	}

	/**
	 * Return the member that holds a node id.
	 * @param node the node id
	 * @return the member
	 */
	Member memberOf(String node) {
		return this.hazelcast.getCluster()
			.getMembers()
			.stream()
			.filter((member) -> NodeIds.of(member).equals(node))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("No member holds node id " + node));
	}

	/**
	 * Seal a batch with a secret, as a node that holds it would: the control that shows
	 * what the nodes do with a batch of this member that the secret authenticates.
	 * @param secret the secret
	 * @param recipient the node it goes to
	 * @param batch the batch, naming this member's node id as its sender
	 * @return the sealed batch
	 */
	byte[] seal(String secret, String recipient, byte[] batch) {
		return ClusterSeal.withSecret(secret, null, this.hazelcast.getCluster()::getClusterTime)
			.sealFrames(nodeId(), recipient, batch);
	}

	@Override
	public void close() {
		this.hazelcast.shutdown();
	}

	/**
	 * Build a batch of frames as a node builds one, unsealed.
	 * @param sender the node id it names as its sender
	 * @param frames the frames
	 * @return the batch
	 */
	static byte[] batch(String sender, List<byte[]> frames) {
		return (byte[]) invoke("dev.dispatch.messaging.Frames", "batch", new Class<?>[] { String.class, List.class },
				sender, frames);
	}

	/**
	 * Build the frame of a cast as a node builds one.
	 * @param serviceId the service it goes to
	 * @param message the message, sent as JSON labelled with its class name
	 * @return the frame
	 */
	static byte[] cast(String serviceId, Object message) {
		byte[] payload = JsonMapper.shared().writeValueAsBytes(message);
		return (byte[]) invoke("dev.dispatch.messaging.Frames", "cast",
				new Class<?>[] { String.class, Map.class, String.class, byte[].class }, serviceId, Map.of(),
				message.getClass().getName(), payload);
	}

	/**
	 * Build the value of a registry entry as a node without a secret writes it.
	 * @param type the service type
	 * @param id the service id, which is also the entry's key
	 * @param node the node id of the service
	 * @return the value, unsigned
	 */
	static byte[] entry(String type, String id, String node) {
		ServiceInfo info = new ServiceInfo(new ServiceRef(type, id, node), ServiceState.ONLINE, Map.of());
		return (byte[]) invoke("dev.dispatch.registry.RegistryEntry", "encode", new Class<?>[] { ServiceInfo.class },
				info);
	}

	private static Object invoke(String className, String name, Class<?>[] parameterTypes, Object... arguments) {
		try {
			Method method = Class.forName(className).getDeclaredMethod(name, parameterTypes);
			method.setAccessible(true);
			return method.invoke(null, arguments);
		}
		catch (InvocationTargetException ex) {
			throw new IllegalStateException(className + "." + name + " failed", ex.getCause());
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("Could not call " + className + "." + name, ex);
		}
	}

	/**
	 * A batch captured from an inbox topic.
	 *
	 * @param inbox the node id of the inbox
	 * @param bytes the bytes, as published
	 * @param publisher the member that published them
	 */
	record Captured(String inbox, byte[] bytes, Member publisher) {

	}

}
