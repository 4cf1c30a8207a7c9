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

package dev.dispatch.metrics;

import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import dev.dispatch.ServiceRef;

/**
 * {@link DispatchMetrics} that records Micrometer meters, tagged with the service type
 * and, where they apply, the outcome and the locality ({@code local} or {@code remote}).
 * The key and the node are never tags.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
public class MicrometerDispatchMetrics implements DispatchMetrics {

	/**
	 * Timer of calls, as the caller waits for them.
	 */
	public static final String CALLS = "dispatch.calls";

	/**
	 * Counter of casts.
	 */
	public static final String CASTS = "dispatch.casts";

	/**
	 * Counter of multi-casts, and of the services they reached.
	 */
	public static final String MULTICASTS = "dispatch.multicasts";

	/**
	 * Timer of the time spent in handlers on the serving node.
	 */
	public static final String HANDLER = "dispatch.handled";

	/**
	 * Counter of ring changes.
	 */
	public static final String RING_CHANGES = "dispatch.ring.changes";

	/**
	 * Counter of keys whose state moved, or failed or timed out moving.
	 */
	public static final String HANDOFFS = "dispatch.handoffs";

	/**
	 * The counter of keys whose state a backup took over.
	 */
	public static final String BACKUPS_PROMOTED = "dispatch.backups.promoted";

	/**
	 * The counter of keys whose state was lost with their owner and every backup.
	 */
	public static final String BACKUPS_LOST = "dispatch.backups.lost";

	/**
	 * The gauge of states not yet acknowledged by their backups.
	 */
	public static final String BACKUPS_LAG = "dispatch.backups.lag";

	/**
	 * Timer of hand-off batches on the service that hands off.
	 */
	public static final String HANDOFF_DURATION = "dispatch.handoff.duration";

	/**
	 * Counter of what other members sent that the cluster secret refused.
	 */
	public static final String SECURITY_REJECTED = "dispatch.security.rejected";

	/**
	 * Counter of messages routed by key to a service other than the key's owner.
	 */
	public static final String SPILLS = "dispatch.spills";

	private final MeterRegistry registry;

	public MicrometerDispatchMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void call(ServiceRef service, boolean local, String outcome, long nanos) {
		Timer.builder(CALLS)
			.description("Calls, as long as the caller waited")
			.tag("type", service.type())
			.tag("locality", locality(local))
			.tag("outcome", outcome)
			.register(this.registry)
			.record(nanos, TimeUnit.NANOSECONDS);
	}

	@Override
	public void cast(ServiceRef service, boolean local, String outcome) {
		Counter.builder(CASTS)
			.description("Casts sent, or refused")
			.tag("type", service.type())
			.tag("locality", locality(local))
			.tag("outcome", outcome)
			.register(this.registry)
			.increment();
	}

	@Override
	public void multiCast(String type, int sent) {
		Counter.builder(MULTICASTS)
			.description("Multi-casts sent")
			.tag("type", type)
			.register(this.registry)
			.increment();
		Counter.builder(MULTICASTS + ".services")
			.description("Services that multi-casts reached")
			.tag("type", type)
			.register(this.registry)
			.increment(sent);
	}

	@Override
	public void handled(ServiceRef service, String outcome, long nanos) {
		Timer.builder(HANDLER)
			.description("Time spent in handlers on the serving node")
			.tag("type", service.type())
			.tag("outcome", outcome)
			.register(this.registry)
			.record(nanos, TimeUnit.NANOSECONDS);
	}

	@Override
	public void ringChanged(String type) {
		Counter.builder(RING_CHANGES)
			.description("Changes of a type's ring on this node")
			.tag("type", type)
			.register(this.registry)
			.increment();
	}

	@Override
	public void handoffs(String type, String outcome, int keys) {
		Counter.builder(HANDOFFS)
			.description("Keys whose state moved to their new owner, or failed or timed out moving")
			.tag("type", type)
			.tag("outcome", outcome)
			.register(this.registry)
			.increment(keys);
	}

	@Override
	public void backupsPromoted(String type, int keys) {
		Counter.builder(BACKUPS_PROMOTED)
			.description("Keys whose state a backup took over after their owner left")
			.tag("type", type)
			.register(this.registry)
			.increment(keys);
	}

	@Override
	public void backupsLost(String type, int keys) {
		Counter.builder(BACKUPS_LOST)
			.description("Keys whose state was lost with their owner and every backup")
			.tag("type", type)
			.register(this.registry)
			.increment(keys);
	}

	@Override
	public void backupLag(String type, IntSupplier lag) {
		Gauge.builder(BACKUPS_LAG, lag::getAsInt)
			.description("States that wait for their backups to acknowledge them")
			.tag("type", type)
			.register(this.registry);
	}

	@Override
	public void handoffBatch(String type, long nanos) {
		Timer.builder(HANDOFF_DURATION)
			.description("Hand-off batches, from the first handOff to the last state sent")
			.tag("type", type)
			.register(this.registry)
			.record(nanos, TimeUnit.NANOSECONDS);
	}

	@Override
	public void spilled(String type) {
		Counter.builder(SPILLS)
			.description("Messages routed by key to a service other than the key's owner, whose bound was reached")
			.tag("type", type)
			.register(this.registry)
			.increment();
	}

	private static String locality(boolean local) {
		return local ? "local" : "remote";
	}

	@Override
	public void rejected(String kind, String reason) {
		Counter.builder(SECURITY_REJECTED)
			.description("What other members sent that the cluster secret refused")
			.tag("kind", kind)
			.tag("reason", reason)
			.register(this.registry)
			.increment();
	}

}
