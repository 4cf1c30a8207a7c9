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

package dev.dispatch.registry;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.topic.Message;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

import dev.dispatch.messaging.ClusterTransport;
import dev.dispatch.messaging.NodeIds;
import dev.dispatch.messaging.UntrustedData;
import dev.dispatch.security.Channel;
import dev.dispatch.security.ClusterSeal;

/**
 * This node as the parts of its registry see it: its id, its Hazelcast member and
 * transport, whether the registry is running or leaving, and who the members are.
 * <p>
 * Threads: the running and leaving flags are written only by the thread that calls
 * {@code start} and {@code stop}, and read as volatiles by every thread of the registry:
 * callers, Hazelcast's event threads, the upkeep thread ({@code dispatch-registry-}) and
 * the heartbeat thread ({@code dispatch-heartbeat-}). Everything else is immutable or
 * asks Hazelcast.
 *
 * @author Dispatch team
 */
final class RegistryNode {

	private final HazelcastInstance hazelcast;

	private final ClusterTransport transport;

	private final String id;

	private final byte[] idBytes;

	private final UntrustedData untrusted;

	private final ClusterSeal seal;

	private volatile boolean running;

	private volatile boolean leaving;

	private final CompletableFuture<Void> started = new CompletableFuture<>();

	RegistryNode(HazelcastInstance hazelcast, ClusterTransport transport, String id, UntrustedData untrusted,
			ClusterSeal seal) {
		this.hazelcast = hazelcast;
		this.transport = transport;
		this.id = id;
		this.idBytes = id.getBytes(StandardCharsets.UTF_8);
		this.untrusted = untrusted;
		Assert.notNull(seal, "'seal' must not be null: use ClusterSeal.open() for a cluster without a secret");
		this.seal = seal;
	}

	String id() {
		return this.id;
	}

	/**
	 * Return what a heartbeat or republish request of this node carries: its id as UTF-8
	 * bytes, signed when the cluster has a secret.
	 * @param channel what it is
	 * @return the bytes
	 */
	byte[] signedId(Channel channel) {
		return this.seal.sign(channel, this.id, this.idBytes);
	}

	/**
	 * Return whether the cluster has a secret, with which heartbeats and entries are
	 * signed.
	 */
	boolean isSealed() {
		return this.seal.isEnabled();
	}

	ClusterTransport transport() {
		return this.transport;
	}

	/**
	 * Mark the registry started: it has heard the others and built its view.
	 */
	void markStarted() {
		this.started.complete(null);
	}

	/**
	 * Return a stage that completes when the registry has first started.
	 * @return the stage, which callers cannot complete
	 */
	CompletionStage<Void> whenStarted() {
		return this.started.minimalCompletionStage();
	}

	boolean isRunning() {
		return this.running;
	}

	void setRunning(boolean running) {
		this.running = running;
	}

	boolean isLeaving() {
		return this.leaving;
	}

	void setLeaving(boolean leaving) {
		this.leaving = leaving;
	}

	boolean isClusterRunning() {
		return this.hazelcast.getLifecycleService().isRunning();
	}

	/**
	 * Return whether a node is this one or a member of the cluster.
	 */
	boolean isMember(String node) {
		try {
			return node.equals(this.id) || NodeIds.isMember(node, members());
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	/**
	 * Return the node id of this Hazelcast member now, which a split-brain merge may have
	 * changed.
	 * @return the member's node id
	 */
	String memberNodeId() {
		return NodeIds.local(this.hazelcast);
	}

	/**
	 * Return the cluster's members, oldest first.
	 * @return the members
	 */
	Set<Member> members() {
		return this.hazelcast.getCluster().getMembers();
	}

	Set<String> memberIds() {
		Set<String> ids = new HashSet<>();
		for (Member member : members()) {
			ids.add(NodeIds.of(member));
		}
		return ids;
	}

	Set<String> otherMemberIds() {
		Set<String> others = memberIds();
		others.remove(this.id);
		return others;
	}

	boolean isOldestMember() {
		Iterator<Member> members = members().iterator();
		return members.hasNext() && members.next().localMember();
	}

	/**
	 * Read the node id that a heartbeat or republish request carries as UTF-8 bytes,
	 * signed by the member that published it when the cluster has a secret.
	 * @param message the message
	 * @param channel what it should be
	 * @return the node id, or {@code null} if the message is anything else
	 */
	@Nullable String nodeIdOf(Message<byte[]> message, Channel channel) {
		byte[] signed = this.untrusted.bytes(message);
		Member publisher = message.getPublishingMember();
		if (signed == null || publisher == null || signed.length > 4 * RegistryEntry.MAX_ID_LENGTH + 128) {
			return null;
		}
		byte[] bytes = this.seal.verify(channel, NodeIds.of(publisher), signed, true);
		if (bytes == null || bytes.length == 0) {
			return null;
		}
		try {
			String node = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
			return (node.length() <= RegistryEntry.MAX_ID_LENGTH) ? node : null;
		}
		catch (CharacterCodingException ex) {
			return null;
		}
	}

}
