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

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.dispatch.DispatchHandler;

/**
 * A handler that records what it is cast and answers calls: {@link Add} is recorded,
 * {@link Get} replies the records so far, {@link Fail} throws, {@link Sleep} blocks.
 *
 * @author Dispatch team
 */
public class Counter {

	private final List<Integer> received = new CopyOnWriteArrayList<>();

	@DispatchHandler
	public void add(Add add) {
		this.received.add(add.value());
	}

	@DispatchHandler
	public int count(Get get) {
		return this.received.size();
	}

	@DispatchHandler
	public String fail(Fail fail) {
		throw new IllegalStateException(fail.reason());
	}

	@DispatchHandler
	public String sleep(Sleep sleep) throws InterruptedException {
		Thread.sleep(sleep.millis());
		return "slept";
	}

	public List<Integer> getReceived() {
		return this.received;
	}

	public record Add(int value) {
	}

	public record Get() {
	}

	public record Fail(String reason) {
	}

	public record Sleep(long millis) {
	}

}
