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

package dev.dispatch.routing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.dispatch.ServiceRef;

/**
 * How many messages this node has in flight to each service: every message its template
 * sent that is not settled yet. A count rises when a message is sent and falls once:
 * <ul>
 * <li>a call, when its future completes: reply, error, timeout, or its node gone;</li>
 * <li>a cast to a service of this node, when its handler has run (or failed), not when it
 * is enqueued: a queued cast is load that the service still has to carry;</li>
 * <li>a cast to another node, when that node acknowledges it, which it does after the
 * handler ran, in batches of up to 64 while the service is busy (so a busy remote
 * service's count may read high by that many), or when the cast is lost on the way or its
 * node leaves;</li>
 * <li>any message that could not be sent at all.</li>
 * </ul>
 * Counts are never cumulative: a service with nothing in flight has no entry.
 * <p>
 * Threads: calling threads count a message up ({@link #sent}), settle it when sending
 * fails at once, and read counts to route; the message is settled by the inbox's event
 * thread (remote replies and acknowledgements), the transport's timer (timeouts), a
 * service's handler thread (local calls and casts, or the caller's own thread for a local
 * call it runs itself), the membership thread (a node gone), the thread that publishes a
 * lost frame, or the thread that closes the transport. The actuator endpoint reads counts
 * on its request thread. Each count changes atomically in a {@link ConcurrentHashMap}; a
 * reader sees each count as it is at that moment, not all counts at one instant.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
public final class InFlightMessages {

	private final Map<String, Integer> counts = new ConcurrentHashMap<>();

	/**
	 * Count a message to a service as in flight.
	 * @param target the service
	 * @return what settles it: the count falls on its first run, and further runs do
	 * nothing
	 */
	public Runnable sent(ServiceRef target) {
		String serviceId = target.id();
		this.counts.merge(serviceId, 1, Integer::sum);
		return new Settlement(serviceId);
	}

	/**
	 * Return how many messages this node has in flight to a service.
	 * @param serviceId the service's id
	 * @return the number of messages, 0 when none
	 */
	public int count(String serviceId) {
		Integer count = this.counts.get(serviceId);
		return (count != null) ? count : 0;
	}

	/**
	 * Return the services with messages in flight, and how many.
	 * @return a copy of the counts, by service id
	 */
	public Map<String, Integer> counts() {
		return Map.copyOf(this.counts);
	}

	private void settle(String serviceId) {
		this.counts.computeIfPresent(serviceId, (id, count) -> (count > 1) ? count - 1 : null);
	}

	/**
	 * Settles one message, once.
	 */
	private final class Settlement extends AtomicBoolean implements Runnable {

		private final String serviceId;

		Settlement(String serviceId) {
			this.serviceId = serviceId;
		}

		@Override
		public void run() {
			if (compareAndSet(false, true)) {
				settle(this.serviceId);
			}
		}

	}

}
