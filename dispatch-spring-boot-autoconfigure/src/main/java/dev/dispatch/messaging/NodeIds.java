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

package dev.dispatch.messaging;

import com.hazelcast.cluster.Member;
import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;

/**
 * The id of a node: the {@value #ATTRIBUTE} attribute of its Hazelcast member, set once
 * when the member is configured, or the member's UUID when the attribute is missing.
 * <p>
 * The attribute is what keeps a node's id, and so its services and its inbox, the same
 * when a split-brain heal merges the node back: Hazelcast gives a merging member a new
 * UUID but keeps its attributes.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
public final class NodeIds {

	/**
	 * The member attribute that holds the node id.
	 */
	public static final String ATTRIBUTE = "dispatch.node";

	private NodeIds() {
	}

	/**
	 * Return the id of a member's node.
	 * @param member the member
	 * @return the node id
	 */
	public static String of(Member member) {
		String id = member.getAttribute(ATTRIBUTE);
		return (id != null) ? id : member.getUuid().toString();
	}

	/**
	 * Return the id of the local member's node.
	 * @param hazelcast the member
	 * @return the node id
	 */
	public static String local(HazelcastInstance hazelcast) {
		return of(hazelcast.getCluster().getLocalMember());
	}

	/**
	 * Return whether a member is the one that holds its node id: the oldest member with
	 * that id. A younger member that claims the same id (a restarted node whose old
	 * member has not yet been removed, or an impostor) does not speak for the node.
	 * @param member the member
	 * @param members the cluster's members, oldest first, as Hazelcast lists them
	 * @return whether the member holds its node id
	 */
	public static boolean holdsId(Member member, Iterable<Member> members) {
		String id = of(member);
		for (Member other : members) {
			if (other.getUuid().equals(member.getUuid())) {
				return true;
			}
			if (of(other).equals(id)) {
				return false;
			}
		}
		return false;
	}

	/**
	 * Return whether some member holds a node id.
	 * @param id the node id
	 * @param members the cluster's members
	 * @return whether a member has that id
	 */
	public static boolean isMember(String id, Iterable<Member> members) {
		for (Member member : members) {
			if (of(member).equals(id)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Give a member configuration a new node id, unless it has one.
	 * @param config the configuration of a member about to start
	 * @param id the id to give
	 */
	public static void assign(Config config, String id) {
		if (config.getMemberAttributeConfig().getAttribute(ATTRIBUTE) == null) {
			config.getMemberAttributeConfig().setAttribute(ATTRIBUTE, id);
		}
	}

}
