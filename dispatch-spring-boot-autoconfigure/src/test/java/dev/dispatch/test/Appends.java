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

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import dev.dispatch.DispatchHandler;
import dev.dispatch.KeyedState;

/**
 * A stateful service that keeps a log of values per name, whose hand-offs a test can hold
 * with a latch and whose worker it can block.
 *
 * @author Dispatch team
 */
public class Appends implements KeyedState<Appends.Log> {

	/**
	 * The logs, by name.
	 */
	public final Map<String, List<String>> logs = new ConcurrentHashMap<>();

	/**
	 * Counted down when a hand-off starts.
	 */
	public final CountDownLatch handOffStarted = new CountDownLatch(1);

	/**
	 * Counted down when a {@link Block} message runs.
	 */
	public final CountDownLatch blocked = new CountDownLatch(1);

	/**
	 * What a {@link Block} message waits for.
	 */
	public final CountDownLatch unblock = new CountDownLatch(1);

	private volatile CountDownLatch handOffGate = new CountDownLatch(0);

	/**
	 * Hold every hand-off until the returned latch is counted down.
	 * @return the latch
	 */
	public CountDownLatch holdHandOffs() {
		this.handOffGate = new CountDownLatch(1);
		return this.handOffGate;
	}

	/**
	 * Return the log of a name, as the values joined by commas.
	 * @param name the name
	 * @return the log
	 */
	public String log(String name) {
		return String.join(",", this.logs.getOrDefault(name, List.of()));
	}

	@DispatchHandler
	public String append(Append append) {
		this.logs.computeIfAbsent(append.name(), (name) -> new ArrayList<>()).add(append.value());
		return log(append.name());
	}

	@DispatchHandler
	public String read(Read read) {
		return log(read.name());
	}

	@DispatchHandler
	public void block(Block block) throws InterruptedException {
		this.blocked.countDown();
		this.unblock.await(30, TimeUnit.SECONDS);
	}

	@Override
	public Collection<?> keys() {
		return this.logs.keySet();
	}

	@Override
	public @Nullable Log handOff(Object key) {
		this.handOffStarted.countDown();
		try {
			this.handOffGate.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		List<String> log = this.logs.remove(key);
		return (log != null) ? new Log(List.copyOf(log)) : null;
	}

	@Override
	public void takeOver(Object key, Log state) {
		this.logs.put((String) key, new ArrayList<>(state.values()));
	}

	/**
	 * Append a value to a name's log.
	 *
	 * @param name the name
	 * @param value the value
	 */
	public record Append(String name, String value) {
	}

	/**
	 * Read a name's log.
	 *
	 * @param name the name
	 */
	public record Read(String name) {
	}

	/**
	 * Block the service's worker until {@link #unblock} is counted down.
	 */
	public record Block() {
	}

	/**
	 * The state of one name: its log.
	 *
	 * @param values the values
	 */
	public record Log(List<String> values) {
	}

}
