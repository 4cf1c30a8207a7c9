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

package dev.dispatch.sample;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import dev.dispatch.DispatchHandler;
import dev.dispatch.DispatchService;
import dev.dispatch.KeyedState;

/**
 * One counters service of this node: it keeps the value of each counter it owns in
 * memory, and the value follows its counter to the new owner when the ring of counters
 * changes gracefully (a node started or stopped with {@code SIGTERM}). The next service
 * of the ring holds a copy of each value, which takes over when the owner's node crashes.
 *
 * @author Dispatch team
 */
@DispatchService(type = CountersController.TYPE, backups = 1)
public class CounterService implements KeyedState<Long> {

	private final Map<String, Long> counts = new ConcurrentHashMap<>();

	@DispatchHandler
	public long increment(Increment increment) {
		return this.counts.merge(increment.name(), 1L, Long::sum);
	}

	@DispatchHandler
	public long count(CountQuery query) {
		return this.counts.getOrDefault(query.name(), 0L);
	}

	@Override
	public Collection<String> keys() {
		return List.copyOf(this.counts.keySet());
	}

	@Override
	public @Nullable Long handOff(Object key) {
		return this.counts.remove(key);
	}

	@Override
	public void takeOver(Object key, Long state) {
		this.counts.put((String) key, state);
	}

	@Override
	public @Nullable Long snapshot(Object key) {
		return this.counts.get(key);
	}

}
