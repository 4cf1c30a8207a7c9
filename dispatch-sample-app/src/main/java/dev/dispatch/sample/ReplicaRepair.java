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

package dev.dispatch.sample;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import dev.dispatch.DispatchException;
import dev.dispatch.DispatchRegistry;
import dev.dispatch.DispatchTemplate;
import dev.dispatch.ServiceInfo;
import dev.dispatch.ServiceJoinedEvent;
import dev.dispatch.ServiceLeftEvent;
import dev.dispatch.ServiceRef;

/**
 * Keeps every file on its replicas while uploaders come and go: when the ring of
 * uploaders changes, this node sends each file it holds to the replicas that the new ring
 * gives the file and that did not have it under the old one. A file thus keeps two copies
 * after a replica leaves, as long as the other one lives until the copy is made.
 *
 * @author Dispatch team
 */
@Component
class ReplicaRepair implements AutoCloseable {

	private static final long SETTLE_MILLIS = 100;

	private static final long RETRY_MILLIS = 1000;

	private static final Log logger = LogFactory.getLog(ReplicaRepair.class);

	private final UploaderService uploader;

	private final DispatchRegistry registry;

	private final DispatchTemplate template;

	private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "replica-repair");
		thread.setDaemon(true);
		return thread;
	});

	private final AtomicBoolean scheduled = new AtomicBoolean();

	private final Map<String, List<ServiceRef>> sentTo = new ConcurrentHashMap<>();

	ReplicaRepair(UploaderService uploader, DispatchRegistry registry, DispatchTemplate template) {
		this.uploader = uploader;
		this.registry = registry;
		this.template = template;
	}

	@EventListener
	void joined(ServiceJoinedEvent event) {
		ringChanged(event.service());
	}

	@EventListener
	void left(ServiceLeftEvent event) {
		ringChanged(event.service());
	}

	private void ringChanged(ServiceInfo service) {
		if (service.ref().type().equals(FilesController.TYPE)) {
			schedule(SETTLE_MILLIS);
		}
	}

	private void schedule(long delayMillis) {
		if (this.scheduled.compareAndSet(false, true)) {
			this.executor.schedule(this::repair, delayMillis, TimeUnit.MILLISECONDS);
		}
	}

	/**
	 * Send each file to the replicas it has not been sent to yet under the current ring.
	 */
	void repair() {
		this.scheduled.set(false);
		int sent = 0;
		boolean failed = false;
		for (Map.Entry<String, String> file : this.uploader.files().entrySet()) {
			List<ServiceRef> replicas = this.registry.findMultiService(FilesController.REPLICAS, FilesController.TYPE,
					file.getKey());
			List<ServiceRef> before = this.sentTo.getOrDefault(file.getKey(), List.of());
			boolean complete = true;
			for (ServiceRef replica : replicas) {
				if (!replica.node().equals(this.registry.getLocalNode()) && !before.contains(replica)) {
					try {
						this.template.cast(replica, new Upload(file.getKey(), file.getValue()));
						sent++;
					}
					catch (DispatchException ex) {
						logger.info(
								"Could not copy " + file.getKey() + " to " + replica.id() + " yet: " + ex.getMessage());
						complete = false;
					}
				}
			}
			this.sentTo.put(file.getKey(), complete ? replicas : List.of());
			failed |= !complete;
		}
		if (sent > 0) {
			logger.info("Copied " + sent + " files to their new replicas");
		}
		if (failed) {
			schedule(RETRY_MILLIS);
		}
	}

	@Override
	public void close() {
		this.executor.shutdownNow();
	}

}
