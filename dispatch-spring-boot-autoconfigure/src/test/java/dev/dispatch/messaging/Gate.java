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

package dev.dispatch.messaging;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.dispatch.DispatchHandler;

/**
 * A handler that holds every message until the test opens it, and records the threads
 * that handled them.
 *
 * @author Dispatch team
 */
public class Gate {

	private final CountDownLatch open = new CountDownLatch(1);

	private final CountDownLatch entered = new CountDownLatch(1);

	private final List<String> threads = new CopyOnWriteArrayList<>();

	@DispatchHandler
	public String pass(Pass pass) throws InterruptedException {
		this.threads.add(Thread.currentThread().getName());
		this.entered.countDown();
		this.open.await(30, TimeUnit.SECONDS);
		return "passed " + pass.n();
	}

	public void open() {
		this.open.countDown();
	}

	public boolean awaitEntered() throws InterruptedException {
		return this.entered.await(30, TimeUnit.SECONDS);
	}

	public List<String> getThreads() {
		return this.threads;
	}

	public record Pass(int n) {
	}

}
