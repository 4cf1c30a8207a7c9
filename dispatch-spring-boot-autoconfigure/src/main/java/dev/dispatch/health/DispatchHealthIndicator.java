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

package dev.dispatch.health;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

import dev.dispatch.registry.ClusterFormation;
import dev.dispatch.registry.ClusterState;

/**
 * Health of this Dispatch node: DOWN when its Hazelcast member is not running or its
 * registry has not started, OUT_OF_SERVICE while it drains on its way out (its services
 * are offline but still finish the messages they have accepted), DOWN when it is cut off
 * from the others (it refuses their heartbeats, as a node with another cluster secret
 * does, and has heard no valid one for longer than the silence limit), with the members
 * it refuses, UP otherwise, with the cluster's member count, the local node id and the
 * number of local services. It belongs to the readiness group of the availability probes,
 * so that a node is not ready before it has joined and from the moment it starts to
 * drain.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
public class DispatchHealthIndicator extends AbstractHealthIndicator {

	private final ClusterState registry;

	private @Nullable ClusterFormation formation;

	public DispatchHealthIndicator(ClusterState registry) {
		super("Dispatch health check failed");
		this.registry = registry;
	}

	/**
	 * Set what tells whether this node, given members to join, is alone: then the details
	 * say {@code alone} and list the {@code unreachableMembers}, and the status stays as
	 * it is, since a cluster of one may be all there is. None by default.
	 * @param formation the watch of the cluster's formation, or {@code null}
	 */
	public void setClusterFormation(@Nullable ClusterFormation formation) {
		this.formation = formation;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		builder.withDetail("node", this.registry.getLocalNode());
		if (!this.registry.isClusterRunning()) {
			builder.down().withDetail("reason", "The Hazelcast member is not running");
			return;
		}
		if (this.registry.isDraining()) {
			builder.outOfService()
				.withDetail("reason", "The node is draining: its services are offline and finish the messages "
						+ "they have accepted");
			return;
		}
		if (!this.registry.isRunning()) {
			builder.down().withDetail("reason", "The registry is not running");
			return;
		}
		if (this.registry.isCutOff()) {
			builder.down()
				.withDetail("reason",
						"This node refuses the heartbeats of every other member, or they refuse its: "
								+ "it has heard no valid heartbeat from any for longer than the silence limit, and its "
								+ "services are a cluster of their own. Check that every node has the same "
								+ "dispatch.security.secret")
				.withDetail("refusedMembers", this.registry.getRefusedMembers())
				.withDetail("members", this.registry.getMembers().size());
			return;
		}
		builder.up()
			.withDetail("members", this.registry.getMembers().size())
			.withDetail("localServices", this.registry.getLocalServices().size())
			.withDetail("types", this.registry.getTypes().size());
		List<String> unreachable = (this.formation != null) ? this.formation.getUnreachableMembers() : List.of();
		if (!unreachable.isEmpty()) {
			builder.withDetail("alone", true).withDetail("unreachableMembers", unreachable);
		}
	}

}
