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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.LongConsumer;
import java.util.function.LongPredicate;
import java.util.function.Predicate;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.dispatch.ServiceOverloadedException;
import dev.dispatch.ServiceRef;
import dev.dispatch.ServiceUnavailableException;
import dev.dispatch.messaging.ClusterTransport;
import dev.dispatch.messaging.GatedMessage;
import dev.dispatch.messaging.KeyGate;
import dev.dispatch.metrics.DispatchMetrics;
import dev.dispatch.ring.HashRing;
import dev.dispatch.ring.RingChanges;

/**
 * A stateful service of this node as its gate sees it. It knows two rings: the newest
 * that this node routes by, and the one its last hand-off ran on, which says where the
 * states of its keys are.
 * <p>
 * A message routed by key runs where the key's state is. If this service took the key's
 * state over since its last hand-off, the message runs. If its last hand-off gave the key
 * to another service still on the ring, the message is forwarded there, behind the state.
 * If this service owns the key on the newest ring and the key's state may still be on its
 * way, or has seen no ring yet, the message waits, in order, until the state arrives, the
 * source says it has handed off everything, or the hand-off timeout passes. Otherwise it
 * runs: a key this service no longer owns but has not handed off yet still has its state
 * here, and moves with the message's effect. A message forwarded {@link #MAX_HOPS} times,
 * which happens only while two nodes' views disagree, waits for this service's next ring
 * or hand-off, and fails after the hand-off timeout. With backups, a copy of the key this
 * service holds is installed before the message runs, and its reply waits for the key's
 * backups.
 * <p>
 * Threads: the gate runs on the service's workers; ring changes and timeouts on the
 * hand-off thread; arrivals, end markers and hand-offs on the service's worker. All of
 * them lock this object, which is never held while a handler or a send runs.
 *
 * @author Dispatch team
 */
final class StatefulService implements KeyGate {

	private static final Log logger = LogFactory.getLog(StatefulService.class);

	static final int MAX_HOPS = 16;

	static final Duration FORWARD_TIMEOUT = Duration.ofSeconds(30);

	private final ServiceRef ref;

	private final ClusterTransport transport;

	private final AwaitedStates awaited;

	private final HeldMessages held = new HeldMessages();

	/**
	 * The keys whose states this service took over since its last hand-off.
	 */
	private final Set<Long> adopted = new HashSet<>();

	private HashRing<ServiceRef> ring = HashRing.empty();

	private HashRing<ServiceRef> handedOff = HashRing.empty();

	private boolean seenRing;

	private volatile LongConsumer promoter = (keyHash) -> {
	};

	private volatile LongPredicate hasCopy = (keyHash) -> false;

	private volatile @Nullable Replicas replicas;

	StatefulService(ServiceRef ref, ClusterTransport transport) {
		this.ref = ref;
		this.transport = transport;
		this.awaited = new AwaitedStates(ref);
	}

	ServiceRef ref() {
		return this.ref;
	}

	synchronized HashRing<ServiceRef> ring() {
		return this.ring;
	}

	/**
	 * Let a service's backups take part: a message of a key whose copy this service holds
	 * installs it before it runs, and each message's reply waits for its key's backups.
	 * @param promoter installs the copy of a key, if this service holds one
	 * @param hasCopy whether this service holds a copy of a key
	 * @param replicas the service's own backups, or {@code null} without
	 */
	void backedBy(LongConsumer promoter, LongPredicate hasCopy, @Nullable Replicas replicas) {
		this.promoter = promoter;
		this.hasCopy = hasCopy;
		this.replicas = replicas;
	}

	@Override
	public BiConsumer<@Nullable Object, @Nullable Throwable> afterRun(GatedMessage message,
			BiConsumer<@Nullable Object, @Nullable Throwable> done) {
		Replicas replicas = this.replicas;
		return (replicas != null) ? replicas.afterRun(message, done) : done;
	}

	@Override
	public boolean admit(GatedMessage message) {
		Replicas replicas = this.replicas;
		if (replicas != null && replicas.refusedWithoutKey(message)) {
			return false;
		}
		long keyHash = message.keyHash();
		ServiceRef forwardTo = null;
		boolean refused = false;
		boolean waiting = false;
		synchronized (this) {
			ServiceRef owner = this.ring.find(keyHash);
			if (this.adopted.contains(keyHash) || (owner == null && this.seenRing)) {
				return true;
			}
			ServiceRef holder = this.handedOff.find(keyHash);
			// a holder that left the ring since has handed the key on, or died with it:
			// the message is decided as for a key this service may be waiting for
			if (holder != null && !holder.equals(this.ref) && this.ring.contains(holder.id())) {
				if (message.hops() < MAX_HOPS) {
					forwardTo = holder;
				}
				else {
					refused = !this.held.holdStray(message, System.nanoTime());
					waiting = !refused;
				}
			}
			else if (owner == null || (owner.equals(this.ref) && (awaits(keyHash) || this.held.holdsKey(keyHash)))) {
				// before its first ring, the service cannot know where the key's state is
				refused = !this.held.holdForKey(message, keyHash);
				waiting = !refused;
			}
			else if (!owner.equals(this.ref)) {
				return true;
			}
		}
		if (forwardTo == null && !refused && !waiting) {
			// this service owns the key and nothing waits for its state: a copy it holds
			// as a backup is installed first
			this.promoter.accept(keyHash);
			return true;
		}
		if (refused) {
			message.complete(null, new ServiceOverloadedException(this.ref, HeldMessages.MAX_HELD));
		}
		else if (forwardTo != null) {
			message.forwardTo(this.transport, forwardTo, FORWARD_TIMEOUT);
		}
		return false;
	}

	/**
	 * Return whether the state of a key is awaited: none of its messages ran here since
	 * this service gained it.
	 * @param keyHash the hash of the key
	 * @return whether a hand-off to this service awaits it
	 */
	synchronized boolean awaits(long keyHash) {
		return this.awaited.awaits(keyHash);
	}

	/**
	 * Take a new ring: note the keys gained from stateful sources, whose messages then
	 * wait for their states, and let run what need not wait any more. With backups, the
	 * keys awaited from a source whose node left wait for the copies of the other
	 * services instead.
	 * @param after the new ring
	 * @param moves how keys moved to this service
	 * @param stateful whether a service keeps state per key
	 * @param refs the services of both rings by id
	 * @param deadline when to stop waiting for the gained keys' states
	 * @param isMember whether a node is still in the cluster
	 * @return the copies to ask for
	 */
	synchronized List<Incoming> ringChanged(HashRing<ServiceRef> after, List<RingChanges.Move> moves,
			Predicate<String> stateful, Map<String, ServiceRef> refs, long deadline, Predicate<String> isMember) {
		this.ring = after;
		this.seenRing = true;
		if (this.handedOff.size() == 0) {
			this.handedOff = after;
		}
		for (RingChanges.Move move : moves) {
			ServiceRef source = refs.get(move.from());
			if (move.to().equals(this.ref.id()) && source != null && stateful.test(move.from())
					&& isMember.test(source.node())) {
				this.awaited.await(source, new Incoming(source, move.arcs(), after.checksum(), deadline),
						after.checksum(), after.checksum());
			}
		}
		List<Incoming> asked = askForCopies(this.awaited.takeOrphans(isMember), isMember, deadline);
		this.awaited.forgetDone(after);
		releaseWhatMayRun();
		this.held.releaseStrays();
		return asked;
	}

	private List<Incoming> askForCopies(List<Incoming> orphaned, Predicate<String> isMember, long deadline) {
		return (this.replicas != null) ? this.awaited.awaitCopiesInstead(orphaned, this.ring, isMember, deadline)
				: List.of();
	}

	/**
	 * A hand-off ran on a ring: the states of the keys this service does not own there
	 * are with their owners, except those it kept because a newer ring gave them back.
	 * @param on the ring it ran on
	 * @param kept the hashes of the keys whose states it kept
	 */
	synchronized void handedOff(HashRing<ServiceRef> on, Set<Long> kept) {
		this.handedOff = on;
		this.adopted.clear();
		this.adopted.addAll(kept);
		this.held.releaseStrays();
	}

	/**
	 * A source said it handed off every key it holds and does not own on a ring.
	 * @param source the source's id
	 * @param ringChecksum the checksum of its ring
	 */
	synchronized void doneFrom(String source, long ringChecksum) {
		this.awaited.doneFrom(source, ringChecksum, this.ring.checksum());
		releaseWhatMayRun();
	}

	/**
	 * A service said it sent every copy that a request asked for.
	 * @param holder the service's id
	 * @param request the request's id
	 * @return how many keys with held messages now run without a state, none having come
	 */
	synchronized int copiesDoneFrom(String holder, long request) {
		int lost = keysLost(this.awaited.copiesDoneFrom(holder, request));
		releaseWhatMayRun();
		return lost;
	}

	/**
	 * States of keys arrived from a source.
	 * @param source the source's id
	 * @param keyHashes the hashes of every key that arrived
	 * @param takenOver the hashes of those whose state this service took over
	 * @return whether a key taken over is not owned by this service on its newest ring
	 */
	synchronized boolean arrived(String source, List<Long> keyHashes, List<Long> takenOver) {
		for (long keyHash : keyHashes) {
			this.awaited.arrived(source, keyHash);
		}
		boolean notOwned = false;
		for (long keyHash : takenOver) {
			this.adopted.add(keyHash);
			notOwned |= !this.ref.equals(this.ring.find(keyHash));
		}
		releaseWhatMayRun();
		this.held.releaseStrays();
		return notOwned;
	}

	/**
	 * Stop waiting for the hand-offs whose deadline passed or whose source's node left
	 * the cluster (its states will never come), and fail the strays that waited a
	 * hand-off timeout for two views to agree.
	 * @param now the time
	 * @param timeout the hand-off timeout
	 * @param isMember whether a node is still in the cluster
	 * @param metrics where to count the keys that timed out or whose source left
	 */
	synchronized List<Incoming> expire(long now, Duration timeout, Predicate<String> isMember,
			DispatchMetrics metrics) {
		List<Incoming> orphaned = this.awaited.takeOrphans(isMember);
		List<Incoming> expired = this.awaited.takeExpired(now);
		List<Incoming> asked = askForCopies(orphaned, isMember, now + timeout.toNanos());
		if (!asked.isEmpty()) {
			orphaned.removeIf((waiting) -> !waiting.isForCopies());
		}
		int timedOut = keysNoLongerAwaited(expired);
		int lost = keysLost(orphaned);
		List<GatedMessage> overdue = this.held.takeOverdueStrays(now, timeout.toNanos());
		for (GatedMessage message : overdue) {
			message.complete(null, new ServiceUnavailableException(this.ref.type(), "A message for service "
					+ this.ref.id() + " of type '" + this.ref.type() + "' was forwarded " + message.hops()
					+ " times between services whose views of the ring disagree, and they still disagreed after "
					+ timeout.toMillis() + " ms"));
		}
		expired.forEach((waiting) -> stoppedWaiting(waiting, "after " + timeout.toMillis() + " ms"));
		orphaned.forEach((waiting) -> stoppedWaiting(waiting, "its node " + waiting.source().node() + " left"));
		if (timedOut > 0) {
			logger.warn("The messages of " + timedOut + " keys of service " + this.ref.id() + " of type '"
					+ this.ref.type() + "' run without their state after waiting " + timeout.toMillis() + " ms");
			metrics.handoffs(this.ref.type(), "timeout", timedOut);
		}
		if (lost > 0) {
			logger.warn("The messages of " + lost + " keys of service " + this.ref.id() + " of type '" + this.ref.type()
					+ "' run without their state: the node that held it left the cluster");
			metrics.handoffs(this.ref.type(), "lost", lost);
		}
		if (!overdue.isEmpty()) {
			metrics.handoffs(this.ref.type(), "misrouted", overdue.size());
		}
		releaseWhatMayRun();
		return asked;
	}

	private void stoppedWaiting(Incoming waiting, String why) {
		logger.warn("Service " + this.ref.id() + " of type '" + this.ref.type()
				+ "' stopped waiting for the states that service " + waiting.source().id() + " had to hand off: "
				+ why);
	}

	/**
	 * Return how many keys with held messages waited for one of the given hand-offs and
	 * wait for no other.
	 */
	private int keysNoLongerAwaited(List<Incoming> stopped) {
		int keys = 0;
		for (Long keyHash : this.held.keys()) {
			if (stopped.stream().anyMatch((waiting) -> waiting.awaits(keyHash)) && !awaits(keyHash)) {
				keys++;
			}
		}
		return keys;
	}

	/**
	 * Return those keys of {@link #keysNoLongerAwaited} that have no copy here either.
	 */
	private int keysLost(List<Incoming> stopped) {
		return (int) this.held.keys()
			.stream()
			.filter((keyHash) -> stopped.stream().anyMatch((waiting) -> waiting.awaits(keyHash)))
			.filter((keyHash) -> !awaits(keyHash) && !this.hasCopy.test(keyHash))
			.count();
	}

	private void releaseWhatMayRun() {
		this.held.releaseWhere((keyHash) -> !awaits(keyHash));
	}

	/**
	 * The service was removed: let every message it holds be decided on again, in order,
	 * so that each goes where its key's state is (or runs here if its type has no other
	 * service), like the messages its mailbox had already accepted.
	 */
	synchronized void removed() {
		this.awaited.clear();
		this.held.releaseAll();
	}

	/**
	 * Return how many messages wait here.
	 * @return the number of held messages
	 */
	synchronized int heldCount() {
		return this.held.count();
	}

}
