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
import java.util.Map;
import java.util.function.Consumer;

import org.apache.commons.logging.LogFactory;

import dev.dispatch.handoff.BackupFrames.Acks;
import dev.dispatch.handoff.BackupFrames.Copies;
import dev.dispatch.messaging.FrameHooks;
import dev.dispatch.security.ThrottledLog;

/**
 * Where copies of states and their acknowledgements arrive: each is believed only from
 * the node of the service it names as its sender, as this node's rings place it, and only
 * between services of one type (one from a service not seen yet waits for it to appear),
 * and goes to the service of this node it names.
 * <p>
 * Threads: the inbox thread, or a worker of this node for copies between its own
 * services.
 *
 * @author Dispatch team
 */
final class BackupChannel {

	private static final ThrottledLog drops = new ThrottledLog(LogFactory.getLog(BackupChannel.class));

	private final FrameHooks hooks;

	private final Map<String, StateMover> services;

	private final StateArrivals arrivals;

	/**
	 * Called with the id of the backup service before copies are stored; for tests.
	 */
	volatile Consumer<String> beforeStore = (backupId) -> {
	};

	BackupChannel(FrameHooks hooks, Map<String, StateMover> services, StateArrivals arrivals) {
		this.hooks = hooks;
		this.services = services;
		this.arrivals = arrivals;
		hooks.register(BackupFrames.COPIES, this::copiesReceived);
		hooks.register(BackupFrames.ACKS, this::acksReceived);
	}

	private void copiesReceived(String sender, byte[] frame) throws IOException {
		Copies copies = BackupFrames.readCopies(frame);
		if (this.arrivals.deferIfUnseen(copies.ownerId(), () -> store(sender, copies))) {
			return;
		}
		store(sender, copies);
	}

	private void store(String sender, Copies copies) {
		this.beforeStore.accept(copies.backupId());
		StateMover backup = this.services.get(copies.backupId());
		if (backup == null || !this.arrivals.isFrom(copies.ownerId(), sender, backup.service().ref().type())) {
			drops.warn("Dropped copies of states that node " + sender + " sent to service " + copies.backupId()
					+ " in the name of service " + copies.ownerId());
			return;
		}
		long[] held = backup.store().apply(copies.copies());
		long[] keyHashes = new long[held.length];
		for (int i = 0; i < held.length; i++) {
			keyHashes[i] = copies.copies().get(i).keyHash();
		}
		this.hooks.send(sender, BackupFrames.ACKS,
				BackupFrames.acks(copies.backupId(), copies.ownerId(), keyHashes, held),
				"an acknowledgement of copies");
	}

	private void acksReceived(String sender, byte[] frame) throws IOException {
		Acks acks = BackupFrames.readAcks(frame);
		if (this.arrivals.deferIfUnseen(acks.backupId(), () -> acked(sender, acks))) {
			return;
		}
		acked(sender, acks);
	}

	private void acked(String sender, Acks acks) {
		StateMover owner = this.services.get(acks.ownerId());
		Replicas replicas = (owner != null) ? owner.replicas() : null;
		if (replicas == null || !this.arrivals.isFrom(acks.backupId(), sender, owner.service().ref().type())) {
			return;
		}
		replicas.acked(acks.backupId(), acks.keyHashes(), acks.versions());
	}

}
