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

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.dispatch.security.ThrottledLog;

/**
 * The acknowledgements of casts between nodes, both ways: a cast that a service of this
 * node handled or refused is acknowledged to its sender, in batches; an acknowledgement
 * that comes back gives the casts' credits back, only if that many are outstanding to the
 * node it came from.
 * <p>
 * Threads: handler workers count handled casts and flush; the inbox thread acknowledges
 * refused casts and takes acknowledgements. The counts are the endpoint's atomics.
 *
 * @author Dispatch team
 */
final class CastAcknowledgements {

	private static final Log logger = LogFactory.getLog(CastAcknowledgements.class);

	private final RemoteDelivery remote;

	private final int batch;

	private final ThrottledLog ignored = new ThrottledLog(logger);

	/**
	 * Create the acknowledgements.
	 * @param remote where they go
	 * @param mailboxCapacity the credits of one sender at one service: a quarter of them,
	 * at most 64, are acknowledged at once
	 */
	CastAcknowledgements(RemoteDelivery remote, int mailboxCapacity) {
		this.remote = remote;
		this.batch = Math.max(1, Math.min(64, mailboxCapacity / 4));
	}

	/**
	 * Acknowledge at once a cast that was not taken.
	 */
	void refused(String sender, String serviceId) {
		this.remote.sendTo(sender, Frames.ack(serviceId, 1), "an acknowledgement");
	}

	/**
	 * Count a handled cast, and acknowledge in batches: a sender's casts once a batch of
	 * them waits, and every sender's once the service has nothing left to do, so that no
	 * credit waits for the sender's next cast.
	 */
	void handled(String sender, ServiceEndpoint endpoint) {
		int count = endpoint.unacknowledgedCasts(sender).incrementAndGet();
		if (endpoint.hasNoWaitingMessages()) {
			flushIfIdle(endpoint);
		}
		else if (count >= this.batch) {
			flush(sender, endpoint);
		}
	}

	/**
	 * Acknowledge every sender's handled casts if the service has nothing left to do
	 * (after a call, say).
	 */
	void flushIfIdle(ServiceEndpoint endpoint) {
		if (endpoint.hasNoWaitingMessages()) {
			endpoint.sendersWithUnacknowledgedCasts().forEach((node) -> flush(node, endpoint));
		}
	}

	private void flush(String sender, ServiceEndpoint endpoint) {
		int taken = endpoint.unacknowledgedCasts(sender).getAndSet(0);
		if (taken > 0) {
			this.remote.sendTo(sender, Frames.ack(endpoint.getRef().id(), taken), "an acknowledgement");
		}
	}

	/**
	 * Give back the credits of casts that a node acknowledged.
	 */
	void received(String sender, String serviceId, int count) {
		if (!this.remote.credits().acknowledge(sender, serviceId, count)) {
			this.ignored.warn("Ignored an acknowledgement of " + count + " casts to service " + serviceId
					+ " from node " + sender + ": that many are not outstanding to that node");
		}
	}

}
