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

import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;

import dev.dispatch.messaging.ClusterTransport;
import dev.dispatch.messaging.NodeIds;

/**
 * Follows the members. A node id belongs to the oldest member that has it: a younger
 * member with the same id (a restarted node whose old member has not been removed yet, or
 * an impostor) neither revives nor ends the node. A member that leaves is dropped from
 * the view at once, and the oldest member deletes its entries on the upkeep thread.
 * <p>
 * Threads: Hazelcast's membership event thread, which delivers the events one at a time.
 *
 * @author Dispatch team
 */
final class MembershipTracker implements MembershipListener {

	private final NodeIdHolders holders;

	private final ClusterTransport transport;

	private final NodeLiveness liveness;

	private final ViewReconciler reconciler;

	private final RegistryUpkeep upkeep;

	MembershipTracker(NodeIdHolders holders, ClusterTransport transport, NodeLiveness liveness,
			ViewReconciler reconciler, RegistryUpkeep upkeep) {
		this.holders = holders;
		this.transport = transport;
		this.liveness = liveness;
		this.reconciler = reconciler;
		this.upkeep = upkeep;
	}

	@Override
	public void memberAdded(MembershipEvent event) {
		Member member = event.getMember();
		if (this.holders.joined(member, event.getMembers())) {
			this.transport.nodeJoined(NodeIds.of(member));
		}
		this.holders.update(event.getMembers());
		this.reconciler.reconcile();
	}

	@Override
	public void memberRemoved(MembershipEvent event) {
		String node = NodeIds.of(event.getMember());
		switch (this.holders.departed(event.getMember(), event.getMembers())) {
			case GONE -> {
				this.liveness.forget(node);
				this.transport.nodeGone(node);
			}
			case UNREACHABLE -> this.transport.nodeUnreachable(node);
			case NONE -> {
			}
		}
		this.reconciler.reconcile();
		this.upkeep.cleanUpLater();
	}

}
