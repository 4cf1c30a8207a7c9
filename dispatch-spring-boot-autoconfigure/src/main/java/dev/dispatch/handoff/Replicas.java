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

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.dispatch.DispatchException;
import dev.dispatch.KeyedState;
import dev.dispatch.ServiceRef;
import dev.dispatch.handoff.BackupFrames.Copy;
import dev.dispatch.messaging.FrameHooks;
import dev.dispatch.messaging.GatedMessage;
import dev.dispatch.ring.HashRing;

/**
 * The owner's side of a stateful service's backups: after each message of a key has run,
 * the key's state goes, at a new version, to the key's backups (the next services of the
 * key's ring order), and the message's reply waits until every one of them that is still
 * on the ring has acknowledged that version. The worker goes on with the next message
 * meanwhile.
 * <p>
 * Threads: the service's workers replicate; acknowledgements arrive on the inbox thread
 * (or a worker of this node); ring changes come from the hand-off thread. All lock this
 * object, which is never held while a reply is completed or a frame sent.
 *
 * @author Dispatch team
 */
final class Replicas {

	private static final Log logger = LogFactory.getLog(Replicas.class);

	private final ServiceRef ref;

	private final int backups;

	private final KeyedState<Object> handler;

	private final FrameHooks hooks;

	private final Map<Long, Long> versions = new HashMap<>();

	private HashRing<ServiceRef> ring = HashRing.empty();

	private final Map<Long, ArrayDeque<PendingCopy>> pending = new HashMap<>();

	private int lag;

	Replicas(ServiceRef ref, int backups, KeyedState<Object> handler, FrameHooks hooks) {
		this.ref = ref;
		this.backups = backups;
		this.handler = handler;
		this.hooks = hooks;
	}

	/**
	 * Return what completes a message once its key's state is safe on its backups.
	 * @param message the message, which ran
	 * @param done what completes it
	 * @return the completion to use instead
	 */
	BiConsumer<@Nullable Object, @Nullable Throwable> afterRun(GatedMessage message,
			BiConsumer<@Nullable Object, @Nullable Throwable> done) {
		return (reply, error) -> {
			try {
				replicate(CopyCodec.keyOf(this.hooks, message), message.keyHash(), () -> done.accept(reply, error));
			}
			catch (RuntimeException ex) {
				logger.warn("Service " + this.ref.id() + " of type '" + this.ref.type()
						+ "' could not back up the state of a key: " + ex.getMessage());
				done.accept(null, new DispatchException("Service " + this.ref.id() + " of type '" + this.ref.type()
						+ "' ran the message, but could not back up its key's state: " + ex.getMessage(), ex));
			}
		};
	}

	/**
	 * Refuse a message that does not carry its key, whose state could then not be backed
	 * up: it does not run.
	 * @return whether it was refused
	 */
	boolean refusedWithoutKey(GatedMessage message) {
		if (message.keyValue() != null) {
			return false;
		}
		message.complete(null, new DispatchException("Service " + this.ref.id() + " of type '" + this.ref.type()
				+ "' has backups, and a message routed by key to it must carry the key itself: send it through a "
				+ "DispatchTemplate that knows which services have backups (the auto-configured one does; "
				+ "DefaultDispatchTemplate.setBackedUp otherwise)"));
		return true;
	}

	/**
	 * Send a key's state to its backups at a new version, then run a completion once all
	 * of them acknowledged it.
	 */
	void replicate(Object key, long keyHash, Runnable completion) {
		Object state = this.handler.snapshot(key);
		byte[] encoded = (state != null) ? CopyCodec.encode(this.hooks, key, state) : null;
		List<ServiceRef> targets;
		Copy copy;
		synchronized (this) {
			targets = targets(this.ring, keyHash);
			if (targets.isEmpty() && this.ring.size() > 0) {
				copy = null;
			}
			else {
				copy = copyOf(keyHash, nextVersion(keyHash), encoded);
				Set<String> waiting = new HashSet<>();
				targets.forEach((target) -> waiting.add(target.id()));
				// before this service has seen its first ring, the copy waits for it
				this.pending.computeIfAbsent(keyHash, (hash) -> new ArrayDeque<>())
					.add(new PendingCopy(copy.version(), waiting, completion, targets.isEmpty() ? copy : null));
				this.lag++;
			}
		}
		if (copy != null && targets.isEmpty()) {
			return;
		}
		if (copy == null) {
			completion.run();
			return;
		}
		send(targets, copy);
	}

	/**
	 * Return the next version of a key: above every version it had here, and above the
	 * versions written before now anywhere, so that the copies of a new owner (after a
	 * promotion, or a hand-off that came too late) supersede those of an earlier one.
	 */
	private long nextVersion(long keyHash) {
		long next = Math.max(this.versions.getOrDefault(keyHash, 0L) + 1, System.currentTimeMillis() << 16);
		this.versions.put(keyHash, next);
		return next;
	}

	/**
	 * Bring a key's backups up to date after a ring change: send its state to those that
	 * are new, and tell those that are no longer backups, but still on the ring, to drop
	 * it once the new ones hold it.
	 */
	void resync(Object key, long keyHash, HashRing<ServiceRef> before, HashRing<ServiceRef> after) {
		backUpAnew(key, keyHash, targets(before, keyHash), after);
	}

	/**
	 * Back up a key whose state this service took over: every backup gets it, and the
	 * backups that its former owner had (its order on the ring without this service) drop
	 * it once the new ones hold it.
	 */
	void adopted(Object key, long keyHash, HashRing<ServiceRef> ring) {
		List<ServiceRef> order = ring.without(this.ref.id()).findMulti(this.backups + 1, keyHash);
		List<ServiceRef> former = order.isEmpty() ? List.of() : order.subList(1, order.size());
		backUpAnew(key, keyHash, former, ring);
	}

	private void backUpAnew(Object key, long keyHash, List<ServiceRef> former, HashRing<ServiceRef> ring) {
		List<ServiceRef> now = targets(ring, keyHash);
		List<ServiceRef> added = now.stream().filter((target) -> !former.contains(target)).toList();
		List<ServiceRef> dropped = former.stream().filter((target) -> !now.contains(target)).toList();
		if (added.isEmpty()) {
			dropFormer(keyHash, dropped);
			return;
		}
		Object state = this.handler.snapshot(key);
		byte[] encoded = (state != null) ? CopyCodec.encode(this.hooks, key, state) : null;
		List<Runnable> ready = new ArrayList<>();
		Copy copy;
		List<ServiceRef> targets;
		synchronized (this) {
			// a version above any drop decided before, so that a drop still on its way
			// never removes this copy; only to backups still on the ring, which the
			// ring's changes since may have taken away
			copy = copyOf(keyHash, nextVersion(keyHash), encoded);
			targets = added.stream().filter((target) -> this.ring.contains(target.id())).toList();
			Set<String> waiting = new HashSet<>();
			targets.forEach((target) -> waiting.add(target.id()));
			PendingCopy entry = new PendingCopy(copy.version(), waiting, () -> {
			}, null);
			entry.dropAfter(dropped);
			this.pending.computeIfAbsent(keyHash, (hash) -> new ArrayDeque<>()).add(entry);
			this.lag++;
			collectReady(keyHash, this.pending.get(keyHash), ready);
		}
		send(targets, copy);
		ready.forEach(Runnable::run);
	}

	/**
	 * Tell former backups of a key to drop it, unless they are backups again or a newer
	 * version still waits for its backups (then they drop it after that one).
	 */
	private void dropFormer(long keyHash, List<ServiceRef> former) {
		if (former.isEmpty()) {
			return;
		}
		List<ServiceRef> dropped;
		Copy drop;
		synchronized (this) {
			List<ServiceRef> now = targets(this.ring, keyHash);
			dropped = former.stream()
				.filter((target) -> !now.contains(target) && !target.equals(this.ref)
						&& this.ring.contains(target.id()))
				.toList();
			Long version = this.versions.get(keyHash);
			if (dropped.isEmpty() || version == null) {
				return;
			}
			ArrayDeque<PendingCopy> waiting = this.pending.get(keyHash);
			if (waiting != null && !waiting.isEmpty()) {
				// replies complete in order: once the first of them is safe, so is the
				// key
				waiting.peekFirst().dropAfter(dropped);
				return;
			}
			drop = new Copy(keyHash, version, BackupFrames.DROPPED, new byte[0]);
		}
		send(dropped, drop);
	}

	/**
	 * Return the version a key handed to another service goes with; its new owner tells
	 * this service's backups to drop it once its own backups hold it.
	 * @param keyHash the key's hash
	 * @return the version its state goes with
	 */
	synchronized long handedOff(long keyHash) {
		Long known = this.versions.remove(keyHash);
		return (known != null) ? known : 0;
	}

	/**
	 * Return the version of a key's state at this service, or -1 if it has none.
	 */
	synchronized long versionOf(long keyHash) {
		return this.versions.getOrDefault(keyHash, -1L);
	}

	/**
	 * Go on from the version of a state this service took over, at a new version: what it
	 * installed may differ from every copy (a merge), and its backups must take it.
	 */
	synchronized void tookOver(long keyHash, long version) {
		this.versions.merge(keyHash, version, Math::max);
		nextVersion(keyHash);
	}

	private static Copy copyOf(long keyHash, long version, byte @Nullable [] encoded) {
		return (encoded != null) ? new Copy(keyHash, version, BackupFrames.STATE, encoded)
				: new Copy(keyHash, version, BackupFrames.DELETED, new byte[0]);
	}

	private void send(List<ServiceRef> targets, Copy copy) {
		for (ServiceRef target : targets) {
			this.hooks.send(target.node(), BackupFrames.COPIES,
					BackupFrames.copies(this.ref.id(), target.id(), List.of(copy)),
					"a backup of service " + this.ref.id());
		}
	}

	/**
	 * Return the backups of a key on a ring: the next services of its ring order after
	 * this one.
	 */
	private List<ServiceRef> targets(HashRing<ServiceRef> ring, long keyHash) {
		List<ServiceRef> order = ring.findMulti(this.backups + 1, keyHash);
		List<ServiceRef> targets = new ArrayList<>(this.backups);
		for (ServiceRef candidate : order) {
			if (!candidate.equals(this.ref) && targets.size() < this.backups) {
				targets.add(candidate);
			}
		}
		return targets;
	}

	/**
	 * A backup acknowledged versions of keys: the replies that waited for it alone run.
	 */
	void acked(String backupId, long[] keyHashes, long[] ackedVersions) {
		List<Runnable> ready = new ArrayList<>();
		synchronized (this) {
			for (int i = 0; i < keyHashes.length; i++) {
				ArrayDeque<PendingCopy> waiting = this.pending.get(keyHashes[i]);
				if (waiting == null) {
					continue;
				}
				for (PendingCopy entry : waiting) {
					if (entry.version() <= ackedVersions[i]) {
						entry.waiting().remove(backupId);
					}
				}
				collectReady(keyHashes[i], waiting, ready);
			}
		}
		ready.forEach(Runnable::run);
	}

	/**
	 * The ring changed: copies go to the key's backups on it, and replies no longer wait
	 * for services that left it.
	 */
	void ringChanged(HashRing<ServiceRef> ring) {
		List<Runnable> ready = new ArrayList<>();
		Map<Copy, List<ServiceRef>> unsent = new HashMap<>();
		synchronized (this) {
			this.ring = ring;
			for (Map.Entry<Long, ArrayDeque<PendingCopy>> waiting : new ArrayList<>(this.pending.entrySet())) {
				for (PendingCopy entry : waiting.getValue()) {
					Copy copy = entry.takeUnsent();
					if (copy != null) {
						List<ServiceRef> targets = targets(ring, copy.keyHash());
						targets.forEach((target) -> entry.waiting().add(target.id()));
						unsent.put(copy, targets);
					}
					entry.waiting().removeIf((id) -> !ring.contains(id));
				}
				collectReady(waiting.getKey(), waiting.getValue(), ready);
			}
		}
		unsent.forEach((copy, targets) -> send(targets, copy));
		ready.forEach(Runnable::run);
	}

	private void collectReady(long keyHash, ArrayDeque<PendingCopy> waiting, List<Runnable> ready) {
		// replies of one key complete in order
		for (Iterator<PendingCopy> it = waiting.iterator(); it.hasNext();) {
			PendingCopy entry = it.next();
			if (!entry.waiting().isEmpty() || !entry.isSent()) {
				break;
			}
			it.remove();
			this.lag--;
			ready.add(entry.completion());
			if (!entry.formerBackups().isEmpty()) {
				ready.add(() -> dropFormer(keyHash, entry.formerBackups()));
			}
		}
		if (waiting.isEmpty()) {
			this.pending.remove(keyHash);
		}
	}

	/**
	 * The service was removed: the replies that wait run now. Their messages ran, and the
	 * service hands their keys' states off to the new owners, which back them up.
	 */
	void removed() {
		List<Runnable> ready = new ArrayList<>();
		synchronized (this) {
			this.pending.values().forEach((waiting) -> waiting.forEach((entry) -> ready.add(entry.completion())));
			this.pending.clear();
			this.lag = 0;
		}
		ready.forEach(Runnable::run);
	}

	/**
	 * Return how many states wait for acknowledgements.
	 */
	synchronized int lag() {
		return this.lag;
	}

}
