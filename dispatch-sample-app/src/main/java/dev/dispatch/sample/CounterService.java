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
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import dev.dispatch.DispatchHandler;
import dev.dispatch.DispatchService;
import dev.dispatch.KeyedState;

/**
 * One counters service of this node: it keeps the tally of each counter it owns in
 * memory, and the tally follows its counter to the new owner when the ring of counters
 * changes gracefully (a node started or stopped with {@code SIGTERM}). The next service
 * of the ring holds a copy of each tally, which takes over when the owner's node crashes.
 * <p>
 * While it owns a counter, the service counts under a tag of its own, new each time it
 * gets the counter, so that no two owners ever count under one tag: when the two sides of
 * a split both counted and meet again, {@link #merge merge} keeps the larger count of
 * each tag, which loses no increment of either side.
 *
 * @author Dispatch team
 */
@DispatchService(type = CountersController.TYPE, backups = 1)
public class CounterService implements KeyedState<Tally> {

	private final Map<String, Owned> counters = new ConcurrentHashMap<>();

	@DispatchHandler
	public long increment(Increment increment) {
		return this.counters.compute(increment.name(), (name, owned) -> Owned.of(owned).plusOne()).tally().value();
	}

	@DispatchHandler
	public long count(CountQuery query) {
		Owned owned = this.counters.get(query.name());
		return (owned != null) ? owned.tally().value() : 0L;
	}

	@Override
	public Collection<String> keys() {
		return List.copyOf(this.counters.keySet());
	}

	@Override
	public @Nullable Tally handOff(Object key) {
		Owned owned = this.counters.remove(key);
		return (owned != null) ? owned.tally() : null;
	}

	@Override
	public void takeOver(Object key, Tally tally) {
		this.counters.put((String) key, new Owned(tally, UUID.randomUUID().toString()));
	}

	@Override
	public @Nullable Tally snapshot(Object key) {
		Owned owned = this.counters.get(key);
		return (owned != null) ? owned.tally() : null;
	}

	@Override
	public Tally merge(Object key, Tally current, Tally arriving) {
		return current.merge(arriving);
	}

	/**
	 * A counter this service owns, and the tag it counts under.
	 */
	private record Owned(Tally tally, String tag) {

		static Owned of(@Nullable Owned owned) {
			return (owned != null) ? owned : new Owned(Tally.ZERO, UUID.randomUUID().toString());
		}

		Owned plusOne() {
			return new Owned(this.tally.plusOne(this.tag), this.tag);
		}

	}

}
