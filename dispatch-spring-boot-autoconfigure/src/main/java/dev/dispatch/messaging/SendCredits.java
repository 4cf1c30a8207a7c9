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
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many messages this node may still have outstanding to each service of another node.
 * A message takes a credit when it is sent; the receiver gives credits back as it handles
 * casts, and a reply gives back the credit of its call. This bounds the memory of both
 * sides when a receiver falls behind.
 *
 * @author Dispatch team
 */
final class SendCredits {

	private final Map<String, Credit> credits = new ConcurrentHashMap<>();

	private final int capacity;

	SendCredits(int capacity) {
		this.capacity = capacity;
	}

	boolean tryAcquire(String node, String serviceId) {
		Credit credit = this.credits.computeIfAbsent(serviceId, (id) -> new Credit(node));
		if (credit.outstanding.incrementAndGet() > this.capacity) {
			credit.outstanding.decrementAndGet();
			return false;
		}
		return true;
	}

	void release(String serviceId, int count) {
		Credit credit = this.credits.get(serviceId);
		if (credit != null) {
			credit.outstanding.updateAndGet((outstanding) -> Math.max(0, outstanding - count));
		}
	}

	void forgetNode(String node) {
		this.credits.values().removeIf((credit) -> credit.node.equals(node));
	}

	int capacity() {
		return this.capacity;
	}

	private static final class Credit {

		private final String node;

		private final AtomicInteger outstanding = new AtomicInteger();

		Credit(String node) {
			this.node = node;
		}

	}

}
