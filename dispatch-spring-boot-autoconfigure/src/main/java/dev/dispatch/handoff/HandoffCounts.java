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

package dev.dispatch.handoff;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

import dev.dispatch.ServiceRef;
import dev.dispatch.metrics.DispatchMetrics;

/**
 * The keys whose state this node's services handed off, or failed to, per type and
 * outcome, counted on their way to the node's metrics, so that they can be shown with no
 * meter registry as well.
 *
 * @author Dispatch team
 */
final class HandoffCounts {

	private final Map<String, Map<String, LongAdder>> counts = new ConcurrentHashMap<>();

	/**
	 * Return metrics that count hand-offs here and pass everything on.
	 * @param metrics where everything goes
	 * @return the counting metrics
	 */
	DispatchMetrics counting(DispatchMetrics metrics) {
		return new Counting(metrics);
	}

	/**
	 * Return the keys of a type counted so far, per outcome.
	 * @param type the type
	 * @return the counts, sorted by outcome; empty before the first hand-off
	 */
	Map<String, Long> of(String type) {
		Map<String, LongAdder> outcomes = this.counts.get(type);
		Map<String, Long> counted = new TreeMap<>();
		if (outcomes != null) {
			outcomes.forEach((outcome, keys) -> counted.put(outcome, keys.sum()));
		}
		return counted;
	}

	private void add(String type, String outcome, int keys) {
		this.counts.computeIfAbsent(type, (key) -> new ConcurrentHashMap<>())
			.computeIfAbsent(outcome, (key) -> new LongAdder())
			.add(keys);
	}

	/**
	 * Counts hand-offs and passes every measure on.
	 */
	private final class Counting implements DispatchMetrics {

		private final DispatchMetrics metrics;

		Counting(DispatchMetrics metrics) {
			this.metrics = metrics;
		}

		@Override
		public void handoffs(String type, String outcome, int keys) {
			add(type, outcome, keys);
			this.metrics.handoffs(type, outcome, keys);
		}

		@Override
		public void call(ServiceRef service, boolean local, String outcome, long nanos) {
			this.metrics.call(service, local, outcome, nanos);
		}

		@Override
		public void cast(ServiceRef service, boolean local, String outcome) {
			this.metrics.cast(service, local, outcome);
		}

		@Override
		public void multiCast(String type, int sent) {
			this.metrics.multiCast(type, sent);
		}

		@Override
		public void handled(ServiceRef service, String outcome, long nanos) {
			this.metrics.handled(service, outcome, nanos);
		}

		@Override
		public void ringChanged(String type) {
			this.metrics.ringChanged(type);
		}

		@Override
		public void backupsPromoted(String type, int keys) {
			this.metrics.backupsPromoted(type, keys);
		}

		@Override
		public void backupsLost(String type, int keys) {
			this.metrics.backupsLost(type, keys);
		}

		@Override
		public void backupLag(String type, IntSupplier lag) {
			this.metrics.backupLag(type, lag);
		}

		@Override
		public void handoffBatch(String type, long nanos) {
			this.metrics.handoffBatch(type, nanos);
		}

		@Override
		public void spilled(String type) {
			this.metrics.spilled(type);
		}

		@Override
		public void rejected(String kind, String reason) {
			this.metrics.rejected(kind, reason);
		}

	}

}
