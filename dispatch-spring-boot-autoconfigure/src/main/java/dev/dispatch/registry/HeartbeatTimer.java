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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * The timer of the registry: every broadcast period, on a thread of its own, since it may
 * deliver events to listeners that block, it beats, drops the members that went silent,
 * and asks for upkeep.
 * <p>
 * Threads: the tick runs only on the heartbeat thread {@code dispatch-heartbeat-};
 * {@code start}, {@code stop} and {@code shutdown} are called by the thread that starts
 * and stops the registry.
 *
 * @author Dispatch team
 */
final class HeartbeatTimer {

	private static final Log logger = LogFactory.getLog(HeartbeatTimer.class);

	private final RegistryNode node;

	private final Heartbeats heartbeats;

	private final NodeLiveness liveness;

	private final ViewReconciler reconciler;

	private final RegistryUpkeep upkeep;

	private final Duration period;

	private final ScheduledExecutorService executor;

	private @Nullable ScheduledFuture<?> ticker;

	HeartbeatTimer(RegistryNode node, Heartbeats heartbeats, NodeLiveness liveness, ViewReconciler reconciler,
			RegistryUpkeep upkeep, Duration period) {
		this.node = node;
		this.heartbeats = heartbeats;
		this.liveness = liveness;
		this.reconciler = reconciler;
		this.upkeep = upkeep;
		this.period = period;
		CustomizableThreadFactory threads = new CustomizableThreadFactory("dispatch-heartbeat-");
		threads.setDaemon(true);
		this.executor = Executors.newSingleThreadScheduledExecutor(threads);
	}

	void start() {
		long period = this.period.toNanos();
		this.ticker = this.executor.scheduleAtFixedRate(this::tick, period, period, TimeUnit.NANOSECONDS);
	}

	void stop() {
		ScheduledFuture<?> ticker = this.ticker;
		if (ticker != null) {
			ticker.cancel(false);
		}
	}

	void shutdown() {
		this.executor.shutdownNow();
	}

	/**
	 * Every broadcast period, on the heartbeat thread: beat, and drop the members that
	 * went silent. Nothing here waits on the cluster; writes go to the upkeep thread. A
	 * leaving node only beats, so that the others keep waiting for the calls it is
	 * finishing.
	 */
	private void tick() {
		try {
			if (!(this.node.isRunning() || this.node.isLeaving()) || !this.node.isClusterRunning()) {
				return;
			}
			this.heartbeats.beat();
			if (!this.node.isRunning()) {
				return;
			}
			List<String> silent = this.liveness.newlySilent(this.node.otherMemberIds());
			for (String node : silent) {
				logger.info("Node " + node + " has been silent too long; its services leave this node's view");
				this.node.transport().nodeUnreachable(node);
			}
			if (!silent.isEmpty()) {
				this.reconciler.reconcile();
			}
			this.upkeep.request();
		}
		catch (RuntimeException | Error ex) {
			// an Error too (a listener's, say): one that escaped would cancel every later
			// beat
			logger.warn("Registry heartbeat failed on node " + this.node.id(), ex);
		}
	}

}
