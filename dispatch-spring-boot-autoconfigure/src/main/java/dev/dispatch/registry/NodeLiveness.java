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

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * When each node was last heard from. A node that has not been heard from for the silence
 * limit ({@code broadcast-period x max-silent-periods}) is silent: its services leave the
 * view until it is heard from again. With a cluster secret, a node's services enter the
 * view only once it has been heard from: its heartbeats are signed, and its entries alone
 * could be recorded ones put back by a member that claims its id. Time is this node's
 * monotonic clock, so clock skew between nodes does not matter.
 *
 * @author Dispatch team
 */
final class NodeLiveness {

	private final Map<String, Long> lastHeard = new ConcurrentHashMap<>();

	private final Set<String> silent = ConcurrentHashMap.newKeySet();

	private final long silenceNanos;

	private final long pauseNanos;

	private final LongSupplier clock;

	private long lastCheck;

	private boolean heardFirst;

	NodeLiveness(Duration broadcastPeriod, int maxSilentPeriods, boolean heardFirst) {
		this(broadcastPeriod, maxSilentPeriods, System::nanoTime);
		this.heardFirst = heardFirst;
	}

	/**
	 * Create a liveness record that reads the given clock.
	 * @param broadcastPeriod how often nodes broadcast a sign of life
	 * @param maxSilentPeriods how many periods a node may miss before it is silent
	 * @param clock the monotonic clock, in nanoseconds
	 */
	NodeLiveness(Duration broadcastPeriod, int maxSilentPeriods, LongSupplier clock) {
		this.silenceNanos = broadcastPeriod.multipliedBy(maxSilentPeriods).toNanos();
		this.pauseNanos = this.silenceNanos + broadcastPeriod.toNanos();
		this.clock = clock;
		this.lastCheck = clock.getAsLong();
	}

	/**
	 * Record a sign of life.
	 * @param node the node
	 * @return whether the node had been silent
	 */
	boolean heard(String node) {
		boolean first = this.lastHeard.put(node, this.clock.getAsLong()) == null;
		boolean wasSilent = this.silent.remove(node) || (this.heardFirst && first);
		if (first) {
			synchronized (this) {
				notifyAll();
			}
		}
		return wasSilent;
	}

	boolean hasHeard(String node) {
		return this.lastHeard.containsKey(node);
	}

	/**
	 * Return whether a node's services are out of the view for want of a sign of life: it
	 * went silent, or, when nodes must be heard first, it has not been heard from yet.
	 * @param node the node
	 * @return whether it is silent
	 */
	boolean isSilent(String node) {
		return this.silent.contains(node) || (this.heardFirst && !this.lastHeard.containsKey(node));
	}

	/**
	 * When nodes must be heard first, wait until every node has been heard from, for one
	 * broadcast period at most (each node beats once per period).
	 * @param nodes the nodes
	 * @throws InterruptedException if the thread is interrupted while it waits
	 */
	synchronized void awaitHeard(Collection<String> nodes) throws InterruptedException {
		long timeout = this.heardFirst ? this.pauseNanos - this.silenceNanos : 0;
		long deadline = System.nanoTime() + timeout;
		for (long left = timeout; left > 0
				&& !this.lastHeard.keySet().containsAll(nodes); left = deadline - System.nanoTime()) {
			TimeUnit.NANOSECONDS.timedWait(this, left);
		}
	}

	void forget(String node) {
		this.lastHeard.remove(node);
		this.silent.remove(node);
	}

	/**
	 * Find the members that have just gone silent. A member is judged only once it has
	 * been heard from: a node whose registry has not started yet has no services to drop.
	 * When this node itself was paused for longer than the silence limit, the others'
	 * silence is its own doing: the clocks restart instead. Called from one thread, once
	 * per broadcast period.
	 * @param members the other members of the cluster
	 * @return the nodes that went silent since the last check
	 */
	List<String> newlySilent(Collection<String> members) {
		long now = this.clock.getAsLong();
		long sinceLastCheck = now - this.lastCheck;
		this.lastCheck = now;
		if (sinceLastCheck > this.pauseNanos) {
			this.lastHeard.replaceAll((node, last) -> now);
			return List.of();
		}
		List<String> newlySilent = new ArrayList<>();
		for (String node : members) {
			Long last = this.lastHeard.get(node);
			if (last != null && now - last > this.silenceNanos && this.silent.add(node)) {
				newlySilent.add(node);
			}
		}
		return newlySilent;
	}

}
