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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.dispatch.DispatchException;
import dev.dispatch.KeyedState;
import dev.dispatch.ServiceRef;
import dev.dispatch.messaging.FrameHooks;
import dev.dispatch.handoff.HandoffChannel.KeyState;
import dev.dispatch.handoff.HandoffListener.ArrivingState;
import dev.dispatch.messaging.ServiceWorker;
import dev.dispatch.metrics.DispatchMetrics;
import dev.dispatch.ring.HashRing;
import dev.dispatch.ring.KeyHasher;

/**
 * Moves the states of one stateful service of this node: hands off, alone on the
 * service's worker, every key it holds but does not own on its ring, then tells every
 * other stateful service of the type that it has; and takes over the states that arrive
 * for it.
 * <p>
 * Threads: the hand-off and the take-over run on the service's worker, so never at the
 * same time as a message of the same key; the hand-off thread schedules them.
 *
 * @author Dispatch team
 */
final class StateMover {

	private static final Log logger = LogFactory.getLog(StateMover.class);

	private final StatefulService service;

	private final KeyedState<Object> handler;

	private final Class<?> stateType;

	private final ServiceWorker worker;

	private final HandoffChannel channel;

	private final Supplier<DispatchMetrics> metrics;

	private final Supplier<Set<String>> statefulOfType;

	private final Runnable started;

	private final Runnable finished;

	private final Consumer<Runnable> later;

	private final ServiceBackups backups;

	/**
	 * How many states for one owner are sent at once, so that the owner takes them over
	 * while the rest are handed off.
	 */
	private static final int SEND_EVERY = 1024;

	private final AtomicBoolean handOffQueued = new AtomicBoolean();

	@SuppressWarnings("unchecked")
	StateMover(StatefulService service, KeyedState<?> handler, Class<?> stateType, ServiceWorker worker,
			HandoffChannel channel, Supplier<DispatchMetrics> metrics, Supplier<Set<String>> statefulOfType,
			Runnable started, Runnable finished, Consumer<Runnable> later, FrameHooks hooks, int backups) {
		this.service = service;
		this.handler = (KeyedState<Object>) handler;
		this.stateType = stateType;
		this.worker = worker;
		this.channel = channel;
		this.metrics = metrics;
		this.statefulOfType = statefulOfType;
		this.started = started;
		this.finished = finished;
		this.later = later;
		this.backups = new ServiceBackups(service.ref(), this.handler, stateType, service, hooks, backups, metrics);
	}

	StatefulService service() {
		return this.service;
	}

	ServiceWorker worker() {
		return this.worker;
	}

	ServiceBackups backups() {
		return this.backups;
	}

	BackupStore store() {
		return this.backups.store();
	}

	@Nullable Replicas replicas() {
		return this.backups.replicas();
	}

	/**
	 * Hand off, once every message before it has run, the keys this service does not own
	 * on its ring at that time; a hand-off already waiting to run covers this one.
	 */
	void scheduleHandOff() {
		if (!this.handOffQueued.compareAndSet(false, true)) {
			return;
		}
		this.started.run();
		try {
			this.worker.runAlone(() -> {
				try {
					this.handOffQueued.set(false);
					handOffKeysNotOwned();
				}
				finally {
					this.finished.run();
				}
			});
		}
		catch (RuntimeException ex) {
			this.handOffQueued.set(false);
			this.finished.run();
			throw ex;
		}
	}

	private void handOffKeysNotOwned() {
		ServiceRef ref = this.service.ref();
		HashRing<ServiceRef> ring = this.service.ring();
		long start = System.nanoTime();
		this.backups.promoteOwned();
		Map<ServiceRef, List<KeyState>> outgoing = new LinkedHashMap<>();
		Set<Long> kept = new HashSet<>();
		boolean moved = false;
		int failed = 0;
		for (Object key : keys()) {
			long keyHash;
			try {
				keyHash = KeyHasher.hash(key);
			}
			catch (IllegalArgumentException ex) {
				logger.warn("Service " + ref.id() + " of type '" + ref.type() + "' holds a key that cannot be routed: "
						+ ex.getMessage());
				continue;
			}
			ServiceRef owner = ring.find(keyHash);
			if (owner == null || owner.equals(ref)) {
				continue;
			}
			if (ownsNow(keyHash)) {
				kept.add(keyHash);
				continue;
			}
			Object state;
			try {
				state = this.handler.handOff(key);
			}
			catch (RuntimeException ex) {
				failed++;
				logger.warn("Service " + ref.id() + " of type '" + ref.type() + "' failed to hand off a key", ex);
				continue;
			}
			if (state != null && ownsNow(keyHash)) {
				// the ring changed back while the state was taken: it stays
				this.handler.takeOver(key, state);
				kept.add(keyHash);
			}
			else if (state != null) {
				List<KeyState> toOwner = outgoing.computeIfAbsent(owner, (target) -> new ArrayList<>());
				toOwner.add(new KeyState(key, keyHash, state, this.backups.handingOff(keyHash)));
				if (toOwner.size() == SEND_EVERY) {
					// the owner takes these over while the rest are handed off
					failed += this.channel.send(ref, owner, List.copyOf(toOwner)).size();
					toOwner.clear();
					moved = true;
				}
			}
		}
		for (Map.Entry<ServiceRef, List<KeyState>> states : outgoing.entrySet()) {
			if (!states.getValue().isEmpty()) {
				failed += this.channel.send(ref, states.getKey(), states.getValue()).size();
				moved = true;
			}
		}
		Set<String> stateful = this.statefulOfType.get();
		for (ServiceRef other : ring.values()) {
			if (!other.equals(ref) && stateful.contains(other.id())) {
				this.channel.sendDone(ref, other, ring.checksum());
			}
		}
		if (moved) {
			this.metrics.get().handoffBatch(ref.type(), System.nanoTime() - start);
		}
		if (failed > 0) {
			this.metrics.get().handoffs(ref.type(), "failed", failed);
		}
		this.service.handedOff(ring, kept);
		this.backups.resync(ring, keys());
	}

	/**
	 * Return whether this service owns a key on its newest ring, which may have changed
	 * since the hand-off began.
	 */
	private boolean ownsNow(long keyHash) {
		return this.service.ref().equals(this.service.ring().find(keyHash));
	}

	private List<Object> keys() {
		try {
			return List.copyOf(this.handler.keys());
		}
		catch (RuntimeException ex) {
			logger.warn("Service " + this.service.ref().id() + " of type '" + this.service.ref().type()
					+ "' could not list its keys; none is handed off", ex);
			return List.of();
		}
	}

	/**
	 * Take over states that another service handed to this one; run on the worker.
	 * @param source the id of the service that handed them off
	 * @param states the states
	 */
	void takeOver(String source, List<ArrivingState> states) {
		ServiceRef ref = this.service.ref();
		List<Long> keyHashes = new ArrayList<>(states.size());
		List<Long> takenOver = new ArrayList<>(states.size());
		int moved = 0;
		int conflicts = 0;
		int failed = 0;
		for (ArrivingState arriving : states) {
			long keyHash = arriving.keyHash();
			try {
				Object key = arriving.key();
				keyHash = KeyHasher.hash(key);
				Object state = arriving.state();
				if (!this.stateType.isInstance(state)) {
					throw new DispatchException("A " + state.getClass().getName() + " is not a "
							+ this.stateType.getName() + ", the state type of the service");
				}
				if (this.backups.install(key, state)) {
					conflicts++;
				}
				else {
					moved++;
				}
				this.backups.tookOver(key, keyHash, arriving.version());
				takenOver.add(keyHash);
			}
			catch (RuntimeException ex) {
				failed++;
				logger.warn("Service " + ref.id() + " of type '" + ref.type()
						+ "' could not take over the state of a key from service " + source + ": " + ex);
			}
			keyHashes.add(keyHash);
		}
		DispatchMetrics metrics = this.metrics.get();
		if (moved > 0) {
			metrics.handoffs(ref.type(), "moved", moved);
		}
		if (failed > 0) {
			metrics.handoffs(ref.type(), "failed", failed);
		}
		if (conflicts > 0) {
			logger.warn("Service " + ref.id() + " of type '" + ref.type() + "' merged the states of " + conflicts
					+ " keys from service " + source + " with the states their messages built here meanwhile");
			metrics.handoffs(ref.type(), "conflict", conflicts);
		}
		if (this.service.arrived(source, keyHashes, takenOver)) {
			// this node's view may be behind the sender's, or ahead of it: if this
			// service
			// still does not own the keys in a moment, they move on
			this.later.accept(this::scheduleHandOff);
		}
	}

}
