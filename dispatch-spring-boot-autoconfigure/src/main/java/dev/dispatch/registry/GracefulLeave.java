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

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.dispatch.ServiceInfo;
import dev.dispatch.ServiceState;
import dev.dispatch.handoff.KeyedStates;
import dev.dispatch.messaging.ClusterTransport;

/**
 * How a stopping node leaves: it takes its services offline so that no new routes reach
 * them, lets the messages they have accepted finish and its stateful services hand off
 * their keys, then removes them and its listeners. The writes to the cluster run on the
 * upkeep thread and are awaited for at most {@link #LEAVE_TIMEOUT} each: if the cluster
 * cannot take them in time, the oldest member removes this node's entries once it has
 * left.
 * <p>
 * Threads: {@link #leave()} runs on the thread that stops the registry, after the
 * registry stopped running; the writes run on the upkeep thread
 * {@code dispatch-registry-}, and the stopping thread waits for each before its next
 * step.
 *
 * @author Dispatch team
 */
final class GracefulLeave {

	/**
	 * How long a stopping node waits for the cluster to take the removal of its services.
	 */
	static final Duration LEAVE_TIMEOUT = Duration.ofSeconds(10);

	private static final Log logger = LogFactory.getLog(GracefulLeave.class);

	private final RegistryNode node;

	private final RawServiceEntries services;

	private final LocalServices local;

	private final RegistryView view;

	private final RegistryUpkeep upkeep;

	private final ListenerRegistrations registrations;

	private final ShutdownDrain drain;

	private final KeyedStates keyedStates;

	GracefulLeave(RegistryNode node, RawServiceEntries services, LocalServices local, RegistryView view,
			RegistryUpkeep upkeep, ListenerRegistrations registrations, ShutdownDrain drain, KeyedStates keyedStates) {
		this.node = node;
		this.services = services;
		this.local = local;
		this.view = view;
		this.upkeep = upkeep;
		this.registrations = registrations;
		this.drain = drain;
		this.keyedStates = keyedStates;
	}

	/**
	 * Take this node's services offline, drain them, and remove them.
	 */
	void leave() {
		List<ServiceInfo> leaving = this.local.snapshot();
		leaving.forEach((info) -> this.view.put(info.withState(ServiceState.OFFLINE)));
		awaitWrites(this.upkeep.submit(() -> announceOffline(leaving)));
		if (!this.drain.await(() -> isIdle(leaving))) {
			logger.warn("Services of node " + this.node.id() + " still had messages after the shutdown drain of "
					+ this.drain.toMillis() + " ms");
		}
		ClusterTransport transport = this.node.transport();
		for (ServiceInfo info : leaving) {
			transport.unbind(info.ref().id());
			this.view.remove(info.ref().id());
		}
		this.local.clear();
		ListenerRegistrations listeners = this.registrations.takeAll();
		awaitWrites(this.upkeep.submit(() -> leaveCluster(leaving, listeners)));
	}

	private void announceOffline(List<ServiceInfo> leaving) {
		if (this.node.isClusterRunning()) {
			this.local.writeOffline(leaving);
		}
	}

	private boolean isIdle(List<ServiceInfo> leaving) {
		ClusterTransport transport = this.node.transport();
		return this.keyedStates.isSettled() && leaving.stream().allMatch((info) -> transport.isIdle(info.ref().id()));
	}

	private void awaitWrites(Future<?> writes) {
		try {
			writes.get(LEAVE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException ex) {
			logger.warn("Could not update the services of node " + this.node.id() + " in the registry in time; "
					+ "the oldest member removes them when this node leaves: " + ex);
		}
	}

	private void leaveCluster(List<ServiceInfo> leaving, ListenerRegistrations listeners) {
		if (!this.node.isClusterRunning()) {
			listeners.forget();
			return;
		}
		for (ServiceInfo info : leaving) {
			this.services.remove(info.ref().id());
		}
		listeners.removeAll();
	}

}
