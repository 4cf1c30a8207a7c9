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

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.apache.commons.logging.LogFactory;

import dev.dispatch.ServiceRef;
import dev.dispatch.handoff.BackupFrames.Copy;
import dev.dispatch.messaging.FrameHooks;
import dev.dispatch.metrics.DispatchMetrics;
import dev.dispatch.ring.KeyArcs;
import dev.dispatch.security.ThrottledLog;

/**
 * How a service with backups gets the states that a hand-off was bringing when the node
 * handing off died: it asks every other service of its ring for the copies it holds, as a
 * backup, of the keys in the arcs that hand-off covered. Each one sends them as copies,
 * which the asking service stores like any other and installs before the key's next
 * message runs (the newest version wins), and then says it is done; the key's messages
 * wait until all of them are, or the hand-off timeout passes.
 * <p>
 * Threads: the hand-off thread asks; the inbox thread answers and hears the ends (or,
 * between services of this node, the thread that asked or answered).
 *
 * @author Dispatch team
 */
final class CopyRequests {

	private static final ThrottledLog drops = new ThrottledLog(LogFactory.getLog(CopyRequests.class));

	/**
	 * The kind of frame that asks a service for its copies of keys in some arcs.
	 */
	static final byte REQUEST = 5;

	/**
	 * The kind of frame that says a service sent every copy it was asked for.
	 */
	static final byte DONE = 6;

	private static final int MAX_BOUNDS = 1 << 17;

	private static final int COPIES_PER_FRAME = 1024;

	private static final int BYTES_PER_FRAME = 256 * 1024;

	private final FrameHooks hooks;

	private final Map<String, StateMover> services;

	private final StateArrivals arrivals;

	private final Supplier<DispatchMetrics> metrics;

	CopyRequests(FrameHooks hooks, Map<String, StateMover> services, StateArrivals arrivals,
			Supplier<DispatchMetrics> metrics) {
		this.hooks = hooks;
		this.services = services;
		this.arrivals = arrivals;
		this.metrics = metrics;
		hooks.register(REQUEST, this::requested);
		hooks.register(DONE, this::doneReceived);
	}

	/**
	 * Ask services for the copies a service of this node now awaits from them.
	 * @param requester the service that awaits them
	 * @param asked what it awaits, from whom
	 */
	void ask(ServiceRef requester, List<Incoming> asked) {
		for (Incoming copies : asked) {
			ServiceRef holder = copies.source();
			this.hooks.send(holder.node(), REQUEST,
					request(requester.id(), holder.id(), copies.request(), copies.arcs()),
					"a request for the copies of service " + holder.id());
		}
	}

	private void requested(String sender, byte[] frame) throws IOException {
		DataInputStream in = new DataInputStream(new ByteArrayInputStream(frame));
		String requesterId = in.readUTF();
		String holderId = in.readUTF();
		long request = in.readLong();
		int count = in.readInt();
		if (count < 0 || count > MAX_BOUNDS || count * 8L > in.available()) {
			throw new IOException("A request for copies with " + count + " arc bounds exceeds its frame");
		}
		long[] bounds = new long[count];
		for (int i = 0; i < count; i++) {
			bounds[i] = in.readLong();
		}
		KeyArcs arcs = KeyArcs.ofBounds(bounds);
		if (!this.arrivals.deferIfUnseen(requesterId, () -> answer(sender, requesterId, holderId, request, arcs))) {
			answer(sender, requesterId, holderId, request, arcs);
		}
	}

	private void answer(String sender, String requesterId, String holderId, long request, KeyArcs arcs) {
		StateMover holder = this.services.get(holderId);
		if (holder == null || !this.arrivals.isFrom(requesterId, sender, holder.service().ref().type())) {
			drops.warn("Dropped a request for the copies of service " + holderId + " that node " + sender
					+ " sent in the name of service " + requesterId);
			return;
		}
		List<Copy> chunk = new ArrayList<>();
		long bytes = 0;
		for (Copy copy : holder.store().copiesIn(arcs)) {
			if (!chunk.isEmpty()
					&& (chunk.size() == COPIES_PER_FRAME || bytes + copy.state().length > BYTES_PER_FRAME)) {
				sendCopies(sender, holderId, requesterId, chunk);
				chunk = new ArrayList<>();
				bytes = 0;
			}
			chunk.add(copy);
			bytes += copy.state().length;
		}
		if (!chunk.isEmpty()) {
			sendCopies(sender, holderId, requesterId, chunk);
		}
		this.hooks.send(sender, DONE, BackupFrames.write((out) -> {
			out.writeUTF(holderId);
			out.writeUTF(requesterId);
			out.writeLong(request);
		}), "the end of the copies of service " + holderId);
	}

	private void sendCopies(String node, String holderId, String requesterId, List<Copy> copies) {
		this.hooks.send(node, BackupFrames.COPIES, BackupFrames.copies(holderId, requesterId, copies),
				"copies of service " + holderId + " for service " + requesterId);
	}

	private void doneReceived(String sender, byte[] frame) throws IOException {
		DataInputStream in = new DataInputStream(new ByteArrayInputStream(frame));
		String holderId = in.readUTF();
		String requesterId = in.readUTF();
		long request = in.readLong();
		if (!this.arrivals.deferIfUnseen(holderId, () -> done(sender, holderId, requesterId, request))) {
			done(sender, holderId, requesterId, request);
		}
	}

	private void done(String sender, String holderId, String requesterId, long request) {
		StateMover requester = this.services.get(requesterId);
		if (requester == null) {
			return;
		}
		ServiceRef ref = requester.service().ref();
		if (!this.arrivals.isFrom(holderId, sender, ref.type())) {
			drops
				.warn("Dropped the end of the copies that node " + sender + " sent in the name of service " + holderId);
			return;
		}
		int lost = requester.service().copiesDoneFrom(holderId, request);
		// copies of keys that no message asked for yet are installed, and move on if the
		// ring moved them meanwhile
		requester.scheduleHandOff();
		if (lost > 0) {
			drops.warn("The messages of " + lost + " keys of service " + ref.id() + " of type '" + ref.type()
					+ "' run without their state: the node handing it off left the cluster, and no backup held a copy");
			this.metrics.get().handoffs(ref.type(), "lost", lost);
		}
	}

	private static byte[] request(String requesterId, String holderId, long request, KeyArcs arcs) {
		long[] bounds = arcs.bounds();
		return BackupFrames.write((out) -> {
			out.writeUTF(requesterId);
			out.writeUTF(holderId);
			out.writeLong(request);
			out.writeInt(bounds.length);
			for (long bound : bounds) {
				out.writeLong(bound);
			}
		});
	}

}
