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

package dev.dispatch.test.autoconfigure;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import dev.dispatch.ServiceInfo;
import dev.dispatch.ServiceRef;
import dev.dispatch.registry.ClusterState;

/**
 * Whether the nodes of a {@link DispatchTestCluster} agree: every node is a member of the
 * same cluster as all the others and, for every service type, sees exactly the services
 * that are online on the running nodes, with the same ring checksum.
 * <p>
 * Threads: {@link #await} and {@link #poll} poll on the calling thread.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
final class Convergence {

	private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

	private Convergence() {
	}

	/**
	 * Wait until the nodes agree.
	 * @param nodes the running nodes' states, asked again on every poll
	 * @param timeout how long to wait
	 * @throws AssertionError when they still disagree after the timeout, saying how
	 */
	static void await(Supplier<List<ClusterState>> nodes, Duration timeout) {
		AtomicReference<@Nullable String> last = new AtomicReference<>();
		boolean agreed = poll(() -> {
			last.set(disagreement(nodes.get()));
			return last.get() == null;
		}, timeout);
		if (!agreed) {
			throw new AssertionError("The nodes did not converge within " + timeout + ": " + last.get());
		}
	}

	/**
	 * Wait until a condition holds.
	 * @param condition the condition, tested every 10 ms
	 * @param timeout how long to wait
	 * @return whether it held within the timeout
	 */
	static boolean poll(BooleanSupplier condition, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() - deadline > 0) {
				return false;
			}
			LockSupport.parkNanos(POLL_NANOS);
		}
		return true;
	}

	/**
	 * Return how the nodes disagree.
	 * @param nodes the running nodes' states
	 * @return a description of the first disagreement found, or {@code null} when they
	 * agree
	 */
	static @Nullable String disagreement(List<ClusterState> nodes) {
		Set<String> ids = nodes.stream().map(ClusterState::getLocalNode).collect(Collectors.toSet());
		for (ClusterState node : nodes) {
			if (!node.isRunning()) {
				return "node " + node.getLocalNode() + " is not running";
			}
			Set<String> members = new HashSet<>(node.getMembers());
			if (!members.equals(ids)) {
				return "node " + node.getLocalNode() + " has members " + members + " instead of " + ids;
			}
		}
		Map<String, Set<ServiceRef>> online = online(nodes);
		for (Map.Entry<String, Set<ServiceRef>> type : online.entrySet()) {
			Long checksum = null;
			for (ClusterState node : nodes) {
				Set<ServiceRef> seen = node.getOnlineServices(type.getKey())
					.stream()
					.map(ServiceInfo::ref)
					.collect(Collectors.toSet());
				if (!seen.equals(type.getValue())) {
					return "node " + node.getLocalNode() + " sees " + seen.size() + " online services of type '"
							+ type.getKey() + "' instead of " + type.getValue().size() + ": " + seen;
				}
				long ring = node.getRingChecksum(type.getKey());
				if (checksum != null && ring != checksum) {
					return "the nodes' rings of type '" + type.getKey() + "' differ";
				}
				checksum = ring;
			}
		}
		return null;
	}

	/**
	 * The services online on the nodes, by type, with an empty set for a type that a node
	 * knows of but no node serves.
	 */
	private static Map<String, Set<ServiceRef>> online(List<ClusterState> nodes) {
		Map<String, Set<ServiceRef>> online = new TreeMap<>();
		for (ClusterState node : nodes) {
			for (String type : node.getTypes()) {
				online.computeIfAbsent(type, (key) -> new HashSet<>());
			}
			for (ServiceInfo local : node.getLocalServices()) {
				Set<ServiceRef> refs = online.computeIfAbsent(local.ref().type(), (key) -> new HashSet<>());
				if (local.isOnline()) {
					refs.add(local.ref());
				}
			}
		}
		return online;
	}

}
