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

import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import dev.dispatch.ServiceRef;
import dev.dispatch.ring.KeyArcs;

/**
 * Keys that a service gained from another stateful service, whose states may still be on
 * their way: their messages wait until their state arrives, the source says it has handed
 * off everything, or the deadline passes.
 * <p>
 * Threads: guarded by the {@link StatefulService} that holds it.
 *
 * @author Dispatch team
 */
final class Incoming {

	private final ServiceRef source;

	private final KeyArcs arcs;

	private final long ringChecksum;

	private final long deadline;

	private final boolean forCopies;

	private final long request;

	private final Set<Long> arrived = new HashSet<>();

	Incoming(ServiceRef source, KeyArcs arcs, long ringChecksum, long deadline) {
		this(source, arcs, ringChecksum, deadline, false, 0);
	}

	private Incoming(ServiceRef source, KeyArcs arcs, long ringChecksum, long deadline, boolean forCopies,
			long request) {
		this.source = source;
		this.arcs = arcs;
		this.ringChecksum = ringChecksum;
		this.deadline = deadline;
		this.forCopies = forCopies;
		this.request = request;
	}

	/**
	 * Return what to wait for instead, now that the source's node died: the copies of
	 * these keys that another service holds as a backup, until it says it sent them all.
	 * @param holder the service asked for its copies
	 * @param ringChecksum the checksum of the ring the copies are asked on
	 * @param deadline when to stop waiting for them
	 * @return the wait for the holder's copies
	 */
	Incoming copiesFrom(ServiceRef holder, long ringChecksum, long deadline) {
		return new Incoming(holder, this.arcs, ringChecksum, deadline, true, ThreadLocalRandom.current().nextLong());
	}

	/**
	 * Return the id of the request for copies that this waits for the answer to.
	 */
	long request() {
		return this.request;
	}

	/**
	 * Return whether this waits for the copies of another service rather than for a
	 * hand-off: only the end of its copies, not the end of its hand-off, ends it.
	 */
	boolean isForCopies() {
		return this.forCopies;
	}

	ServiceRef source() {
		return this.source;
	}

	KeyArcs arcs() {
		return this.arcs;
	}

	long ringChecksum() {
		return this.ringChecksum;
	}

	boolean isExpired(long now) {
		return now - this.deadline >= 0;
	}

	/**
	 * Return whether messages of a key must wait for this hand-off.
	 */
	boolean awaits(long keyHash) {
		return this.arcs.contains(keyHash) && !this.arrived.contains(keyHash);
	}

	/**
	 * Note that the state of a key arrived, if it is one of these keys.
	 */
	void arrived(long keyHash) {
		if (this.arcs.contains(keyHash)) {
			this.arrived.add(keyHash);
		}
	}

}
