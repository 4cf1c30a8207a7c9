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

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The threads that read the connections of other nodes. With
 * {@code dispatch.registry.handlers-on-reader-thread}, a call to an idle service runs its
 * handler on one of them, and while it runs nothing else from that node is read: a
 * handler there must not wait, least of all for a reply that would come on that very
 * connection. A reader whose handler ran long runs none for ten times as long, so that
 * slow handlers take at most a small share of its time and the node it reads is read at
 * full speed meanwhile.
 * <p>
 * Threads: each reader's state is its own.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
public final class ConnectionReaders {

	/**
	 * How long a handler may run on a reader before the reader runs none for a while.
	 */
	private static final long LONG_RUN_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

	private ConnectionReaders() {
	}

	static Thread newThread(Runnable reading, String name) {
		return new ReaderThread(reading, name);
	}

	/**
	 * Run a handler on the current thread if it is a reader that may run one now.
	 * @param handler runs the handler, and returns whether it did
	 * @return whether the handler ran
	 */
	static boolean runHandler(BooleanSupplier handler) {
		if (!(Thread.currentThread() instanceof ReaderThread reader)) {
			return false;
		}
		long start = System.nanoTime();
		if (start - reader.restingUntil < 0) {
			return false;
		}
		reader.runningHandler = true;
		try {
			return handler.getAsBoolean();
		}
		finally {
			reader.runningHandler = false;
			long took = System.nanoTime() - start;
			if (took > LONG_RUN_NANOS) {
				reader.restingUntil = start + 11 * took;
			}
		}
	}

	/**
	 * Fail at once if the current thread reads a connection and runs a handler there,
	 * where waiting would stop everything from that node, the reply waited for included,
	 * until the wait ends.
	 * @param what what would wait, for the message
	 * @throws IllegalStateException on such a thread
	 */
	public static void checkMayWait(String what) {
		if (Thread.currentThread() instanceof ReaderThread reader && reader.runningHandler) {
			throw new IllegalStateException(what + " would wait on thread " + reader.getName()
					+ ", which reads another node's connection and runs a handler there because "
					+ "dispatch.registry.handlers-on-reader-thread is true: nothing from that node is read while it "
					+ "waits. Use callAsync and complete without waiting, or set "
					+ "dispatch.registry.handlers-on-reader-thread=false for handlers that wait.");
		}
	}

	private static final class ReaderThread extends Thread {

		private boolean runningHandler;

		private long restingUntil = System.nanoTime();

		ReaderThread(Runnable reading, String name) {
			super(reading, name);
		}

	}

}
