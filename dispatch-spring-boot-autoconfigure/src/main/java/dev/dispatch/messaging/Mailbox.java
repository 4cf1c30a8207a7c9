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

import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * A bounded queue of tasks run in order on a shared executor by at most
 * {@code concurrency} workers at a time. With a concurrency of 1 the tasks run one at a
 * time, in the order they were offered, like a process's mailbox. An exclusive task runs
 * alone: once it is taken, no other task starts until it ends, and it waits for those
 * that run.
 * <p>
 * Threads: any thread adds; workers of the executor run tasks. A worker counts itself in
 * {@code executing} before it takes a task; taking a task and, for an exclusive one,
 * setting {@code paused} is one step under a lock; an exclusive task then waits until it
 * is the only one counted, so no task can start unseen.
 *
 * @author Dispatch team
 */
final class Mailbox {

	private static final Log logger = LogFactory.getLog(Mailbox.class);

	private static final int TASKS_PER_TURN = 64;

	private static final long PAUSE_POLL_NANOS = 50_000;

	private final Deque<Runnable> queue = new ConcurrentLinkedDeque<>();

	/**
	 * Taken to take a task, so that once an exclusive task is taken no other is.
	 */
	private final Object takeLock = new Object();

	private final AtomicInteger size = new AtomicInteger();

	private final AtomicInteger workers = new AtomicInteger();

	private final AtomicInteger executing = new AtomicInteger();

	private volatile boolean paused;

	private final Executor executor;

	private final int concurrency;

	private final int capacity;

	Mailbox(Executor executor, int concurrency, int capacity) {
		this.executor = executor;
		this.concurrency = concurrency;
		this.capacity = capacity;
	}

	/**
	 * Offer a task unless the mailbox already holds {@code capacity} tasks.
	 * @param task the task
	 * @return whether the task was accepted
	 */
	boolean offer(Runnable task) {
		if (this.size.incrementAndGet() > this.capacity) {
			this.size.decrementAndGet();
			return false;
		}
		this.queue.add(task);
		schedule();
		return true;
	}

	/**
	 * Run a task on the calling thread if the mailbox is empty and has a free worker
	 * slot, as a worker would; messages that arrive meanwhile wait for it.
	 * @param task the task
	 * @return whether the task ran
	 */
	boolean runIfIdle(Runnable task) {
		if (!this.queue.isEmpty() || this.paused) {
			return false;
		}
		int running = this.workers.get();
		if (running >= this.concurrency || !this.workers.compareAndSet(running, running + 1)) {
			return false;
		}
		this.executing.incrementAndGet();
		try {
			synchronized (this.takeLock) {
				if (this.paused || !this.queue.isEmpty()) {
					return false;
				}
			}
			task.run();
		}
		finally {
			this.executing.decrementAndGet();
			this.workers.decrementAndGet();
			schedule();
		}
		return true;
	}

	/**
	 * Add a task that runs alone, after every task added before it has ended.
	 * @param task the task
	 */
	void addExclusive(Runnable task) {
		add(new Exclusive(task));
	}

	/**
	 * Add a task before every other, whatever the mailbox holds: for a message that
	 * waited and must run before the ones that came after it.
	 * @param task the task
	 */
	void addFirst(Runnable task) {
		this.size.incrementAndGet();
		this.queue.addFirst(task);
		schedule();
	}

	private @Nullable Runnable take() {
		synchronized (this.takeLock) {
			if (this.paused) {
				return null;
			}
			Runnable task = this.queue.poll();
			if (task instanceof Exclusive) {
				this.paused = true;
			}
			return task;
		}
	}

	private void runAlone(Exclusive exclusive) {
		try {
			while (this.executing.get() > 1) {
				LockSupport.parkNanos(PAUSE_POLL_NANOS);
			}
			exclusive.task().run();
		}
		finally {
			this.paused = false;
			schedule();
		}
	}

	/**
	 * Add a task whatever the mailbox holds: for senders whose own credit already bounds
	 * what they may have outstanding.
	 * @param task the task
	 */
	void add(Runnable task) {
		this.size.incrementAndGet();
		this.queue.add(task);
		schedule();
	}

	boolean isEmpty() {
		return this.size.get() == 0;
	}

	/**
	 * Return whether no task waits and none runs.
	 * @return whether the mailbox is idle
	 */
	boolean isIdle() {
		return this.size.get() == 0 && this.executing.get() == 0;
	}

	int size() {
		return this.size.get();
	}

	int capacity() {
		return this.capacity;
	}

	private void schedule() {
		while (!this.queue.isEmpty() && !this.paused) {
			int running = this.workers.get();
			if (running >= this.concurrency) {
				return;
			}
			if (this.workers.compareAndSet(running, running + 1)) {
				try {
					this.executor.execute(this::drain);
				}
				catch (RuntimeException ex) {
					this.workers.decrementAndGet();
					throw ex;
				}
				return;
			}
		}
	}

	private void drain() {
		try {
			for (int i = 0; i < TASKS_PER_TURN; i++) {
				this.executing.incrementAndGet();
				try {
					Runnable task = take();
					if (task == null) {
						break;
					}
					this.size.decrementAndGet();
					if (task instanceof Exclusive exclusive) {
						runAlone(exclusive);
					}
					else {
						task.run();
					}
				}
				catch (Throwable ex) {
					logger.error("A mailbox task failed", ex);
				}
				finally {
					this.executing.decrementAndGet();
				}
			}
		}
		finally {
			this.workers.decrementAndGet();
			schedule();
		}
	}

	private record Exclusive(Runnable task) implements Runnable {

		@Override
		public void run() {
			this.task.run();
		}

	}

}
