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
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.dispatch.DispatchException;
import dev.dispatch.ServiceRef;
import dev.dispatch.handoff.HandoffChannel.KeyState;
import dev.dispatch.metrics.DispatchMetrics;
import dev.dispatch.ring.HashRing;
import dev.dispatch.ring.KeyHasher;

/**
 * What other services hand to this node's stateful services: states, taken over alone on
 * the target's worker, and end markers. Both are believed only from the node of the
 * service they name as their source, as this node's rings place it (one from a service
 * not seen yet waits for it to appear, since this node's view may be behind the
 * sender's); states for a service no longer here move on to their keys' owners, in its
 * name.
 * <p>
 * Threads: the inbox thread, or the worker of a handing-off service of this node; the
 * hand-off thread records the services it sees on rings.
 *
 * @author Dispatch team
 */
final class StateArrivals implements HandoffListener {

	private static final Log logger = LogFactory.getLog(StateArrivals.class);

	/**
	 * How many chunks of states and end markers one node may have waiting here (2 GiB of
	 * states at most): beyond, they are dropped, since a topic cannot slow its publisher
	 * down.
	 */
	static final int MAX_QUEUED_PER_SENDER = 8192;

	private static final int MAX_KNOWN_SERVICES = 100_000;

	private static final int MAX_UNSEEN = 1024;

	private static final long UNSEEN_NANOS = TimeUnit.MINUTES.toNanos(1);

	private final Map<String, StateMover> services;

	private final HandoffChannel channel;

	private final String localNode;

	private final Supplier<DispatchMetrics> metrics;

	private final Map<String, AtomicInteger> queued = new ConcurrentHashMap<>();

	private final Map<String, ServiceRef> knownServices = new ConcurrentHashMap<>();

	private final Map<String, HashRing<ServiceRef>> rings = new ConcurrentHashMap<>();

	private final Map<String, List<Deferred>> unseen = new HashMap<>();

	StateArrivals(Map<String, StateMover> services, HandoffChannel channel, String localNode,
			Supplier<DispatchMetrics> metrics) {
		this.services = services;
		this.channel = channel;
		this.localNode = localNode;
		this.metrics = metrics;
	}

	/**
	 * Remember a type's newest ring and the services seen on it and the one before.
	 */
	void remember(String type, HashRing<ServiceRef> ring, Map<String, ServiceRef> services) {
		this.rings.put(type, ring);
		if (this.knownServices.size() > MAX_KNOWN_SERVICES) {
			this.knownServices.clear();
		}
		this.knownServices.putAll(services);
		List<Runnable> ready = new ArrayList<>();
		synchronized (this.unseen) {
			long now = System.nanoTime();
			for (String id : services.keySet()) {
				List<Deferred> deferred = this.unseen.remove(id);
				if (deferred != null) {
					deferred.forEach((delivery) -> ready.add(delivery.delivery()));
				}
			}
			this.unseen.values().forEach((deferred) -> deferred.removeIf((delivery) -> delivery.isOlder(now)));
			this.unseen.values().removeIf(List::isEmpty);
		}
		ready.forEach(Runnable::run);
	}

	/**
	 * Keep a hand-off from a service that this node has not seen on a ring yet, since its
	 * view may be behind the sender's, until the service appears, for at most a minute.
	 * @return whether it was kept: not when the source is known, or too many wait
	 */
	boolean deferIfUnseen(String sourceId, Runnable delivery) {
		if (this.knownServices.containsKey(sourceId)) {
			return false;
		}
		synchronized (this.unseen) {
			int waiting = this.unseen.values().stream().mapToInt(List::size).sum();
			if (waiting >= MAX_UNSEEN) {
				return false;
			}
			this.unseen.computeIfAbsent(sourceId, (id) -> new ArrayList<>())
				.add(new Deferred(delivery, System.nanoTime()));
		}
		return true;
	}

	@Override
	public void statesArrived(String targetId, String sourceId, String sender, List<ArrivingState> states) {
		if (deferIfUnseen(sourceId, () -> statesArrived(targetId, sourceId, sender, states))) {
			return;
		}
		if (!isFrom(sourceId, sender)) {
			logger.warn("Dropped the states of " + states.size() + " keys that node " + sender + " handed to service "
					+ targetId + " in the name of service " + sourceId + ", not of that node");
			return;
		}
		StateMover mover = this.services.get(targetId);
		if (mover == null) {
			handOn(targetId, states);
			return;
		}
		AtomicInteger waiting = waiting(sender);
		if (waiting == null) {
			logger.warn("Dropped the states of " + states.size() + " keys that node " + sender + " handed to service "
					+ targetId + ": " + MAX_QUEUED_PER_SENDER + " chunks already wait");
			this.metrics.get().handoffs(mover.service().ref().type(), "failed", states.size());
			return;
		}
		mover.worker().runAlone(() -> {
			waiting.decrementAndGet();
			mover.takeOver(sourceId, states);
		});
	}

	@Override
	public void doneArrived(String targetId, String sourceId, String sender, long ringChecksum) {
		StateMover mover = this.services.get(targetId);
		if (mover == null || deferIfUnseen(sourceId, () -> doneArrived(targetId, sourceId, sender, ringChecksum))
				|| !isFrom(sourceId, sender)) {
			return;
		}
		AtomicInteger waiting = waiting(sender);
		if (waiting != null) {
			mover.worker().runAlone(() -> {
				waiting.decrementAndGet();
				mover.service().doneFrom(sourceId, ringChecksum);
			});
		}
	}

	boolean isFrom(String sourceId, String sender) {
		ServiceRef source = this.knownServices.get(sourceId);
		return source != null && source.node().equals(sender);
	}

	/**
	 * Return whether a service is known, on a node, and of a type.
	 */
	boolean isFrom(String sourceId, String sender, String type) {
		ServiceRef source = this.knownServices.get(sourceId);
		return source != null && source.node().equals(sender) && source.type().equals(type);
	}

	/**
	 * Count one more task waiting for a sender, unless it has too many waiting already.
	 */
	private AtomicInteger waiting(String sender) {
		AtomicInteger waiting = this.queued.computeIfAbsent(sender, (node) -> new AtomicInteger());
		if (waiting.incrementAndGet() > MAX_QUEUED_PER_SENDER && !sender.equals(this.localNode)) {
			waiting.decrementAndGet();
			return null;
		}
		return waiting;
	}

	/**
	 * Hand states that arrived for a service no longer here to their keys' owners, in the
	 * name of that service.
	 */
	private void handOn(String targetId, List<ArrivingState> states) {
		ServiceRef target = this.knownServices.get(targetId);
		HashRing<ServiceRef> ring = (target != null) ? this.rings.get(target.type()) : null;
		if (target == null || ring == null || !target.node().equals(this.localNode)) {
			logger.warn("Dropped the states of " + states.size() + " keys handed to service " + targetId
					+ ", which is not a stateful service of this node");
			return;
		}
		Map<ServiceRef, List<KeyState>> byOwner = new HashMap<>();
		int failed = 0;
		for (ArrivingState arriving : states) {
			try {
				Object key = arriving.key();
				long keyHash = KeyHasher.hash(key);
				ServiceRef owner = ring.find(keyHash);
				if (owner == null || owner.equals(target)) {
					throw new DispatchException("no other service owns its key");
				}
				byOwner.computeIfAbsent(owner, (ref) -> new ArrayList<>())
					.add(new KeyState(key, keyHash, arriving.state()));
			}
			catch (RuntimeException ex) {
				failed++;
				logger.warn("Could not hand on a state that arrived for removed service " + targetId + ": " + ex);
			}
		}
		byOwner.forEach((owner, moving) -> this.channel.send(target, owner, moving));
		if (failed > 0) {
			this.metrics.get().handoffs(target.type(), "failed", failed);
		}
	}

	private record Deferred(Runnable delivery, long since) {

		boolean isOlder(long now) {
			return now - this.since > UNSEEN_NANOS;
		}

	}

}
