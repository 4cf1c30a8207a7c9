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

package dev.dispatch.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import com.hazelcast.core.LifecycleEvent;
import com.hazelcast.core.LifecycleEvent.LifecycleState;
import com.hazelcast.replicatedmap.ReplicatedMap;
import com.hazelcast.topic.ITopic;
import com.hazelcast.topic.Message;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

import dev.dispatch.ServiceInfo;
import dev.dispatch.messaging.NodeIds;
import dev.dispatch.security.Channel;

/**
 * The upkeep of the registry, on a thread of its own since writes to the cluster may
 * wait: every broadcast period this node re-asserts its entries, so that a node the
 * others had given up on comes back by itself, and now and then it rebuilds the view,
 * removes the entries that name it but are not its services, and, if it is the oldest
 * member, deletes the entries of departed nodes. After a split-brain merge it publishes
 * its entries again and asks the others to do the same.
 * <p>
 * Threads: everything that writes runs on the upkeep thread {@code dispatch-registry-}.
 * Requests come from the heartbeat thread {@code dispatch-heartbeat-} (once per period,
 * at most one pending), Hazelcast's membership, lifecycle and topic event threads, and
 * the thread that stops the registry, which submits its leave here.
 *
 * @author Dispatch team
 */
final class RegistryUpkeep {

	private static final int FULL_RECONCILE_PERIODS = 10;

	private static final Log logger = LogFactory.getLog(RegistryUpkeep.class);

	private final RegistryNode node;

	private final ReplicatedMap<String, byte[]> services;

	private final RawServiceEntries entries;

	private final LocalServices local;

	private final ViewReconciler reconciler;

	private final Heartbeats heartbeats;

	private final ITopic<byte[]> republishRequests;

	private final ExecutorService executor;

	private final AtomicBoolean pending = new AtomicBoolean();

	private volatile int lastSeenSize = -1;

	RegistryUpkeep(RegistryNode node, ReplicatedMap<String, byte[]> services, RawServiceEntries entries,
			LocalServices local, ViewReconciler reconciler, Heartbeats heartbeats, ITopic<byte[]> republishRequests) {
		this.node = node;
		this.services = services;
		this.entries = entries;
		this.local = local;
		this.reconciler = reconciler;
		this.heartbeats = heartbeats;
		this.republishRequests = republishRequests;
		CustomizableThreadFactory threads = new CustomizableThreadFactory("dispatch-registry-");
		threads.setDaemon(true);
		this.executor = Executors.newSingleThreadExecutor(threads);
	}

	/**
	 * Ask for upkeep, unless it is already pending.
	 */
	void request() {
		if (this.pending.compareAndSet(false, true)) {
			this.executor.execute(this::upkeep);
		}
	}

	/**
	 * Run a task on the upkeep thread.
	 * @param task the task
	 * @return the task's future
	 */
	Future<?> submit(Runnable task) {
		return this.executor.submit(task);
	}

	/**
	 * Let the oldest member delete the entries of nodes that are no longer members, on
	 * the upkeep thread.
	 */
	void cleanUpLater() {
		this.executor.execute(this::cleanUpIfOldest);
	}

	void shutdown() {
		this.executor.shutdownNow();
	}

	/**
	 * After a split-brain heal has merged this member into the other side, publish this
	 * node's entries again at once, ask the others to do the same, and rebuild the view.
	 * @param event the lifecycle event
	 */
	void lifecycleChanged(LifecycleEvent event) {
		if (event.getState() != LifecycleState.MERGED) {
			return;
		}
		String id = this.node.memberNodeId();
		if (!id.equals(this.node.id())) {
			logger.error("The split-brain merge changed this node's Hazelcast member UUID to " + id + ", so node "
					+ this.node.id() + " cannot be reached until it restarts. Give the member's configuration a "
					+ "unique member attribute '" + NodeIds.ATTRIBUTE + "' (Dispatch does so for the members it "
					+ "creates and for a Config bean) to keep the node id across merges.");
		}
		logger.info("Node " + this.node.id() + " was merged back into the cluster; publishing its services again");
		this.lastSeenSize = -1;
		this.executor.execute(() -> republishLocalServices(true));
		this.executor.execute(this::upkeep);
	}

	/**
	 * Publish this node's entries again when another node asks.
	 * @param request the request, naming the node that asks
	 */
	void republishRequested(Message<byte[]> request) {
		String node = this.node.nodeIdOf(request, Channel.REPUBLISH);
		if (node != null && !node.equals(this.node.id())) {
			this.executor.execute(() -> republishLocalServices(false));
		}
	}

	/**
	 * Re-assert this node's entries, and now and then rebuild the view and clean up.
	 */
	private void upkeep() {
		this.pending.set(false);
		try {
			if (!this.node.isRunning() || !this.node.isClusterRunning()) {
				return;
			}
			this.local.reassert();
			int size = this.services.size();
			if (size != this.lastSeenSize || this.heartbeats.beats() % FULL_RECONCILE_PERIODS == 0) {
				this.lastSeenSize = size;
				this.reconciler.reconcile();
				removeStrayEntriesOfThisNode();
				cleanUpIfOldest();
			}
		}
		catch (RuntimeException | Error ex) {
			logger.warn("Registry upkeep failed on node " + this.node.id(), ex);
		}
	}

	/**
	 * Write this node's entries again, whatever this member's copy of the map holds: a
	 * node merged back after a split-brain heal would get the others' entries only from
	 * Hazelcast's periodic anti-entropy, seconds later, and the others may have deleted
	 * this node's entries while it was away.
	 * @param askOthers whether to ask the other nodes to do the same
	 */
	private void republishLocalServices(boolean askOthers) {
		try {
			if (this.node.isRunning() && this.node.isClusterRunning()) {
				this.local.writeAll("republish");
				if (askOthers) {
					this.republishRequests.publish(this.node.signedId(Channel.REPUBLISH));
				}
			}
		}
		catch (RuntimeException | Error ex) {
			logger.warn("Could not publish the services of node " + this.node.id() + " again", ex);
		}
	}

	/**
	 * Remove the entries that name this node but none of its services: leftovers of an
	 * earlier process with this node id, or forgeries. Each removal is serialized with
	 * the registration of a service under that id.
	 */
	private void removeStrayEntriesOfThisNode() {
		List<String> stray = new ArrayList<>();
		this.entries.forEach((key, value) -> {
			if (key != null && value != null && !this.local.contains(key)) {
				ServiceInfo info = decodeQuietly(value);
				if (info != null && info.ref().node().equals(this.node.id())) {
					stray.add(key);
				}
			}
		});
		stray.forEach(this.local::removeStray);
	}

	/**
	 * Let the oldest member delete the entries of nodes that are no longer members; it
	 * runs on the upkeep thread because writes to a departed member's partitions wait for
	 * the partition table to settle.
	 */
	private void cleanUpIfOldest() {
		try {
			if (this.node.isRunning() && this.node.isClusterRunning() && this.node.isOldestMember()) {
				removeEntriesOfDepartedNodes();
			}
		}
		catch (RuntimeException | Error ex) {
			logger.debug("Could not remove the entries of departed nodes yet: " + ex.getMessage());
		}
	}

	/**
	 * Remove the entries of nodes that are no longer members, the malformed ones, and
	 * those not signed with the cluster secret unless they lie over a service in the
	 * view. Entries whose key is not a string or whose value is not a byte array are left
	 * alone: removing them would deserialize them.
	 */
	private void removeEntriesOfDepartedNodes() {
		Set<String> members = this.node.memberIds();
		List<String> doomed = new ArrayList<>();
		this.entries.forEach((key, value) -> {
			if (value == RawServiceEntries.UNAUTHENTIC) {
				// over a service in the view, its owner writes it back; anywhere else it
				// goes
				if (key != null && !this.reconciler.isInView(key)) {
					doomed.add(key);
				}
			}
			else if (key != null && value != null) {
				ServiceInfo info = decodeQuietly(value);
				if (info == null || !info.ref().id().equals(key) || !members.contains(info.ref().node())) {
					doomed.add(key);
				}
			}
		});
		doomed.forEach(this.entries::remove);
	}

	private static @Nullable ServiceInfo decodeQuietly(byte[] value) {
		try {
			return RegistryEntry.decode(value);
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

}
