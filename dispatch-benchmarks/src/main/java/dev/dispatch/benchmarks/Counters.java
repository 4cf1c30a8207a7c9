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

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.hazelcast.map.EntryProcessor;

import dev.dispatch.DispatchHandler;
import dev.dispatch.KeyedState;

/**
 * A stateful service that counts per key, as {@link BackupsComparison} calls it: its
 * state per key is a {@code Long}, copied to the key's backups after each message.
 *
 * @author Dispatch team
 */
public final class Counters implements KeyedState<Long> {

	private final Map<String, Long> counts = new ConcurrentHashMap<>();

	@DispatchHandler
	public Long add(Add add) {
		return this.counts.merge(add.key(), 1L, Long::sum);
	}

	@Override
	public Collection<?> keys() {
		return this.counts.keySet();
	}

	@Override
	public Long handOff(Object key) {
		return this.counts.remove(key);
	}

	@Override
	public void takeOver(Object key, Long state) {
		this.counts.put((String) key, state);
	}

	@Override
	public Long snapshot(Object key) {
		return this.counts.get(key);
	}

	/**
	 * Add one to the count of a key.
	 *
	 * @param key the key
	 */
	public record Add(String key) {

	}

	/**
	 * What Hazelcast's {@code executeOnKey} runs: adds one to the entry, like
	 * {@link Counters#add}; Hazelcast runs it again on the entry's backups.
	 */
	static final class Increment implements EntryProcessor<String, Long, Long> {

		@Override
		public Long process(Map.Entry<String, Long> entry) {
			Long count = entry.getValue();
			long next = (count != null) ? count + 1 : 1;
			entry.setValue(next);
			return next;
		}

	}

}
