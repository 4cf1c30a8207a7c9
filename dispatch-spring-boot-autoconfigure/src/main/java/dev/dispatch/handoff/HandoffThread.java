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

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * The node's hand-off thread ({@code dispatch-handoff-}): it takes ring changes in order,
 * runs the sweep that times out waits, and counts every task not yet finished, its own
 * and the hand-offs queued on services' workers, so that a stop can wait for them.
 *
 * @author Dispatch team
 */
final class HandoffThread implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(HandoffThread.class);

	private static final long LATER_MILLIS = 500;

	private final ScheduledThreadPoolExecutor thread;

	private final AtomicInteger unfinished = new AtomicInteger();

	HandoffThread(Runnable sweep, long sweepMillis) {
		CustomizableThreadFactory threads = new CustomizableThreadFactory("dispatch-handoff-");
		threads.setDaemon(true);
		this.thread = new ScheduledThreadPoolExecutor(1, threads);
		this.thread.setRemoveOnCancelPolicy(true);
		this.thread.scheduleWithFixedDelay(sweep, sweepMillis, sweepMillis, TimeUnit.MILLISECONDS);
	}

	/**
	 * Run a task after those before it.
	 */
	void inOrder(Runnable task) {
		started();
		try {
			this.thread.execute(() -> {
				try {
					task.run();
				}
				catch (RuntimeException ex) {
					logger.error("A ring change could not be handled", ex);
				}
				finally {
					finished();
				}
			});
		}
		catch (RuntimeException ex) {
			finished();
		}
	}

	/**
	 * Run a task in a moment; a stop waits for it.
	 */
	void later(Runnable task) {
		started();
		try {
			this.thread.schedule(() -> {
				try {
					task.run();
				}
				finally {
					finished();
				}
			}, LATER_MILLIS, TimeUnit.MILLISECONDS);
		}
		catch (RuntimeException ex) {
			finished();
		}
	}

	/**
	 * Run a task after those before it and wait for it, at most a time.
	 */
	<T> T await(Callable<T> task, long seconds) throws InterruptedException, ExecutionException, TimeoutException {
		return this.thread.submit(task).get(seconds, TimeUnit.SECONDS);
	}

	/**
	 * Count a task that runs elsewhere, until {@link #finished()}.
	 */
	void started() {
		this.unfinished.incrementAndGet();
	}

	void finished() {
		this.unfinished.decrementAndGet();
	}

	/**
	 * Return whether every task counted has finished.
	 */
	boolean isIdle() {
		return this.unfinished.get() == 0;
	}

	@Override
	public void close() {
		this.thread.shutdownNow();
	}

}
