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

package dev.dispatch.handoff;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Holds the copies that a node's backups receive before they store them, until it is
 * opened or closed.
 *
 * @author Dispatch team
 */
final class StoreGate implements AutoCloseable {

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	private final BackupChannel channel;

	private final CountDownLatch entered = new CountDownLatch(1);

	private final CountDownLatch open = new CountDownLatch(1);

	StoreGate(BackupChannel channel) {
		this.channel = channel;
		channel.beforeStore = (backupId) -> {
			this.entered.countDown();
			try {
				this.open.await(PATIENCE.toSeconds(), TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		};
	}

	/**
	 * Wait until copies reached the gate.
	 * @return whether they did in time
	 */
	boolean awaitEntered() throws InterruptedException {
		return this.entered.await(PATIENCE.toSeconds(), TimeUnit.SECONDS);
	}

	void open() {
		this.open.countDown();
	}

	@Override
	public void close() {
		this.channel.beforeStore = (backupId) -> {
		};
		this.open.countDown();
	}

}
