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

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * How many messages this node may still have outstanding to each remote service: a cast
 * until the service's node acknowledges it, a call until its node answers or leaves.
 * <p>
 * Acknowledgements come from other members, so they are checked: only the service's own
 * node may acknowledge, and only casts that are outstanding; anything else is refused.
 * <p>
 * Threads: callers acquire; the inbox thread releases on acknowledgements and replies;
 * the membership thread forgets departed nodes.
 *
 * @author Dispatch team
 */
final class SendCredits {

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
		boolean[] acquired = new boolean[1];
		this.credits.compute(serviceId, (id, existing) -> {
			Credit credit = (existing != null) ? existing : new Credit(node);
			if (credit.outstanding < this.capacity) {
				credit.outstanding++;
				credit.casts += cast ? 1 : 0;
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
		this.credits.computeIfPresent(serviceId, (id, credit) -> credit.give((cast) ? 1 : 0, 1));
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
		this.credits.computeIfPresent(serviceId, (id, credit) -> {
			if (count <= 0 || !credit.node.equals(node) || count > credit.casts) {
				return credit;
			}
			accepted[0] = true;
			return credit.give(count, count);
		});
		return accepted[0];
	}

	void forgetNode(String node) {
		this.credits.values().removeIf((credit) -> credit.node.equals(node));
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

		private int casts;

		Credit(String node) {
			this.node = node;
		}

		@Nullable Credit give(int casts, int messages) {
			if (casts > this.casts || messages > this.outstanding) {
				return this;
			}
			this.casts -= casts;
			this.outstanding -= messages;
			return (this.outstanding > 0) ? this : null;
		}

	}

}
