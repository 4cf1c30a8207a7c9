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

package dev.dispatch.test;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import dev.dispatch.DispatchHandler;
import dev.dispatch.KeyedState;

/**
 * A stateful service that counts per name, with backups in mind: its snapshot is the
 * count itself.
 *
 * @author Dispatch team
 */
public class Tally implements KeyedState<Long> {

	private final Map<String, Long> counts = new ConcurrentHashMap<>();

	@DispatchHandler
	public long add(Add add) {
		return this.counts.merge(add.name(), 1L, Long::sum);
	}

	@DispatchHandler
	public long read(Read read) {
		return this.counts.getOrDefault(read.name(), 0L);
	}

	/**
	 * Return the counts this service holds.
	 * @return the counts by name
	 */
	public Map<String, Long> counts() {
		return this.counts;
	}

	@Override
	public Collection<?> keys() {
		return this.counts.keySet();
	}

	@Override
	public @Nullable Long handOff(Object key) {
		return this.counts.remove(key);
	}

	@Override
	public void takeOver(Object key, Long count) {
		this.counts.put((String) key, count);
	}

	@Override
	public @Nullable Long snapshot(Object key) {
		return this.counts.get(key);
	}

	/**
	 * Count one more for a name.
	 *
	 * @param name the name
	 */
	public record Add(String name) {
	}

	/**
	 * Read the count of a name.
	 *
	 * @param name the name
	 */
	public record Read(String name) {
	}

}
