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
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Whose heartbeats this node refuses, and whether it is cut off from the others. A member
 * is refused while its heartbeats fail the cluster secret's check (it holds another
 * secret, or none) and no valid one has come from it since, up to the silence limit after
 * its last refused heartbeat. This node is cut off when it refuses at least one member,
 * has done so for longer than the silence limit, and has heard no valid heartbeat from
 * any other member for as long: its services and its view are then a cluster of their
 * own. A node that hears nothing at all, from members whose registry has not started, is
 * not cut off.
 * <p>
 * Threads: heartbeats are recorded on Hazelcast's topic event threads; the refused
 * members are read by the threads that ask for health or the actuator endpoint. The
 * records are thread-safe; those older than the silence limit are dropped whenever a
 * heartbeat is refused.
 *
 * @author Dispatch team
 */
final class HeartbeatRefusals {

	private final Map<String, Refusals> refused = new ConcurrentHashMap<>();

	private final long limitNanos;

	private final LongSupplier clock;

	private volatile long lastValid;

	HeartbeatRefusals(Duration silenceLimit) {
		this(silenceLimit, System::nanoTime);
	}

	/**
	 * Create a record that reads the given clock.
	 * @param silenceLimit {@code broadcast-period x max-silent-periods}
	 * @param clock the monotonic clock, in nanoseconds
	 */
	HeartbeatRefusals(Duration silenceLimit, LongSupplier clock) {
		this.limitNanos = silenceLimit.toNanos();
		this.clock = clock;
		this.lastValid = clock.getAsLong();
	}

	/**
	 * Record a heartbeat of another member that failed the secret's check.
	 * @param member the member's node id
	 */
	void refused(String member) {
		long now = this.clock.getAsLong();
		this.refused.values().removeIf((refusals) -> now - refusals.last > this.limitNanos);
		this.refused.compute(member, (key, refusals) -> (refusals != null && now - refusals.last <= this.limitNanos)
				? new Refusals(refusals.first, now) : new Refusals(now, now));
	}

	/**
	 * Record a valid heartbeat of another member.
	 * @param member the member's node id
	 */
	void accepted(String member) {
		this.lastValid = this.clock.getAsLong();
		this.refused.remove(member);
	}

	/**
	 * Return the members among the given ones that are refused now.
	 * @param members the other members of the cluster
	 * @return their ids, sorted
	 */
	List<String> refusedAmong(Collection<String> members) {
		long now = this.clock.getAsLong();
		List<String> refused = new ArrayList<>();
		for (String member : members) {
			Refusals refusals = this.refused.get(member);
			if (refusals != null && now - refusals.last <= this.limitNanos) {
				refused.add(member);
			}
		}
		refused.sort(null);
		return refused;
	}

	/**
	 * Return whether this node is cut off from the given members.
	 * @param members the other members of the cluster
	 * @return whether it refuses some of them, for longer than the silence limit, and has
	 * heard a valid heartbeat from none for as long
	 */
	boolean isCutOffFrom(Collection<String> members) {
		long now = this.clock.getAsLong();
		if (now - this.lastValid <= this.limitNanos) {
			return false;
		}
		for (String member : refusedAmong(members)) {
			Refusals refusals = this.refused.get(member);
			if (refusals != null && now - refusals.first > this.limitNanos) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The first and the last of a member's heartbeats refused in a row, none more than
	 * the silence limit after the one before.
	 */
	private record Refusals(long first, long last) {
	}

}
