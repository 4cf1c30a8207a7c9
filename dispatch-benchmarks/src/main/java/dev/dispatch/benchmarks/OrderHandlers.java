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

package dev.dispatch.benchmarks;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import com.hazelcast.core.ReadOnly;
import com.hazelcast.map.EntryProcessor;

import dev.dispatch.DispatchHandler;

/**
 * What serves an {@link Order} in the serving JVM of {@link CallComparison}: the Dispatch
 * services, and the entry processors that Hazelcast's {@code executeOnKey} runs. Each
 * replies with the order's item.
 *
 * @author Dispatch team
 */
final class OrderHandlers {

	/**
	 * Casts received by the Dispatch sink, and messages by the topic listener.
	 */
	static final AtomicLong dispatchCasts = new AtomicLong();

	static final AtomicLong topicMessages = new AtomicLong();

	private OrderHandlers() {
	}

	/**
	 * The Dispatch service that {@code call} reaches.
	 */
	public static final class Echo {

		@DispatchHandler
		public String order(Order order) {
			return order.item();
		}

	}

	/**
	 * The Dispatch service that {@code cast} reaches: counts.
	 */
	public static final class Sink {

		@DispatchHandler
		public void order(Order order) {
			dispatchCasts.incrementAndGet();
		}

	}

	/**
	 * Reads the entry and replies, on the partition thread, without a backup.
	 */
	static final class Read implements EntryProcessor<String, String, String>, ReadOnly {

		private final Order order;

		Read(Order order) {
			this.order = order;
		}

		@Override
		public String process(Map.Entry<String, String> entry) {
			return (entry.getValue() != null) ? this.order.item() : null;
		}

		@Override
		public EntryProcessor<String, String, String> getBackupProcessor() {
			return null;
		}

	}

	/**
	 * Writes the order's note to the entry and replies; Hazelcast runs it again on the
	 * entry's backup (backup-count 1, the default, held by the calling member).
	 */
	static final class Write implements EntryProcessor<String, String, String> {

		private final Order order;

		Write(Order order) {
			this.order = order;
		}

		@Override
		public String process(Map.Entry<String, String> entry) {
			entry.setValue(this.order.note());
			return this.order.item();
		}

	}

}
