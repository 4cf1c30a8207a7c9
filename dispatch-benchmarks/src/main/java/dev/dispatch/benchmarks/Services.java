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

import java.util.concurrent.atomic.AtomicLong;

import dev.dispatch.DispatchHandler;

/**
 * The Dispatch services of the serving JVM of the benchmarks, and their messages.
 *
 * @author Dispatch team
 */
public final class Services {

	/**
	 * A cast in a numbered stream.
	 *
	 * @param sequence its number
	 */
	public record Tick(long sequence) {

	}

	/**
	 * Start counting casts afresh.
	 */
	public record Reset() {

	}

	/**
	 * Ask for the counts.
	 */
	public record Report() {

	}

	/**
	 * Casts received so far.
	 *
	 * @param received how many
	 * @param outOfOrder how many arrived with a lower number than one before them
	 */
	public record Stats(long received, long outOfOrder) {

	}

	private final AtomicLong received = new AtomicLong();

	private final AtomicLong outOfOrder = new AtomicLong();

	private volatile long last = -1;

	@DispatchHandler
	public String echo(String text) {
		return text;
	}

	@DispatchHandler
	public void tick(Tick tick) {
		count(tick.sequence(), this.received, this.outOfOrder);
	}

	@DispatchHandler
	public Long reset(Reset reset) {
		this.received.set(0);
		this.outOfOrder.set(0);
		this.last = -1;
		return 0L;
	}

	@DispatchHandler
	public Stats report(Report report) {
		return new Stats(this.received.get(), this.outOfOrder.get());
	}

	private void count(long sequence, AtomicLong received, AtomicLong outOfOrder) {
		received.incrementAndGet();
		if (sequence < this.last) {
			outOfOrder.incrementAndGet();
		}
		this.last = Math.max(this.last, sequence);
	}

}
