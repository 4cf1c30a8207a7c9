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

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Call timeouts on a hashed timer wheel: cheaper than a task on a
 * {@code ScheduledThreadPoolExecutor} per call, whose shared lock, heap and two
 * allocations per call cost a remote call about 9 % of its CPU.
 * <p>
 * Time is cut into ticks ({@value #TICK_MILLIS} ms by default); a timeout is linked into
 * the bucket of the first tick at or after its deadline, among {@value #SLOTS} buckets
 * that the ticks visit in turn, and a bucket fires only the timeouts whose deadline has
 * passed, so a deadline more than one turn of the wheel away just waits for a later turn.
 * A timeout therefore fires never early and, when the ticking thread runs on time, less
 * than one tick late. Adding and cancelling are O(1): a timeout is its own list node,
 * with no allocation, and each bucket has its own lock, held only to link or unlink.
 * <p>
 * Threads: any thread adds and cancels; one thread ticks, the transport's timer through a
 * single {@code scheduleAtFixedRate}, and runs the timeouts that fire, outside the
 * bucket's lock. Whether a timeout fires or is cancelled is decided under that lock, so
 * exactly one of them happens. Once the timer has stopped, adding is refused.
 *
 * @author Dispatch team
 */
final class TimeoutWheel {

	static final long TICK_MILLIS = 10;

	static final int SLOTS = 512;

	/** Delays are capped at about 146 years, so that deadlines never overflow. */
	private static final long MAX_DELAY_NANOS = Long.MAX_VALUE / 2;

	private static final Log logger = LogFactory.getLog(TimeoutWheel.class);

	private final Bucket[] buckets;

	private final long tickNanos;

	private final LongSupplier clock;

	private final BooleanSupplier closed;

	private final long origin;

	/** The last tick done; written by the ticking thread only. */
	private volatile long doneTick;

	/**
	 * Create a wheel that nothing ticks but {@link #tick()}.
	 * @param tickNanos the length of a tick
	 * @param slots how many buckets, a power of two
	 * @param clock the time, in nanoseconds, as {@link System#nanoTime()}
	 * @param closed whether adding is refused
	 */
	TimeoutWheel(long tickNanos, int slots, LongSupplier clock, BooleanSupplier closed) {
		if (tickNanos <= 0 || slots <= 0 || Integer.bitCount(slots) != 1) {
			throw new IllegalArgumentException("A tick must be positive and the slots a power of two");
		}
		this.tickNanos = tickNanos;
		this.buckets = new Bucket[slots];
		for (int i = 0; i < slots; i++) {
			this.buckets[i] = new Bucket();
		}
		this.clock = clock;
		this.closed = closed;
		this.origin = clock.getAsLong();
	}

	/**
	 * Create a wheel ticked by the given timer, which refuses timeouts once the timer has
	 * stopped.
	 * @param timer the timer
	 * @return the wheel
	 */
	static TimeoutWheel on(ScheduledExecutorService timer) {
		long tickNanos = TimeUnit.MILLISECONDS.toNanos(TICK_MILLIS);
		TimeoutWheel wheel = new TimeoutWheel(tickNanos, SLOTS, System::nanoTime, timer::isShutdown);
		try {
			timer.scheduleAtFixedRate(wheel::tick, tickNanos, tickNanos, TimeUnit.NANOSECONDS);
		}
		catch (RejectedExecutionException ex) {
			// stopped already: the wheel refuses every timeout
		}
		return wheel;
	}

	/**
	 * Add a timeout that fires after the given delay, unless cancelled first.
	 * @param timeout the timeout, not added yet or fired already
	 * @param delayNanos the delay
	 * @throws RejectedExecutionException if the timer has stopped
	 */
	void add(Timeout timeout, long delayNanos) {
		long deadline = this.clock.getAsLong() + Math.max(0, Math.min(delayNanos, MAX_DELAY_NANOS));
		long tick = Math.max(1, (deadline - this.origin + this.tickNanos - 1) / this.tickNanos);
		while (true) {
			long due = Math.max(tick, this.doneTick + 1);
			Bucket bucket = this.buckets[(int) due & (this.buckets.length - 1)];
			synchronized (bucket) {
				// a bucket done for the tick already would wait a whole turn
				if (bucket.doneTick < due) {
					if (timeout.bucket != null) {
						throw new IllegalStateException("The timeout is added already");
					}
					timeout.deadline = deadline;
					bucket.link(timeout);
					break;
				}
			}
		}
		// after linking, so that whoever stops the timer and then looks for what waits
		// either sees this timeout or has it refused here, unless it fired already
		if (this.closed.getAsBoolean() && cancel(timeout)) {
			throw new RejectedExecutionException("The timer has stopped");
		}
	}

	/**
	 * Cancel a timeout.
	 * @param timeout the timeout
	 * @return whether it was cancelled, {@code false} if it fired, or was not added
	 */
	boolean cancel(Timeout timeout) {
		Bucket bucket = timeout.bucket;
		if (bucket == null) {
			return false;
		}
		synchronized (bucket) {
			if (timeout.bucket != bucket) {
				return false;
			}
			bucket.unlink(timeout);
			return true;
		}
	}

	/**
	 * Fire the timeouts whose deadlines have passed, in the buckets of every tick since
	 * the last call; only one thread may call it.
	 */
	void tick() {
		long now = this.clock.getAsLong();
		long current = (now - this.origin) / this.tickNanos;
		long from = Math.max(this.doneTick + 1, current - this.buckets.length + 1);
		for (long tick = from; tick <= current; tick++) {
			this.doneTick = tick;
			Bucket bucket = this.buckets[(int) tick & (this.buckets.length - 1)];
			Timeout fired;
			synchronized (bucket) {
				bucket.doneTick = tick;
				fired = bucket.unlinkDue(now);
			}
			while (fired != null) {
				Timeout next = fired.next;
				fired.next = null;
				fire(fired);
				fired = next;
			}
		}
	}

	private static void fire(Timeout timeout) {
		try {
			timeout.fired();
		}
		catch (RuntimeException | Error ex) {
			logger.error("A timeout failed", ex);
		}
	}

	/**
	 * Something that happens at a deadline unless cancelled first: a node of the wheel.
	 */
	abstract static class Timeout {

		/** The bucket this timeout waits in; {@code null} once fired or cancelled. */
		volatile @Nullable Bucket bucket;

		@Nullable Timeout previous;

		@Nullable Timeout next;

		long deadline;

		/**
		 * Run on the ticking thread when the deadline has passed; may add this timeout
		 * again.
		 */
		abstract void fired();

	}

	/**
	 * The timeouts of the ticks that fall on one slot: a doubly linked list, guarded by
	 * the bucket's monitor.
	 */
	static final class Bucket {

		private @Nullable Timeout head;

		private long doneTick = -1;

		void link(Timeout timeout) {
			Timeout first = this.head;
			timeout.previous = null;
			timeout.next = first;
			if (first != null) {
				first.previous = timeout;
			}
			this.head = timeout;
			timeout.bucket = this;
		}

		void unlink(Timeout timeout) {
			Timeout previous = timeout.previous;
			Timeout next = timeout.next;
			if (previous != null) {
				previous.next = next;
			}
			else {
				this.head = next;
			}
			if (next != null) {
				next.previous = previous;
			}
			timeout.previous = null;
			timeout.next = null;
			timeout.bucket = null;
		}

		/**
		 * Unlink the timeouts due at the given time.
		 * @return them, chained through {@link Timeout#next}
		 */
		@Nullable Timeout unlinkDue(long now) {
			Timeout fired = null;
			Timeout timeout = this.head;
			while (timeout != null) {
				Timeout next = timeout.next;
				if (now - timeout.deadline >= 0) {
					unlink(timeout);
					timeout.next = fired;
					fired = timeout;
				}
				timeout = next;
			}
			return fired;
		}

	}

}
