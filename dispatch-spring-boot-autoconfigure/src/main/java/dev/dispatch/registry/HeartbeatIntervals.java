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

package dev.dispatch.registry;

/**
 * The last intervals between one node's heartbeats, as this node saw them arrive, and how
 * long a silence they make unusual: longer than the mean plus {@value #DEVIATIONS}
 * standard deviations of the last {@value #WINDOW} intervals, and longer than the longest
 * of them plus the mean (a silence the node recently came back from is no sign of death,
 * however rare), never less than a floor and never more than a ceiling. With fewer than
 * {@value #MIN_SAMPLES} intervals the floor holds. A node whose heartbeats arrive at a
 * steady pace is judged by the floor; one whose heartbeats arrive irregularly gets a
 * longer limit, up to the ceiling.
 * <p>
 * Threads: not thread-safe; {@link NodeLiveness} uses each instance under the lock of the
 * node it belongs to.
 *
 * @author Dispatch team
 */
final class HeartbeatIntervals {

	static final int WINDOW = 1000;

	static final int MIN_SAMPLES = 5;

	static final int DEVIATIONS = 6;

	private final long[] intervals = new long[WINDOW];

	private int count;

	private int next;

	/**
	 * Record the interval between two heartbeats.
	 * @param nanos the interval
	 */
	void add(long nanos) {
		this.intervals[this.next] = nanos;
		this.next = (this.next + 1) % WINDOW;
		this.count = Math.min(this.count + 1, WINDOW);
	}

	int size() {
		return this.count;
	}

	/**
	 * Return how long a silence is unusual for this node.
	 * @param floor the shortest limit
	 * @param ceiling the longest limit
	 * @return the mean plus {@value #DEVIATIONS} standard deviations or the longest
	 * interval plus the mean, whichever is longer, between the floor and the ceiling
	 */
	long limit(long floor, long ceiling) {
		if (this.count < MIN_SAMPLES) {
			return floor;
		}
		double sum = 0;
		long longest = 0;
		for (int i = 0; i < this.count; i++) {
			sum += this.intervals[i];
			longest = Math.max(longest, this.intervals[i]);
		}
		double mean = sum / this.count;
		double squares = 0;
		for (int i = 0; i < this.count; i++) {
			double deviation = this.intervals[i] - mean;
			squares += deviation * deviation;
		}
		double limit = Math.max(mean + DEVIATIONS * Math.sqrt(squares / this.count), longest + mean);
		return Math.max(floor, Math.min(ceiling, (long) limit));
	}

}
