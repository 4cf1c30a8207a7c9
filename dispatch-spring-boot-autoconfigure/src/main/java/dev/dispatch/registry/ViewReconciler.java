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

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import com.hazelcast.core.EntryAdapter;
import com.hazelcast.core.EntryEvent;
import com.hazelcast.map.MapEvent;

import dev.dispatch.ServiceInfo;

/**
 * Keeps this node's view of the other nodes' services in step with the services map: each
 * entry event changes one service, and {@link #reconcile()} rebuilds the view from the
 * entries, the members and their liveness. A remote service is visible while its node is
 * a member that is not silent; local services are always shown while the registry runs.
 * <p>
 * Threads: entry events arrive on Hazelcast's event threads; {@code reconcile} runs on
 * the thread that calls {@code start}, the heartbeat thread {@code dispatch-heartbeat-},
 * the upkeep thread {@code dispatch-registry-}, and Hazelcast's event threads
 * (membership, heartbeats, a cleared map). It keeps no state of its own: the view
 * serializes every change under its lock, and a rebuild reads the entries under that
 * lock.
 *
 * @author Dispatch team
 */
final class ViewReconciler extends EntryAdapter<String, byte[]> {

	private final RegistryNode node;

	private final RawServiceEntries entries;

	private final RegistryView view;

	private final LocalServices local;

	private final NodeLiveness liveness;

	private final EntryReports reports;

	ViewReconciler(RegistryNode node, RawServiceEntries entries, RegistryView view, LocalServices local,
			NodeLiveness liveness, EntryReports reports) {
		this.node = node;
		this.entries = entries;
		this.view = view;
		this.local = local;
		this.liveness = liveness;
		this.reports = reports;
	}

	/**
	 * Rebuild the view from the replicated entries, the members and their liveness.
	 */
	void reconcile() {
		this.view.replaceAll(() -> {
			Set<String> members = this.node.memberIds();
			Map<String, ServiceInfo> desired = new HashMap<>();
			this.entries.forEach((key, value) -> {
				ServiceInfo info = (value == RawServiceEntries.UNAUTHENTIC && key != null) ? this.view.get(key)
						: this.reports.parse(key, value);
				if (info != null && isVisibleRemote(info, members)) {
					desired.put(info.ref().id(), info);
				}
			});
			if (this.node.isRunning()) {
				this.local.copyTo(desired);
			}
			return desired;
		});
	}

	/**
	 * Return whether a service is in this node's view.
	 * @param id the service id
	 * @return whether it is
	 */
	boolean isInView(String id) {
		return this.view.get(id) != null;
	}

	private boolean isVisibleRemote(ServiceInfo info, Set<String> members) {
		String node = info.ref().node();
		return !node.equals(this.node.id()) && members.contains(node) && !this.liveness.isSilent(node)
				&& !this.local.contains(info.ref().id());
	}

	@Override
	public void entryAdded(EntryEvent<String, byte[]> event) {
		changed(event);
	}

	@Override
	public void entryUpdated(EntryEvent<String, byte[]> event) {
		changed(event);
	}

	@Override
	public void entryRemoved(EntryEvent<String, byte[]> event) {
		removed(event);
	}

	@Override
	public void entryEvicted(EntryEvent<String, byte[]> event) {
		removed(event);
	}

	@Override
	public void mapCleared(MapEvent event) {
		reconcile();
	}

	private void changed(EntryEvent<String, byte[]> event) {
		String key = this.entries.key(event);
		byte[] value = this.entries.value(event);
		if (value == RawServiceEntries.UNAUTHENTIC) {
			// any member can write it: the owner writes its own back within a period
			return;
		}
		ServiceInfo info = this.reports.parse(key, value);
		if (info != null && isVisibleRemote(info, this.node.memberIds())) {
			this.view.put(info);
		}
		else if (key != null) {
			removeRemote(key);
		}
	}

	private void removed(EntryEvent<String, byte[]> event) {
		String key = this.entries.key(event);
		if (key != null) {
			this.reports.forget(key);
			removeRemote(key);
		}
	}

	private void removeRemote(String id) {
		ServiceInfo info = this.view.get(id);
		if (info != null && !info.ref().node().equals(this.node.id())) {
			this.view.remove(id);
		}
	}

}
