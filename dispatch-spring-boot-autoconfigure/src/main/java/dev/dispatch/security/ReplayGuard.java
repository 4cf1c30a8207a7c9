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

package dev.dispatch.security;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Refuses what was accepted before: for each stream of a sender (named by its salt, the
 * channel, and the recipient of batches of frames), the counters it used within a sliding
 * window behind the highest one seen, and nothing older than the window or than the clock
 * allows. Each stream has its own counter at the sender ({@link Outgoing}), so a burst on
 * one stream never pushes another's messages out of its window. A stream whose last
 * message is older than twice the allowed age is forgotten: anything recorded from it is
 * then refused by its age alone.
 * <p>
 * Only authenticated messages reach this class, so only senders that hold the secret can
 * make it remember them; it forgets the stalest when it remembers too many.
 * <p>
 * Threads: Hazelcast's event threads check messages concurrently; each stream's window is
 * guarded by its own lock.
 *
 * @author Dispatch team
 */
final class ReplayGuard {

	/**
	 * How many counters behind the highest one seen a message may come, out of order.
	 */
	static final int WINDOW = 1 << 16;

	private static final int MAX_STREAMS = 4096;

	private final Map<Stream, Window> windows = new ConcurrentHashMap<>();

	private final long maxAgeMillis;

	ReplayGuard(long maxAgeMillis) {
		this.maxAgeMillis = maxAgeMillis;
	}

	/**
	 * Return whether a message was sent within the allowed age, by this node's clock.
	 * @param sentMillis when it was sent
	 * @param nowMillis the time now
	 * @return whether it is recent
	 */
	boolean isRecent(long sentMillis, long nowMillis) {
		return Math.abs(nowMillis - sentMillis) <= this.maxAgeMillis;
	}

	/**
	 * Record an authenticated, recent message unless it was seen before.
	 * @param stream the sender's stream it belongs to
	 * @param counter the message's counter in that stream
	 * @param sentMillis when it was sent
	 * @param nowMillis the time now
	 * @return whether it is new
	 */
	boolean accept(Stream stream, long counter, long sentMillis, long nowMillis) {
		Window window = this.windows.get(stream);
		if (window == null) {
			forgetSilentStreams(nowMillis);
			window = this.windows.computeIfAbsent(stream, (key) -> new Window());
		}
		return window.accept(counter, sentMillis);
	}

	int streams() {
		return this.windows.size();
	}

	private void forgetSilentStreams(long nowMillis) {
		this.windows.values().removeIf((window) -> window.isSilentSince(nowMillis - 2 * this.maxAgeMillis));
		while (this.windows.size() >= MAX_STREAMS) {
			this.windows.entrySet()
				.stream()
				.min(Comparator.comparingLong((entry) -> entry.getValue().lastSentMillis()))
				.ifPresent((stalest) -> this.windows.remove(stalest.getKey()));
		}
	}

	/**
	 * A sender's salt, as a map key.
	 */
	record Salt(long high, long low) {
	}

	/**
	 * What a sender numbers with one counter.
	 *
	 * @param salt the sender's salt
	 * @param kind the kind of what is sealed
	 * @param recipient the recipient of batches of frames; empty for signed bytes, which
	 * go to every node
	 */
	record Stream(Salt salt, byte kind, String recipient) {
	}

	private static final class Window {

		private final long[] seen = new long[WINDOW / Long.SIZE];

		private long highest = -1;

		private long lastSentMillis;

		synchronized boolean accept(long counter, long sentMillis) {
			if (counter < 0 || counter <= this.highest - WINDOW) {
				return false;
			}
			if (counter > this.highest) {
				clearAfterHighest(counter);
				this.highest = counter;
			}
			else if (isSeen(counter)) {
				return false;
			}
			markSeen(counter);
			this.lastSentMillis = Math.max(this.lastSentMillis, sentMillis);
			return true;
		}

		synchronized long lastSentMillis() {
			return this.lastSentMillis;
		}

		synchronized boolean isSilentSince(long millis) {
			return this.lastSentMillis < millis;
		}

		private void clearAfterHighest(long counter) {
			if (counter - this.highest >= WINDOW) {
				Arrays.fill(this.seen, 0L);
				return;
			}
			for (long cleared = this.highest + 1; cleared < counter; cleared++) {
				int bit = (int) (cleared & (WINDOW - 1));
				this.seen[bit >>> 6] &= ~(1L << bit);
			}
		}

		private boolean isSeen(long counter) {
			int bit = (int) (counter & (WINDOW - 1));
			return (this.seen[bit >>> 6] & (1L << bit)) != 0;
		}

		private void markSeen(long counter) {
			int bit = (int) (counter & (WINDOW - 1));
			this.seen[bit >>> 6] |= 1L << bit;
		}

	}

}
