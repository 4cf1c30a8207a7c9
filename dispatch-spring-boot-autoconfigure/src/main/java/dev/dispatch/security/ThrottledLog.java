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

package dev.dispatch.security;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;

/**
 * Warns about what other members send that this node drops, at most once per period, with
 * the number of warnings left out since the last one: a flood of bad frames must not
 * become a flood of log lines.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
public final class ThrottledLog {

	private static final long PERIOD_NANOS = TimeUnit.SECONDS.toNanos(10);

	private final Log logger;

	private final AtomicLong nextLog = new AtomicLong(System.nanoTime());

	private final AtomicLong suppressed = new AtomicLong();

	/**
	 * Create a log that writes to a logger.
	 * @param logger the logger
	 */
	public ThrottledLog(Log logger) {
		this.logger = logger;
	}

	/**
	 * Warn, unless a warning was written less than ten seconds ago.
	 * @param message the warning
	 */
	public void warn(String message) {
		long now = System.nanoTime();
		long next = this.nextLog.get();
		if (now - next < 0 || !this.nextLog.compareAndSet(next, now + PERIOD_NANOS)) {
			this.suppressed.incrementAndGet();
			return;
		}
		long left = this.suppressed.getAndSet(0);
		this.logger.warn((left > 0) ? message + " (" + left + " more dropped since the last warning)" : message);
	}

}
