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

import java.io.IOException;
import java.util.List;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.dispatch.KeyedState;
import dev.dispatch.ServiceRef;
import dev.dispatch.messaging.FrameHooks;
import dev.dispatch.metrics.DispatchMetrics;
import dev.dispatch.ring.HashRing;
import dev.dispatch.ring.KeyHasher;

/**
 * A stateful service's part in backups: the copies it holds of other services' keys,
 * which it takes over when it comes to own their keys without their owner handing them
 * off; the copies it sends of its own keys, if it has backups; and how it installs a
 * state that arrives, whether handed off or promoted from a copy: when the service holds
 * a state for the key already, the two meet in {@link KeyedState#merge}.
 * <p>
 * Threads: the service's worker, except that copies arrive on the inbox thread and ring
 * changes on the hand-off thread (see {@link BackupStore} and {@link Replicas}).
 *
 * @author Dispatch team
 */
final class ServiceBackups {

	private static final Log logger = LogFactory.getLog(ServiceBackups.class);

	private final ServiceRef ref;

	private final KeyedState<Object> handler;

	private final Class<?> stateType;

	private final StatefulService service;

	private final FrameHooks hooks;

	private final Supplier<DispatchMetrics> metrics;

	private final BackupStore store = new BackupStore();

	private final @Nullable Replicas replicas;

	private HashRing<ServiceRef> backedUpOn = HashRing.empty();

	ServiceBackups(ServiceRef ref, KeyedState<Object> handler, Class<?> stateType, StatefulService service,
			FrameHooks hooks, int backups, Supplier<DispatchMetrics> metrics) {
		this.ref = ref;
		this.stateType = stateType;
		this.handler = handler;
		this.service = service;
		this.hooks = hooks;
		this.metrics = metrics;
		this.replicas = (backups > 0) ? new Replicas(ref, backups, handler, hooks) : null;
		service.backedBy(this::promote, (keyHash) -> this.store.version(keyHash) >= 0, this.replicas);
	}

	BackupStore store() {
		return this.store;
	}

	@Nullable Replicas replicas() {
		return this.replicas;
	}

	/**
	 * Install a state that arrived for a key: if the service holds one already (its
	 * messages ran without the arriving one), the two meet in its merge.
	 * @return whether they met
	 */
	boolean install(Object key, Object arriving) {
		Object current = this.handler.handOff(key);
		if (current == null) {
			this.handler.takeOver(key, arriving);
			return false;
		}
		Object merged;
		try {
			merged = this.handler.merge(key, current, arriving);
		}
		catch (RuntimeException ex) {
			this.handler.takeOver(key, current);
			throw ex;
		}
		this.handler.takeOver(key, (merged != null) ? merged : current);
		return true;
	}

	/**
	 * Take over the copy of a key that this service holds, if any: it owns the key now
	 * and nothing else will hand it its state.
	 */
	void promote(long keyHash) {
		if (this.store.size() == 0) {
			return;
		}
		BackupStore.Held held = this.store.take(keyHash);
		if (held == null || (this.replicas != null && held.version() <= this.replicas.versionOf(keyHash))) {
			// none, or older than the state this service took over or built since
			return;
		}
		DispatchMetrics metrics = this.metrics.get();
		try {
			Object[] copy = CopyCodec.decode(this.hooks, held.copy());
			if (KeyHasher.hash(copy[0]) != keyHash || !this.stateType.isInstance(copy[1])) {
				throw new IOException("its key or state does not fit it");
			}
			if (install(copy[0], copy[1])) {
				metrics.handoffs(this.ref.type(), "conflict", 1);
			}
			tookOver(copy[0], keyHash, held.version());
			metrics.backupsPromoted(this.ref.type(), 1);
		}
		catch (IOException | RuntimeException ex) {
			logger.warn("Service " + this.ref.id() + " of type '" + this.ref.type()
					+ "' could not take over its copy of the state of a key: " + ex);
			metrics.backupsLost(this.ref.type(), 1);
		}
	}

	/**
	 * Take over the copies of every key whose state no hand-off is bringing and that this
	 * service owns on its newest ring, or owned on the ring it last backed up on (a copy
	 * asked for when a hand-off died, which the hand-off that follows moves on).
	 */
	void promoteOwned() {
		for (long keyHash : this.store.keyHashes()) {
			boolean owned = this.ref.equals(this.service.ring().find(keyHash))
					|| this.ref.equals(this.backedUpOn.find(keyHash));
			if (owned && !this.service.awaits(keyHash)) {
				promote(keyHash);
			}
		}
	}

	/**
	 * A state was handed to this service: it supersedes any copy held, and goes to the
	 * key's backups, after which its former owner's backups drop it.
	 */
	void tookOver(Object key, long keyHash, long version) {
		long copied = this.store.forget(keyHash);
		if (this.replicas != null) {
			this.replicas.tookOver(keyHash, Math.max(version, copied));
			this.replicas.adopted(key, keyHash, this.service.ring());
		}
	}

	/**
	 * The service hands a key to another: return the version its state goes with. Its
	 * backups keep their copies until the new owner's backups hold the state, and the new
	 * owner tells them to drop it.
	 */
	long handingOff(long keyHash) {
		return (this.replicas != null) ? this.replicas.handedOff(keyHash) : 0;
	}

	/**
	 * Bring the backups of every key this service owns on a ring up to date with it.
	 */
	void resync(HashRing<ServiceRef> ring, List<Object> keys) {
		if (this.replicas == null) {
			return;
		}
		HashRing<ServiceRef> before = this.backedUpOn;
		for (Object key : keys) {
			try {
				long keyHash = KeyHasher.hash(key);
				if (this.ref.equals(ring.find(keyHash))) {
					this.replicas.resync(key, keyHash, before, ring);
				}
			}
			catch (RuntimeException ex) {
				logger.warn("Service " + this.ref.id() + " of type '" + this.ref.type()
						+ "' could not bring the backups of a key up to date: " + ex.getMessage());
			}
		}
		this.backedUpOn = ring;
	}

	void ringChanged(HashRing<ServiceRef> ring) {
		if (this.replicas != null) {
			this.replicas.ringChanged(ring);
		}
	}

	/**
	 * The service was removed: no reply waits for its backups any more.
	 */
	void removed() {
		if (this.replicas != null) {
			this.replicas.removed();
		}
	}

	int lag() {
		return (this.replicas != null) ? this.replicas.lag() : 0;
	}

}
