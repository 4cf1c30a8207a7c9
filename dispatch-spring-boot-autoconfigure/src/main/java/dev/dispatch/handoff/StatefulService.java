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

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.function.Predicate;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.dispatch.DispatchException;
import dev.dispatch.ServiceRef;
import dev.dispatch.messaging.ClusterTransport;
import dev.dispatch.messaging.GatedMessage;
import dev.dispatch.messaging.KeyGate;
import dev.dispatch.metrics.DispatchMetrics;
import dev.dispatch.ring.HashRing;
import dev.dispatch.ring.RingChanges;

/**
 * A stateful service of this node as its gate sees it: the ring it routes by, the keys it
 * gained whose states may still be on their way, and the messages that wait for them.
 * <p>
 * A message routed by key runs here when this service owns the key on that ring and no
 * state of the key is on its way; a message for a key owned by another service is
 * forwarded there (at most {@link #MAX_HOPS} times, after which it runs here, since the
 * nodes' views disagree); a message for a key whose state is on its way waits, in order,
 * until the state arrives, the source says it has handed off everything, or the hand-off
 * timeout passes.
 * <p>
 * Threads: the gate runs on the service's workers; ring changes and timeouts on the
 * hand-off thread; end markers on the service's worker. All of them lock this object,
 * which is never held while a handler or a send runs.
 *
 * @author Dispatch team
 */
final class StatefulService implements KeyGate {

	private static final Log logger = LogFactory.getLog(KeyedStates.class);

	static final int MAX_HOPS = 3;

	static final Duration FORWARD_TIMEOUT = Duration.ofSeconds(30);

	private static final int MAX_REMEMBERED_SOURCES = 4096;

	private final ServiceRef ref;

	private final ClusterTransport transport;

	private final List<Incoming> incoming = new ArrayList<>();

	private final Map<Long, ArrayDeque<GatedMessage>> held = new LinkedHashMap<>();

	/**
	 * The ring checksum that each source last said it had handed off on.
	 */
	private final Map<String, Long> doneOn = new HashMap<>();

	private HashRing<ServiceRef> ring = HashRing.empty();

	StatefulService(ServiceRef ref, ClusterTransport transport) {
		this.ref = ref;
		this.transport = transport;
	}

	ServiceRef ref() {
		return this.ref;
	}

	synchronized HashRing<ServiceRef> ring() {
		return this.ring;
	}

	@Override
	public boolean admit(GatedMessage message) {
		ServiceRef forwardTo;
		synchronized (this) {
			long keyHash = message.keyHash();
			ServiceRef owner = this.ring.find(keyHash);
			if (owner == null || (owner.equals(this.ref) && this.incoming.isEmpty() && this.held.isEmpty())) {
				return true;
			}
			if (owner.equals(this.ref) || message.hops() >= MAX_HOPS) {
				if (!awaits(keyHash) && !this.held.containsKey(keyHash)) {
					return true;
				}
				this.held.computeIfAbsent(keyHash, (hash) -> new ArrayDeque<>()).add(message);
				return false;
			}
			forwardTo = owner;
		}
		forward(message, forwardTo);
		return false;
	}

	private boolean awaits(long keyHash) {
		for (Incoming waiting : this.incoming) {
			if (waiting.awaits(keyHash)) {
				return true;
			}
		}
		return false;
	}

	private void forward(GatedMessage message, ServiceRef owner) {
		try {
			this.transport.call(owner, message.message(), Object.class, FORWARD_TIMEOUT, message.forwardHeaders())
				.whenComplete((reply, error) -> message.complete(reply, unwrap(error)));
		}
		catch (DispatchException ex) {
			message.complete(null, ex);
		}
	}

	private static @Nullable Throwable unwrap(@Nullable Throwable error) {
		return (error instanceof CompletionException && error.getCause() != null) ? error.getCause() : error;
	}

	/**
	 * Take a new ring: note the keys gained from stateful sources, whose messages then
	 * wait for their states, and let run what need not wait any more.
	 * @param after the new ring
	 * @param moves how keys moved from the previous ring
	 * @param stateful whether a service keeps state per key
	 * @param refs the services of both rings by id
	 * @param deadline when to stop waiting for the gained keys' states
	 * @param isMember whether a node is still in the cluster
	 * @return whether a state is now awaited
	 */
	synchronized boolean ringChanged(HashRing<ServiceRef> after, List<RingChanges.Move> moves,
			Predicate<String> stateful, Map<String, ServiceRef> refs, long deadline, Predicate<String> isMember) {
		this.ring = after;
		boolean awaiting = false;
		for (RingChanges.Move move : moves) {
			ServiceRef source = refs.get(move.from());
			if (move.to().equals(this.ref.id()) && source != null && stateful.test(move.from())
					&& isMember.test(source.node()) && !isDone(move.from(), after.checksum())) {
				this.incoming.add(new Incoming(source, move.arcs(), after.checksum(), deadline));
				awaiting = true;
			}
		}
		this.incoming.removeIf((waiting) -> !isMember.test(waiting.source().node())
				|| isDone(waiting.source().id(), waiting.ringChecksum()));
		this.doneOn.keySet().removeIf((source) -> !after.contains(source) && !isAwaited(source));
		releaseWhatMayRun();
		return awaiting;
	}

	private boolean isDone(String source, long ringChecksum) {
		Long done = this.doneOn.get(source);
		return done != null && (done == ringChecksum || done == this.ring.checksum());
	}

	private boolean isAwaited(String source) {
		return this.incoming.stream().anyMatch((waiting) -> waiting.source().id().equals(source));
	}

	/**
	 * A source said it handed off every key it holds and does not own on a ring.
	 * @param source the source's id
	 * @param ringChecksum the checksum of its ring
	 */
	synchronized void doneFrom(String source, long ringChecksum) {
		if (this.doneOn.size() >= MAX_REMEMBERED_SOURCES && !this.doneOn.containsKey(source)) {
			this.doneOn.clear();
		}
		this.doneOn.put(source, ringChecksum);
		this.incoming
			.removeIf((waiting) -> waiting.source().id().equals(source) && isDone(source, waiting.ringChecksum()));
		releaseWhatMayRun();
	}

	/**
	 * The states of keys arrived from a source and were taken over, or failed.
	 * @param source the source's id
	 * @param keyHashes the hashes of their keys
	 * @return whether a key among them is not owned by this service on its ring
	 */
	synchronized boolean arrived(String source, List<Long> keyHashes) {
		boolean notOwned = false;
		for (long keyHash : keyHashes) {
			for (Incoming waiting : this.incoming) {
				if (waiting.source().id().equals(source)) {
					waiting.arrived(keyHash);
				}
			}
			notOwned |= !this.ref.equals(this.ring.find(keyHash));
		}
		releaseWhatMayRun();
		return notOwned;
	}

	/**
	 * Stop waiting for the hand-offs whose deadline passed: their keys' messages run
	 * without their state.
	 * @param now the time
	 * @param metrics where to count the keys that timed out
	 */
	synchronized void expire(long now, DispatchMetrics metrics) {
		List<Incoming> expired = new ArrayList<>();
		for (Iterator<Incoming> it = this.incoming.iterator(); it.hasNext();) {
			Incoming waiting = it.next();
			if (waiting.isExpired(now)) {
				expired.add(waiting);
				it.remove();
			}
		}
		if (expired.isEmpty()) {
			return;
		}
		int keys = 0;
		for (Long keyHash : this.held.keySet()) {
			if (expired.stream().anyMatch((waiting) -> waiting.awaits(keyHash)) && !awaits(keyHash)) {
				keys++;
			}
		}
		for (Incoming waiting : expired) {
			logger.warn("Service " + this.ref.id() + " of type '" + this.ref.type()
					+ "' stopped waiting for the states that service " + waiting.source().id()
					+ " had to hand off; the messages of " + keys + " keys run without their state");
		}
		if (keys > 0) {
			metrics.handoffs(this.ref.type(), "timeout", keys);
		}
		releaseWhatMayRun();
	}

	private void releaseWhatMayRun() {
		for (Iterator<Map.Entry<Long, ArrayDeque<GatedMessage>>> it = this.held.entrySet().iterator(); it.hasNext();) {
			Map.Entry<Long, ArrayDeque<GatedMessage>> waiting = it.next();
			if (!awaits(waiting.getKey())) {
				it.remove();
				waiting.getValue().forEach(GatedMessage::release);
			}
		}
	}

	/**
	 * Return how many messages wait for states.
	 * @return the number of held messages
	 */
	synchronized int heldCount() {
		return this.held.values().stream().mapToInt(ArrayDeque::size).sum();
	}

}
