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

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The frames waiting to go to one node, published in queue order as batches, one publish
 * at a time, so that frames from one thread keep their order.
 * <p>
 * A sending thread that finds the outbox idle publishes one batch itself (a lone sender
 * pays no hand-off, and many senders share each publish); if frames remain after it, it
 * hands the outbox to the drain executor instead of publishing them too, so that no
 * sender is held publishing others' frames; so it does when its node did not take all of
 * its batch at once, so that no sender waits on a node that reads slowly or not at all. A
 * batch that cannot be published fails its own frames, each through its own callback, and
 * the frames after it still go.
 * <p>
 * Threads: any sender enqueues; the thread that holds {@code publishing} (a sender for
 * one batch, or a drain task) is the only one that dequeues and publishes. The threads
 * that deliver this node's messages (Hazelcast's, and the readers of connections),
 * sending replies and acknowledgements, never publish.
 *
 * @author Dispatch team
 */
final class Outbox {

	static final int MAX_BATCH_BYTES = 256 * 1024;

	private static final int MAX_BATCH_FRAMES = 1024;

	private static final Log logger = LogFactory.getLog(Outbox.class);

	private final Queue<OutboundFrame> queue = new ConcurrentLinkedQueue<>();

	private final AtomicBoolean publishing = new AtomicBoolean();

	private final String sender;

	private final Publisher publisher;

	private final Executor drainExecutor;

	Outbox(String sender, Publisher publisher, Executor drainExecutor) {
		this.sender = sender;
		this.publisher = publisher;
		this.drainExecutor = drainExecutor;
	}

	/**
	 * Queue a frame and, if no other thread is publishing, publish a batch, unless this
	 * is a thread that delivers this node's messages (Hazelcast's, or a reader of a
	 * connection): those hand the outbox to the drain executor at once, so that they
	 * never wait on a publish.
	 * @param frame the frame
	 */
	void send(OutboundFrame frame) {
		this.queue.add(frame);
		if (this.publishing.compareAndSet(false, true)) {
			if (isDeliveringThread() || !this.publisher.isReady()) {
				handOff();
				return;
			}
			try {
				publishBatch();
			}
			catch (Error ex) {
				this.publishing.set(false);
				throw ex;
			}
			releaseOrHandOff();
		}
	}

	private static boolean isDeliveringThread() {
		String name = Thread.currentThread().getName();
		return name.startsWith("hz.") || name.startsWith(InboundLinks.THREAD_PREFIX);
	}

	/**
	 * With {@code publishing} held: give it up if nothing is queued, otherwise hand the
	 * outbox to a drain task, which keeps it.
	 */
	private void releaseOrHandOff() {
		do {
			if (!this.queue.isEmpty() || !this.publisher.isReady()) {
				handOff();
				return;
			}
			this.publishing.set(false);
		}
		while (!this.queue.isEmpty() && this.publishing.compareAndSet(false, true));
	}

	private void handOff() {
		try {
			this.drainExecutor.execute(this::drain);
		}
		catch (RejectedExecutionException ex) {
			// the transport is closing: nothing will publish again
			do {
				OutboundFrame frame;
				while ((frame = this.queue.poll()) != null) {
					frame.lose(ex);
				}
				this.publishing.set(false);
			}
			while (!this.queue.isEmpty() && this.publishing.compareAndSet(false, true));
		}
	}

	private void drain() {
		try {
			do {
				while (!this.queue.isEmpty()) {
					publishBatch();
				}
				flush();
				this.publishing.set(false);
			}
			while (!this.queue.isEmpty() && this.publishing.compareAndSet(false, true));
		}
		catch (Error ex) {
			this.publishing.set(false);
			throw ex;
		}
	}

	private void flush() {
		try {
			this.publisher.flush();
		}
		catch (RuntimeException ex) {
			logger.warn("Could not finish sending a batch from node " + this.sender + ": " + ex.getMessage());
		}
	}

	private void publishBatch() {
		List<OutboundFrame> batch = new ArrayList<>();
		int bytes = 0;
		OutboundFrame frame;
		while ((frame = this.queue.peek()) != null && (batch.isEmpty()
				|| (bytes + frame.bytes().length <= MAX_BATCH_BYTES && batch.size() < MAX_BATCH_FRAMES))) {
			this.queue.poll();
			batch.add(frame);
			bytes += frame.bytes().length;
		}
		if (batch.isEmpty()) {
			return;
		}
		try {
			this.publisher.publish(Frames.batch(this.sender, batch.stream().map(OutboundFrame::bytes).toList()));
		}
		catch (RuntimeException ex) {
			batch.forEach((lost) -> lost.lose(ex));
		}
	}

	/**
	 * Wait until nothing is queued or being published, or until a deadline.
	 * @param deadline the deadline, on {@link System#nanoTime()}'s clock
	 */
	void awaitIdle(long deadline) {
		while ((this.publishing.get() || !this.queue.isEmpty()) && deadline - System.nanoTime() > 0) {
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
		}
	}

	/**
	 * Close what publishes: frames sent afterwards fail.
	 */
	void close() {
		this.publisher.close();
	}

	/**
	 * What publishes the outbox's batches to its node.
	 */
	@FunctionalInterface
	interface Publisher {

		/**
		 * Publish a batch.
		 * @param batch the batch
		 * @throws RuntimeException if it cannot be published
		 */
		void publish(byte[] batch);

		/**
		 * Return whether a batch published now goes at once, so that a sender may publish
		 * it itself rather than wait on, say, a connection being made.
		 */
		default boolean isReady() {
			return true;
		}

		/**
		 * Finish publishing what a batch left unsent, waiting within a bound.
		 * @throws RuntimeException if it cannot be finished
		 */
		default void flush() {
		}

		/**
		 * Stop publishing.
		 */
		default void close() {
		}

	}

	/**
	 * A frame and what to do if it cannot be published.
	 */
	static final class OutboundFrame {

		private final byte[] bytes;

		private final @Nullable Consumer<RuntimeException> onLost;

		private volatile @Nullable RuntimeException lost;

		OutboundFrame(byte[] bytes, @Nullable Consumer<RuntimeException> onLost) {
			this.bytes = bytes;
			this.onLost = onLost;
		}

		byte[] bytes() {
			return this.bytes;
		}

		/**
		 * Return why the frame could not be published, if it could not.
		 * @return the failure, or {@code null}
		 */
		@Nullable RuntimeException lost() {
			return this.lost;
		}

		void lose(RuntimeException ex) {
			this.lost = ex;
			if (this.onLost != null) {
				this.onLost.accept(ex);
			}
		}

	}

}
