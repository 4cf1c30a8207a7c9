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

package dev.dispatch.test.autoconfigure;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import dev.dispatch.DispatchHandler;
import dev.dispatch.DispatchService;
import dev.dispatch.KeyedState;

/**
 * Counts by name, each count kept by the service that owns its name, with a copy on the
 * next service of the ring.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
@DispatchService(type = Tally.TYPE, backups = 1)
public class Tally implements KeyedState<Long> {

	static final String TYPE = "tallies";

	private final Map<String, Long> counts = new ConcurrentHashMap<>();

	@DispatchHandler
	public long add(Add add) {
		return this.counts.merge(add.name(), 1L, Long::sum);
	}

	@DispatchHandler
	public long read(Read read) {
		return this.counts.getOrDefault(read.name(), 0L);
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

	/**
	 * Add one to a count.
	 *
	 * @param name the count's name
	 */
	public record Add(String name) {

	}

	/**
	 * Read a count.
	 *
	 * @param name the count's name
	 */
	public record Read(String name) {

	}

}
