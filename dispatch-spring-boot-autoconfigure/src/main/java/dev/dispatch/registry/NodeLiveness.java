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
import java.util.function.LongSupplier;

/**
 * When each node was last heard from. A node that has not been heard from for the silence
 * limit ({@code broadcast-period x max-silent-periods}) is silent: its services leave the
 * view until it is heard from again. Time is this node's monotonic clock, so clock skew
 * between nodes does not matter.
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

	NodeLiveness(Duration broadcastPeriod, int maxSilentPeriods) {
		this(broadcastPeriod, maxSilentPeriods, System::nanoTime);
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
		this.lastHeard.put(node, this.clock.getAsLong());
		return this.silent.remove(node);
	}

	boolean isSilent(String node) {
		return this.silent.contains(node);
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
