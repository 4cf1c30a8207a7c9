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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import dev.dispatch.DispatchHandler;
import dev.dispatch.KeyedState;

/**
 * A service that keeps a count per name and hands the counts off as its keys move. A
 * hand-off can be made to wait on a latch, and the hand-off or take-over of chosen keys
 * to fail.
 *
 * @author Dispatch team
 */
public class Counts implements KeyedState<Long> {

	private final Map<String, Long> counts = new ConcurrentHashMap<>();

	private final Set<String> failHandOff = ConcurrentHashMap.newKeySet();

	private final Set<String> failTakeOver = ConcurrentHashMap.newKeySet();

	private volatile CountDownLatch handOffGate = new CountDownLatch(0);

	private final CountDownLatch handOffStarted = new CountDownLatch(1);

	@DispatchHandler
	public long increment(Increment increment) {
		return this.counts.merge(increment.name(), 1L, Long::sum);
	}

	@DispatchHandler
	public long read(Read read) {
		return this.counts.getOrDefault(read.name(), 0L);
	}

	@Override
	public Collection<?> keys() {
		return this.counts.keySet();
	}

	@Override
	public @Nullable Long handOff(Object key) {
		this.handOffStarted.countDown();
		try {
			this.handOffGate.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		if (this.failHandOff.contains(key)) {
			throw new IllegalStateException("no hand-off of " + key);
		}
		return this.counts.remove(key);
	}

	@Override
	public void takeOver(Object key, Long state) {
		if (this.failTakeOver.contains(key)) {
			throw new IllegalStateException("no take-over of " + key);
		}
		this.counts.put((String) key, state);
	}

	/**
	 * Return the counts this service holds.
	 * @return the counts by name
	 */
	public Map<String, Long> counts() {
		return this.counts;
	}

	/**
	 * Make hand-offs wait until the returned latch is counted down.
	 * @return the latch
	 */
	public CountDownLatch holdHandOffs() {
		this.handOffGate = new CountDownLatch(1);
		return this.handOffGate;
	}

	/**
	 * Return whether a hand-off started.
	 * @return the latch counted down by the first hand-off
	 */
	public CountDownLatch handOffStarted() {
		return this.handOffStarted;
	}

	public void failHandOff(String key) {
		this.failHandOff.add(key);
	}

	public void failTakeOver(String key) {
		this.failTakeOver.add(key);
	}

	public record Increment(String name) {
	}

	public record Read(String name) {
	}

}
