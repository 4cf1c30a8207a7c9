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

import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.hazelcast.cluster.Address;
import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.impl.MemberImpl;
import org.junit.jupiter.api.Test;

import dev.dispatch.messaging.NodeIds;
import dev.dispatch.registry.NodeIdHolders.Departure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * Which member holds a node id, given the members oldest first: the younger of two
 * members with one id is reported once and neither revives nor ends the node.
 *
 * @author Dispatch team
 */
class NodeIdHoldersTests {

	private final List<String> errors = new ArrayList<>();

	private final NodeIdHolders holders = new NodeIdHolders(this.errors::add);

	private int port = 5701;

	@Test
	void memberWithANewIdHoldsIt() {
		Member a = member("a");
		Member b = member("b");
		assertThat(this.holders.joined(b, members(a, b))).isTrue();
		assertThat(this.errors).isEmpty();
	}

	@Test
	void youngerMemberWithTheSameIdDoesNotHoldItAndIsReportedOnce() {
		Member old = member("a");
		Member impostor = member("a");
		Set<Member> members = members(old, impostor);
		assertThat(this.holders.joined(impostor, members)).isFalse();
		assertThat(this.holders.joined(impostor, members)).isFalse();
		assertThat(this.errors).singleElement()
			.asString()
			.contains("Member " + impostor.getUuid() + " joined with node id 'a', which member " + old.getUuid());
	}

	@Test
	void duplicateIsReportedAgainAfterItLeftAndCameBack() {
		Member old = member("a");
		Member impostor = member("a");
		this.holders.update(members(old, impostor));
		this.holders.joined(impostor, members(old, impostor));
		this.holders.departed(impostor, members(old));
		this.holders.joined(impostor, members(old, impostor));
		assertThat(this.errors).hasSize(2);
	}

	@Test
	void departureOfTheLastMemberWithTheIdEndsTheNode() {
		Member a = member("a");
		Member b = member("b");
		this.holders.update(members(a, b));
		assertThat(this.holders.departed(b, members(a))).isEqualTo(Departure.GONE);
	}

	@Test
	void departureOfTheYoungerMemberLeavesTheNodeAlone() {
		Member old = member("a");
		Member impostor = member("a");
		this.holders.update(members(old, impostor));
		assertThat(this.holders.departed(impostor, members(old))).isEqualTo(Departure.NONE);
	}

	@Test
	void departureOfTheHolderWhileAYoungerMemberHasTheIdMakesTheNodeUnreachable() {
		Member old = member("a");
		Member restarted = member("a");
		this.holders.update(members(old, restarted));
		assertThat(this.holders.departed(old, members(restarted))).isEqualTo(Departure.UNREACHABLE);
		assertThat(this.holders.departed(restarted, members())).isEqualTo(Departure.GONE);
	}

	@Test
	void holdersFollowTheLatestMembers() {
		Member old = member("a");
		Member restarted = member("a");
		this.holders.update(members(old, restarted));
		this.holders.departed(old, members(restarted));
		Member third = member("a");
		assertThat(this.holders.departed(third, members(restarted))).isEqualTo(Departure.NONE);
	}

	@Test
	void departureOfAMemberWhoseIdHadNoKnownHolderIsTakenForTheHolder() {
		Member old = member("a");
		Member restarted = member("a");
		assertThat(this.holders.departed(old, members(restarted))).isEqualTo(Departure.UNREACHABLE);
	}

	@Test
	void nodeWhoseIdAnotherMemberHasCannotStart() {
		Member other = member("a");
		Member local = member("a", true);
		assertThatIllegalStateException().isThrownBy(() -> NodeIdHolders.refuseDuplicate("a", members(other, local)))
			.withMessageContaining("Member " + other.getUuid() + " of the cluster already has node id 'a'")
			.withMessageContaining(NodeIds.ATTRIBUTE);
	}

	@Test
	void nodeWhoseIdOnlyItsOwnMemberHasStarts() {
		Member local = member("a", true);
		assertThatNoException().isThrownBy(() -> NodeIdHolders.refuseDuplicate("a", members(member("b"), local)));
	}

	private Member member(String node) {
		return member(node, false);
	}

	private Member member(String node, boolean local) {
		try {
			return new MemberImpl.Builder(new Address("127.0.0.1", this.port++)).uuid(UUID.randomUUID())
				.attributes(Map.of(NodeIds.ATTRIBUTE, node))
				.localMember(local)
				.build();
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Set<Member> members(Member... members) {
		return new LinkedHashSet<>(List.of(members));
	}

}
