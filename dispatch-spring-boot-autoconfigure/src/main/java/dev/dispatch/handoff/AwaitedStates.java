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

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import dev.dispatch.ServiceRef;
import dev.dispatch.ring.HashRing;

/**
 * What one stateful service waits for, and from whom: the hand-offs of the keys it
 * gained, each until its source says it has handed off everything on a ring, and, when
 * the node of such a source died, the copies of those keys that the type's other services
 * hold as backups, each until that service says it sent them all.
 * <p>
 * Threads: guarded by the {@link StatefulService} that holds it.
 *
 * @author Dispatch team
 */
final class AwaitedStates {

	private static final int MAX_REMEMBERED_SOURCES = 4096;

	private final ServiceRef ref;

	private final List<Incoming> incoming = new ArrayList<>();

	/**
	 * The ring checksum that each source last said it had handed off on.
	 */
	private final Map<String, Long> doneOn = new HashMap<>();

	AwaitedStates(ServiceRef ref) {
		this.ref = ref;
	}

	/**
	 * Return whether the state of a key is awaited.
	 */
	boolean awaits(long keyHash) {
		for (Incoming waiting : this.incoming) {
			if (waiting.awaits(keyHash)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Await the hand-off of keys from a source, unless it said it handed off on the ring.
	 */
	void await(ServiceRef source, Incoming waiting, long ringChecksum, long currentChecksum) {
		if (!isDone(source.id(), ringChecksum, currentChecksum)) {
			this.incoming.add(waiting);
		}
	}

	/**
	 * Stop awaiting the hand-offs whose sources said they are done, and forget what
	 * sources off the ring said.
	 */
	void forgetDone(HashRing<ServiceRef> ring) {
		this.incoming.removeIf((waiting) -> !waiting.isForCopies()
				&& isDone(waiting.source().id(), waiting.ringChecksum(), ring.checksum()));
		this.doneOn.keySet().removeIf((source) -> !ring.contains(source) && !isAwaited(source));
	}

	private boolean isDone(String source, long ringChecksum, long currentChecksum) {
		Long done = this.doneOn.get(source);
		return done != null && (done == ringChecksum || done == currentChecksum);
	}

	private boolean isAwaited(String source) {
		return this.incoming.stream().anyMatch((waiting) -> waiting.source().id().equals(source));
	}

	/**
	 * A source said it handed off every key it holds and does not own on a ring.
	 */
	void doneFrom(String source, long ringChecksum, long currentChecksum) {
		if (this.doneOn.size() >= MAX_REMEMBERED_SOURCES && !this.doneOn.containsKey(source)) {
			this.doneOn.clear();
		}
		this.doneOn.put(source, ringChecksum);
		this.incoming.removeIf((waiting) -> !waiting.isForCopies() && waiting.source().id().equals(source)
				&& isDone(source, waiting.ringChecksum(), currentChecksum));
	}

	/**
	 * A service said it sent every copy that one request asked for.
	 * @return the wait that ended, if any
	 */
	List<Incoming> copiesDoneFrom(String holder, long request) {
		List<Incoming> ended = new ArrayList<>();
		this.incoming.removeIf((waiting) -> waiting.isForCopies() && waiting.request() == request
				&& waiting.source().id().equals(holder) && ended.add(waiting));
		return ended;
	}

	/**
	 * The state of a key arrived from a source.
	 */
	void arrived(String source, long keyHash) {
		for (Incoming waiting : this.incoming) {
			if (waiting.source().id().equals(source)) {
				waiting.arrived(keyHash);
			}
		}
	}

	/**
	 * Stop awaiting, and return, what comes from nodes no longer in the cluster.
	 */
	List<Incoming> takeOrphans(Predicate<String> isMember) {
		return take((waiting) -> !isMember.test(waiting.source().node()));
	}

	/**
	 * Stop awaiting, and return, what waited past its deadline.
	 */
	List<Incoming> takeExpired(long now) {
		return take((waiting) -> waiting.isExpired(now));
	}

	private List<Incoming> take(Predicate<Incoming> which) {
		List<Incoming> taken = new ArrayList<>();
		for (Iterator<Incoming> it = this.incoming.iterator(); it.hasNext();) {
			Incoming waiting = it.next();
			if (which.test(waiting)) {
				taken.add(waiting);
				it.remove();
			}
		}
		return taken;
	}

	/**
	 * Await, instead of the hand-offs of sources whose node died, the copies of their
	 * keys that the other services on the ring hold as backups.
	 * @param orphaned the hand-offs whose source's node died
	 * @param ring the ring to ask on
	 * @param isMember whether a node is still in the cluster
	 * @param deadline when to stop waiting for the copies
	 * @return the copies now awaited, one for each service to ask
	 */
	List<Incoming> awaitCopiesInstead(List<Incoming> orphaned, HashRing<ServiceRef> ring, Predicate<String> isMember,
			long deadline) {
		List<Incoming> asked = new ArrayList<>();
		for (Incoming orphan : orphaned) {
			if (orphan.isForCopies()) {
				continue;
			}
			for (ServiceRef holder : ring.values()) {
				if (!holder.equals(this.ref) && !holder.equals(orphan.source()) && isMember.test(holder.node())) {
					Incoming copies = orphan.copiesFrom(holder, ring.checksum(), deadline);
					this.incoming.add(copies);
					asked.add(copies);
				}
			}
		}
		return asked;
	}

	void clear() {
		this.incoming.clear();
	}

}
