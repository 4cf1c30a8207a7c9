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
 * When each node was last heard from, and whether it has been silent for too long. The
 * silence limit of a node adapts to how its heartbeats have arrived
 * ({@link HeartbeatIntervals}: the mean plus six standard deviations of the last
 * intervals, or the longest of them plus the mean): at least
 * {@code broadcast-period x max-silent-periods}, the limit of a node heard at a steady
 * pace, and at most four times that, for a node heard at an irregular pace. A silent
 * node's services leave the view until it is heard from again. Silence is counted on this
 * node's heartbeat timer: when a tick of the timer comes late, the delay is not counted
 * against anyone (a starved node would otherwise blame the others for its own lateness),
 * and when this node itself was paused for longer than the silence limit, the clocks
 * restart. With a cluster secret, a node's services enter the view only once it has been
 * heard from: its heartbeats are signed, and its entries alone could be recorded ones put
 * back by a member that claims its id. Time is this node's monotonic clock, so clock skew
 * between nodes does not matter.
 * <p>
 * Threads: {@code heard} runs on Hazelcast's topic event threads, {@code newlySilent} on
 * the heartbeat thread {@code dispatch-heartbeat-} only, {@code forget} on the membership
 * event thread, and {@code isSilent} on every thread that rebuilds the view. Each node's
 * record is changed under its own lock; the delay forgiven so far is written only by the
 * heartbeat thread.
 *
 * @author Dispatch team
 */
final class NodeLiveness {

	private static final int CEILING_FACTOR = 4;

	private final Map<String, Heard> heard = new ConcurrentHashMap<>();

	private final Set<String> silent = ConcurrentHashMap.newKeySet();

	private final long periodNanos;

	private final long silenceNanos;

	private final long pauseNanos;

	private final LongSupplier clock;

	private long lastCheck;

	private volatile long forgiven;

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
		this.periodNanos = broadcastPeriod.toNanos();
		this.silenceNanos = broadcastPeriod.multipliedBy(maxSilentPeriods).toNanos();
		this.pauseNanos = this.silenceNanos + this.periodNanos;
		this.clock = clock;
		this.lastCheck = clock.getAsLong();
	}

	/**
	 * Record a sign of life.
	 * @param node the node
	 * @return whether the node had been silent
	 */
	boolean heard(String node) {
		long now = this.clock.getAsLong();
		boolean[] first = new boolean[1];
		Heard record = this.heard.computeIfAbsent(node, (key) -> {
			first[0] = true;
			return new Heard();
		});
		boolean wasSilent;
		synchronized (record) {
			wasSilent = this.silent.remove(node);
			record.arrived(now, this.forgiven, !wasSilent);
		}
		if (first[0]) {
			synchronized (this) {
				notifyAll();
			}
		}
		return wasSilent || (this.heardFirst && first[0]);
	}

	boolean hasHeard(String node) {
		return this.heard.containsKey(node);
	}

	/**
	 * Return whether a node's services are out of the view for want of a sign of life: it
	 * went silent, or, when nodes must be heard first, it has not been heard from yet.
	 * @param node the node
	 * @return whether it is silent
	 */
	boolean isSilent(String node) {
		return this.silent.contains(node) || (this.heardFirst && !this.heard.containsKey(node));
	}

	/**
	 * When nodes must be heard first, wait until every node has been heard from, for one
	 * broadcast period at most (each node beats once per period).
	 * @param nodes the nodes
	 * @throws InterruptedException if the thread is interrupted while it waits
	 */
	synchronized void awaitHeard(Collection<String> nodes) throws InterruptedException {
		long timeout = this.heardFirst ? this.periodNanos : 0;
		long deadline = System.nanoTime() + timeout;
		for (long left = timeout; left > 0
				&& !this.heard.keySet().containsAll(nodes); left = deadline - System.nanoTime()) {
			TimeUnit.NANOSECONDS.timedWait(this, left);
		}
	}

	void forget(String node) {
		this.heard.remove(node);
		this.silent.remove(node);
	}

	/**
	 * Find the members that have just gone silent. A member is judged only once it has
	 * been heard from: a node whose registry has not started yet has no services to drop.
	 * When this node itself was paused for longer than the silence limit, the others'
	 * silence is its own doing: the clocks restart instead. When the check comes later
	 * than one period after the last, the delay is forgiven. Called from one thread, once
	 * per broadcast period.
	 * @param members the other members of the cluster
	 * @return the nodes that went silent since the last check
	 */
	List<String> newlySilent(Collection<String> members) {
		long now = this.clock.getAsLong();
		long sinceLastCheck = now - this.lastCheck;
		this.lastCheck = now;
		if (sinceLastCheck > this.pauseNanos) {
			this.heard.values().forEach((record) -> record.restart(now, this.forgiven));
			return List.of();
		}
		if (sinceLastCheck > this.periodNanos) {
			this.forgiven += sinceLastCheck - this.periodNanos;
		}
		long ceiling = CEILING_FACTOR * this.silenceNanos;
		List<String> newlySilent = new ArrayList<>();
		for (String node : members) {
			Heard record = this.heard.get(node);
			if (record != null) {
				synchronized (record) {
					if (record.silence(now, this.forgiven) > record.intervals.limit(this.silenceNanos, ceiling)
							&& this.silent.add(node)) {
						newlySilent.add(node);
					}
				}
			}
		}
		return newlySilent;
	}

	/**
	 * What this node has heard of another: when it was last heard from, the delay of this
	 * node's timer forgiven until then, and the intervals between its heartbeats. Guarded
	 * by its own lock.
	 */
	private static final class Heard {

		final HeartbeatIntervals intervals = new HeartbeatIntervals();

		private long last;

		private long forgivenAtLast;

		private boolean counting;

		/**
		 * Record a heartbeat, and the interval since the last one unless that one is not
		 * to count: the first, one before a pause of this node, or one before a silence
		 * that made the node silent, which says nothing of the pace of a live node.
		 */
		void arrived(long now, long forgiven, boolean countInterval) {
			if (this.counting && countInterval) {
				this.intervals.add(now - this.last);
			}
			this.last = now;
			this.forgivenAtLast = forgiven;
			this.counting = true;
		}

		void restart(long now, long forgiven) {
			synchronized (this) {
				this.last = now;
				this.forgivenAtLast = forgiven;
				this.counting = false;
			}
		}

		long silence(long now, long forgiven) {
			return now - this.last - (forgiven - this.forgivenAtLast);
		}

	}

}
