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

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import com.hazelcast.cluster.Member;
import com.hazelcast.topic.ITopic;
import com.hazelcast.topic.Message;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.dispatch.messaging.NodeIds;
import dev.dispatch.security.Channel;

/**
 * The heartbeats: this node's, published on a topic, and the others', taken only from the
 * member that holds the node id they name. A node heard from after a silence brings its
 * services back into the view. Heartbeats that fail the cluster secret's check are kept
 * track of ({@link HeartbeatRefusals}), so that a node with another secret than the
 * others can tell that it is cut off.
 * <p>
 * Threads: this node beats on the thread that calls {@code start} and on the heartbeat
 * thread {@code dispatch-heartbeat-}; the others' heartbeats arrive on Hazelcast's topic
 * event thread; the count of beats is read by the upkeep thread
 * {@code dispatch-registry-}; the refusals are read by the threads that ask for health or
 * the actuator endpoint. The liveness, the refusals and the count are thread-safe.
 *
 * @author Dispatch team
 */
final class Heartbeats {

	private static final Log logger = LogFactory.getLog(Heartbeats.class);

	private final RegistryNode node;

	private final ITopic<byte[]> topic;

	private final NodeLiveness liveness;

	private final ViewReconciler reconciler;

	private final HeartbeatRefusals refusals;

	private final AtomicLong beats = new AtomicLong();

	Heartbeats(RegistryNode node, ITopic<byte[]> topic, NodeLiveness liveness, ViewReconciler reconciler,
			HeartbeatRefusals refusals) {
		this.node = node;
		this.topic = topic;
		this.liveness = liveness;
		this.reconciler = reconciler;
		this.refusals = refusals;
	}

	/**
	 * Publish this node's heartbeat.
	 */
	void beat() {
		this.beats.incrementAndGet();
		this.topic.publish(this.node.signedId(Channel.HEARTBEAT));
	}

	/**
	 * Publish this node's first heartbeat and, when nodes must be heard before their
	 * services enter the view, wait up to one broadcast period for the other members'.
	 */
	void beatAndHearOthers() {
		beat();
		try {
			this.liveness.awaitHeard(this.node.otherMemberIds());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Return how many times this node has beaten.
	 * @return the count of beats
	 */
	long beats() {
		return this.beats.get();
	}

	/**
	 * Return the other members whose heartbeats this node refuses.
	 * @return their ids, sorted
	 */
	List<String> refusedMembers() {
		return this.refusals.refusedAmong(this.node.otherMemberIds());
	}

	/**
	 * Return whether this node refuses the heartbeats of other members and has heard no
	 * valid one from any for longer than the silence limit.
	 * @return whether it is cut off from the others
	 */
	boolean isCutOff() {
		return this.refusals.isCutOffFrom(this.node.otherMemberIds());
	}

	/**
	 * Take a heartbeat only from the member that holds the node id it names. One that
	 * another member sent but that fails the secret's check is counted as refused.
	 * @param heartbeat the heartbeat
	 */
	void heard(Message<byte[]> heartbeat) {
		String node = this.node.nodeIdOf(heartbeat, Channel.HEARTBEAT);
		Member from = heartbeat.getPublishingMember();
		if (node == null && from != null && !from.localMember()) {
			this.refusals.refused(NodeIds.of(from));
		}
		if (node == null || node.equals(this.node.id()) || from == null || !NodeIds.of(from).equals(node)
				|| !NodeIds.holdsId(from, this.node.members())) {
			return;
		}
		this.refusals.accepted(node);
		boolean first = !this.liveness.hasHeard(node);
		if (this.liveness.heard(node)) {
			logger.info("Node " + node + (first ? " is heard from; its services enter this node's view"
					: " is heard from again; its services return to this node's view"));
			this.reconciler.reconcile();
		}
	}

}
