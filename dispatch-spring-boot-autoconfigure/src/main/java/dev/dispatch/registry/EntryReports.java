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

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.dispatch.ServiceInfo;

/**
 * Reads the entries of the services map and reports the bad ones: each bad key once until
 * its entry is removed or turns good, up to {@value #MAX_REPORTED_ENTRIES} keys, and
 * entries whose key is not a string at most once a minute.
 * <p>
 * Threads: Hazelcast's event threads (entry events) and every thread that rebuilds the
 * view (callers of {@code start}, the upkeep thread {@code dispatch-registry-}, the
 * heartbeat thread {@code dispatch-heartbeat-}, Hazelcast's event threads). The state is
 * a concurrent set and an atomic; nothing here waits.
 *
 * @author Dispatch team
 */
final class EntryReports {

	static final int MAX_REPORTED_ENTRIES = 1024;

	static final long UNNAMED_REPORT_NANOS = TimeUnit.MINUTES.toNanos(1);

	private static final Log logger = LogFactory.getLog(EntryReports.class);

	private final Set<String> reported = ConcurrentHashMap.newKeySet();

	private final Consumer<String> warnings;

	private final LongSupplier clock;

	private final AtomicLong nextUnnamedReport;

	EntryReports() {
		this(logger::warn, System::nanoTime);
	}

	/**
	 * Create reports that go to the given place.
	 * @param warnings where reports go
	 * @param clock the monotonic clock, in nanoseconds
	 */
	EntryReports(Consumer<String> warnings, LongSupplier clock) {
		this.warnings = warnings;
		this.clock = clock;
		this.nextUnnamedReport = new AtomicLong(clock.getAsLong());
	}

	/**
	 * Read an entry of the map, and report a bad one once per key.
	 * @param key the key, {@code null} if it is not a string
	 * @param value the value, {@code null} if it is not a byte array
	 * @return the service, or {@code null} if the entry is bad
	 */
	@Nullable ServiceInfo parse(@Nullable String key, byte @Nullable [] value) {
		if (key == null) {
			long next = this.nextUnnamedReport.get();
			if (this.clock.getAsLong() - next >= 0
					&& this.nextUnnamedReport.compareAndSet(next, next + UNNAMED_REPORT_NANOS)) {
				this.warnings.accept("Ignored a registry entry whose key is not a string; another member of the "
						+ "cluster wrote it, not Dispatch");
			}
			return null;
		}
		if (value == null) {
			report(key, "its value is not a byte array");
			return null;
		}
		try {
			ServiceInfo info = RegistryEntry.decode(value);
			if (!info.ref().id().equals(key)) {
				report(key, "it names another service id");
				return null;
			}
			this.reported.remove(key);
			return info;
		}
		catch (IllegalArgumentException ex) {
			report(key, ex.getMessage());
			return null;
		}
	}

	/**
	 * Forget the report of an entry that was removed, so that a bad entry under its key
	 * is reported again.
	 * @param key the key
	 */
	void forget(String key) {
		this.reported.remove(key);
	}

	private void report(String key, @Nullable String reason) {
		if (this.reported.size() < MAX_REPORTED_ENTRIES && this.reported.add(key)) {
			String shown = (key.length() <= RegistryEntry.MAX_ID_LENGTH) ? key
					: key.substring(0, RegistryEntry.MAX_ID_LENGTH) + "...";
			this.warnings.accept("Ignored registry entry '" + shown + "': " + reason);
		}
	}

}
