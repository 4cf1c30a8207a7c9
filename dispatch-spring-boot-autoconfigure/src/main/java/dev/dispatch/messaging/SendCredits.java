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

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * How many messages this node may still have outstanding to each remote service: a cast
 * until the service's node acknowledges it, a call until its node answers or leaves.
 * <p>
 * Each outstanding cast holds what to run once it is settled: the oldest ones run when
 * casts are acknowledged, a lost cast's own when it is given back, and all of a node's
 * when the node is forgotten. They run after the credits are updated, never under the
 * map's lock.
 * <p>
 * Acknowledgements come from other members, so they are checked: only the service's own
 * node may acknowledge, and only casts that are outstanding; anything else is refused.
 * <p>
 * Threads: callers acquire; the inbox thread releases on acknowledgements and replies;
 * whichever thread publishes a lost frame gives its credit back; the membership thread
 * forgets departed nodes.
 *
 * @author Dispatch team
 */
final class SendCredits {

	private static final Runnable NOTHING = () -> {
	};

	private final Map<String, Credit> credits = new ConcurrentHashMap<>();

	private final int capacity;

	SendCredits(int capacity) {
		this.capacity = capacity;
	}

	/**
	 * Take a credit for one message to a service.
	 * @param node the service's node
	 * @param serviceId the service
	 * @param cast whether the message is a cast, which an acknowledgement gives back
	 * @return whether a credit was free
	 */
	boolean tryAcquire(String node, String serviceId, boolean cast) {
		return tryAcquire(node, serviceId, cast ? NOTHING : null);
	}

	/**
	 * Take a credit for one cast to a service.
	 * @param node the service's node
	 * @param serviceId the service
	 * @param settled what to run once the cast is settled
	 * @return whether a credit was free
	 */
	boolean tryAcquireCast(String node, String serviceId, Runnable settled) {
		return tryAcquire(node, serviceId, settled);
	}

	private boolean tryAcquire(String node, String serviceId, @Nullable Runnable castSettled) {
		boolean[] acquired = new boolean[1];
		this.credits.compute(serviceId, (id, existing) -> {
			Credit credit = (existing != null) ? existing : new Credit(node);
			if (credit.outstanding < this.capacity) {
				credit.outstanding++;
				if (castSettled != null) {
					if (credit.casts.isEmpty()) {
						credit.lastProgress = System.nanoTime();
					}
					credit.casts.add(castSettled);
				}
				acquired[0] = true;
			}
			return (credit.outstanding > 0) ? credit : null;
		});
		return acquired[0];
	}

	/**
	 * Give back the credit of a call that was settled, or of a cast that never left.
	 * @param serviceId the service
	 * @param cast whether it was a cast
	 */
	void release(String serviceId, boolean cast) {
		List<Runnable> settled = new ArrayList<>(1);
		this.credits.computeIfPresent(serviceId, (id, credit) -> credit.give(cast ? 1 : 0, 1, settled));
		settled.forEach(Runnable::run);
	}

	/**
	 * Give back the credit of a cast that never left, and run what it holds.
	 * @param serviceId the service
	 * @param settled what the cast holds
	 */
	void releaseCast(String serviceId, Runnable settled) {
		boolean[] found = new boolean[1];
		this.credits.computeIfPresent(serviceId, (id, credit) -> {
			found[0] = credit.casts.removeFirstOccurrence(settled);
			return found[0] ? credit.give(0, 1, List.of()) : credit;
		});
		if (found[0]) {
			settled.run();
		}
	}

	/**
	 * Give back the credits of casts that a service's node acknowledged.
	 * @param node the node that acknowledged
	 * @param serviceId the service
	 * @param count how many casts
	 * @return whether the acknowledgement was accepted: from the service's node, for a
	 * positive count of outstanding casts
	 */
	boolean acknowledge(String node, String serviceId, int count) {
		boolean[] accepted = new boolean[1];
		List<Runnable> settled = new ArrayList<>(Math.max(0, Math.min(count, 64)));
		this.credits.computeIfPresent(serviceId, (id, credit) -> {
			if (count <= 0 || !credit.node.equals(node) || count > credit.casts.size()) {
				return credit;
			}
			accepted[0] = true;
			return credit.give(count, count, settled);
		});
		settled.forEach(Runnable::run);
		return accepted[0];
	}

	/**
	 * Give back the credits of the casts to services whose node has acknowledged none of
	 * them for a while, settling them: a batch refused on arrival (by the cluster secret,
	 * say) is never acknowledged, and its credits must not be lost for as long as both
	 * nodes live. The receiver still bounds what one sender may have waiting there.
	 * @param nowNanos the time now
	 * @param silenceNanos how long without an acknowledgement
	 * @return how many casts were given back
	 */
	int expireUnacknowledged(long nowNanos, long silenceNanos) {
		List<Runnable> settled = new ArrayList<>();
		for (String serviceId : this.credits.keySet()) {
			this.credits.computeIfPresent(serviceId, (id, credit) -> {
				if (credit.casts.isEmpty() || nowNanos - credit.lastProgress < silenceNanos) {
					return credit;
				}
				return credit.give(credit.casts.size(), credit.casts.size(), settled);
			});
		}
		settled.forEach(Runnable::run);
		return settled.size();
	}

	/**
	 * Forget the credits of a node that left, settling its outstanding casts.
	 * @param node the node
	 */
	void forgetNode(String node) {
		List<Runnable> settled = new ArrayList<>();
		for (String serviceId : this.credits.keySet()) {
			this.credits.computeIfPresent(serviceId, (id, credit) -> {
				if (!credit.node.equals(node)) {
					return credit;
				}
				settled.addAll(credit.casts);
				return null;
			});
		}
		settled.forEach(Runnable::run);
	}

	/**
	 * Return how many messages to a service hold a credit.
	 * @param serviceId the service
	 * @return the number of outstanding messages
	 */
	int outstanding(String serviceId) {
		Credit credit = this.credits.get(serviceId);
		return (credit != null) ? credit.outstanding : 0;
	}

	/**
	 * Return how many services have messages outstanding.
	 * @return the number of services
	 */
	int size() {
		return this.credits.size();
	}

	int capacity() {
		return this.capacity;
	}

	/**
	 * The credits of one service, changed only inside the map's atomic updates of its
	 * key, and dropped when nothing is outstanding, so that services that come and go
	 * leave nothing behind.
	 */
	private static final class Credit {

		private final String node;

		private volatile int outstanding;

		/**
		 * What each outstanding cast runs once settled, oldest first.
		 */
		private final ArrayDeque<Runnable> casts = new ArrayDeque<>();

		/**
		 * When a cast was last acquired with none outstanding, or acknowledged.
		 */
		private long lastProgress = System.nanoTime();

		Credit(String node) {
			this.node = node;
		}

		/**
		 * Give back messages, the oldest {@code casts} of them casts whose settlements
		 * are added to {@code settled}.
		 */
		@Nullable Credit give(int casts, int messages, List<Runnable> settled) {
			if (casts > this.casts.size() || messages > this.outstanding) {
				return this;
			}
			for (int i = 0; i < casts; i++) {
				settled.add(this.casts.poll());
			}
			if (casts > 0) {
				this.lastProgress = System.nanoTime();
			}
			this.outstanding -= messages;
			return (this.outstanding > 0) ? this : null;
		}

	}

}
