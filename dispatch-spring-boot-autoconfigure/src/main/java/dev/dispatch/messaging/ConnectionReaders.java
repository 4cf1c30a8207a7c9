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

/**
 * The threads that read the connections of other nodes. With
 * {@code dispatch.registry.handlers-on-reader-thread}, a call to an idle service runs its
 * handler on one of them, and while it runs nothing else from that node is read: a
 * handler there must not wait, least of all for a reply that would come on that very
 * connection.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
public final class ConnectionReaders {

	private ConnectionReaders() {
	}

	static Thread newThread(Runnable reading, String name) {
		return new ReaderThread(reading, name);
	}

	/**
	 * Return whether the current thread reads a connection of another node.
	 * @return whether it does
	 */
	public static boolean isCurrentThread() {
		return Thread.currentThread() instanceof ReaderThread;
	}

	/**
	 * Fail at once if the current thread reads a connection, where waiting would stop
	 * everything from that node, the reply waited for included, until the wait ends.
	 * @param what what would wait, for the message
	 * @throws IllegalStateException on such a thread
	 */
	public static void checkMayWait(String what) {
		if (isCurrentThread()) {
			throw new IllegalStateException(what + " would wait on thread " + Thread.currentThread().getName()
					+ ", which reads another node's connection and runs a handler there because "
					+ "dispatch.registry.handlers-on-reader-thread is true: nothing from that node is read while it "
					+ "waits. Use callAsync and complete without waiting, or set "
					+ "dispatch.registry.handlers-on-reader-thread=false for handlers that wait.");
		}
	}

	private static final class ReaderThread extends Thread {

		ReaderThread(Runnable reading, String name) {
			super(reading, name);
		}

	}

}
