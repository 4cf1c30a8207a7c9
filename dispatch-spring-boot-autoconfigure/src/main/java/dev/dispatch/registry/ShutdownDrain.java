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

package dev.dispatch.registry;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * How long a stopping node lets its services finish the messages they have accepted: at
 * least a broadcast period, up to 200 ms, for those already on their way, and at most the
 * shutdown drain.
 * <p>
 * Threads: only the thread that stops the registry, which it blocks.
 *
 * @author Dispatch team
 */
final class ShutdownDrain {

	static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

	static final long MINIMUM_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

	private final Duration shutdownDrain;

	private final long minimumNanos;

	ShutdownDrain(Duration broadcastPeriod, Duration shutdownDrain) {
		this.shutdownDrain = shutdownDrain;
		this.minimumNanos = Math.min(Math.min(broadcastPeriod.toNanos(), MINIMUM_NANOS), shutdownDrain.toNanos());
	}

	/**
	 * Return the shutdown drain.
	 * @return the drain in milliseconds
	 */
	long toMillis() {
		return this.shutdownDrain.toMillis();
	}

	/**
	 * Wait until the services are idle and the minimum has passed, or the drain is over.
	 * @param idle whether every leaving service is idle
	 * @return whether the services became idle in time
	 */
	boolean await(BooleanSupplier idle) {
		long start = System.nanoTime();
		while (System.nanoTime() - start < this.shutdownDrain.toNanos()) {
			if (idle.getAsBoolean() && System.nanoTime() - start >= this.minimumNanos) {
				return true;
			}
			LockSupport.parkNanos(POLL_NANOS);
		}
		return false;
	}

}
