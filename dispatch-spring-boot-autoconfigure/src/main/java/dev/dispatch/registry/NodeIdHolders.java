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

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import com.hazelcast.cluster.Member;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.dispatch.messaging.NodeIds;

/**
 * Which member holds each node id: the oldest member that has it. A younger member with
 * the same id (a restarted node whose old member has not been removed yet, or an
 * impostor) neither revives nor ends the node, and is reported once.
 * <p>
 * Threads: the holders are replaced by the thread that calls {@code start} and by
 * Hazelcast's membership event thread, and read by the latter, under the holders' lock;
 * the reported duplicates are a concurrent set used by the membership event thread.
 *
 * @author Dispatch team
 */
final class NodeIdHolders {

	private static final Log logger = LogFactory.getLog(NodeIdHolders.class);

	private final Map<String, UUID> holders = new HashMap<>();

	private final Set<UUID> reportedDuplicates = ConcurrentHashMap.newKeySet();

	private final Consumer<String> errors;

	NodeIdHolders() {
		this(logger::error);
	}

	/**
	 * Create holders that report duplicates to the given place.
	 * @param errors where reports of duplicate node ids go
	 */
	NodeIdHolders(Consumer<String> errors) {
		this.errors = errors;
	}

	/**
	 * Refuse to start a node whose id another member already has.
	 * @param node this node's id
	 * @param members the cluster's members
	 * @throws IllegalStateException if another member has the id
	 */
	static void refuseDuplicate(String node, Collection<Member> members) {
		for (Member member : members) {
			if (!member.localMember() && NodeIds.of(member).equals(node)) {
				throw new IllegalStateException("Member " + member.getUuid() + " of the cluster already has node id '"
						+ node + "', so this node cannot start: give each node a unique id in the member "
						+ "attribute '" + NodeIds.ATTRIBUTE + "' (or leave it unset to get a random one)");
			}
		}
	}

	/**
	 * Remember the holder of each node id among the members.
	 * @param members the cluster's members, oldest first
	 */
	void update(Collection<Member> members) {
		synchronized (this.holders) {
			this.holders.clear();
			for (Member member : members) {
				this.holders.putIfAbsent(NodeIds.of(member), member.getUuid());
			}
		}
	}

	/**
	 * Tell whether a member that joined holds its node id, and report it once if it does
	 * not. The holders are not updated.
	 * @param member the member that joined
	 * @param members the cluster's members, oldest first
	 * @return whether the member holds its node id
	 */
	boolean joined(Member member, Set<Member> members) {
		if (NodeIds.holdsId(member, members)) {
			return true;
		}
		reportDuplicate(member, NodeIds.of(member), members);
		return false;
	}

	/**
	 * Decide what the departure of a member means for its node, and update the holders.
	 * @param member the member that left
	 * @param members the remaining members, oldest first
	 * @return what happened to the node
	 */
	Departure departed(Member member, Set<Member> members) {
		String node = NodeIds.of(member);
		boolean held = held(node, member.getUuid());
		update(members);
		this.reportedDuplicates.remove(member.getUuid());
		if (!NodeIds.isMember(node, members)) {
			return Departure.GONE;
		}
		return (held) ? Departure.UNREACHABLE : Departure.NONE;
	}

	private boolean held(String node, UUID member) {
		synchronized (this.holders) {
			UUID holder = this.holders.get(node);
			return holder == null || holder.equals(member);
		}
	}

	private void reportDuplicate(Member member, String node, Set<Member> members) {
		if (!this.reportedDuplicates.add(member.getUuid())) {
			return;
		}
		UUID holder = members.stream()
			.filter((other) -> NodeIds.of(other).equals(node))
			.findFirst()
			.map(Member::getUuid)
			.orElse(null);
		this.errors.accept("Member " + member.getUuid() + " joined with node id '" + node + "', which member " + holder
				+ " already has; the younger member is not taken for the node. Give each node a unique id "
				+ "in the member attribute '" + NodeIds.ATTRIBUTE + "'");
	}

	/**
	 * What the departure of a member means for its node.
	 */
	enum Departure {

		/**
		 * No member has the node id any more: the node is gone, its pending calls fail.
		 */
		GONE,

		/**
		 * The member held the node id and a younger member with the same id remains: the
		 * calls pending on the node fail, but the node stays.
		 */
		UNREACHABLE,

		/**
		 * The member did not hold the node id: nothing changes for the node.
		 */
		NONE

	}

}
