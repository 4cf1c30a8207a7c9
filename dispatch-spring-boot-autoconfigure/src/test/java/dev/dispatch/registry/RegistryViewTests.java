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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import dev.dispatch.ServiceInfo;
import dev.dispatch.ServiceJoinedEvent;
import dev.dispatch.ServiceLeftEvent;
import dev.dispatch.ServiceRef;
import dev.dispatch.ServiceState;
import dev.dispatch.metrics.DispatchMetrics;
import dev.dispatch.ring.HashRing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link RegistryView}: the join and leave events that each change publishes,
 * in order and without duplicates, and the services and ring that lookups see by type.
 *
 * @author Dispatch team
 */
class RegistryViewTests {

	private final List<Object> events = new CopyOnWriteArrayList<>();

	private final List<String> ringChanges = new CopyOnWriteArrayList<>();

	private final RegistryView view = new RegistryView(this.events::add);

	RegistryViewTests() {
		this.view.setMetrics(new DispatchMetrics() {

			@Override
			public void ringChanged(String type) {
				RegistryViewTests.this.ringChanges.add(type);
			}

		});
	}

	@Test
	void aServiceWhoseTypeChangesIsNoLongerListedNorRoutedUnderItsOldType() {
		ServiceInfo a = online("orders", "a", "node-1");
		this.view.put(a);
		this.view.put(online("payments", "a", "node-1"));
		assertThat(this.view.typeNames()).containsExactly("payments");
		assertThat(this.view.services("orders")).isEmpty();
		assertThat(this.view.find("orders", 42)).isNull();
		this.view.replaceAll(() -> Map.of("a", online("orders", "a", "node-1")));
		assertThat(this.view.typeNames()).containsExactly("orders");
		assertThat(this.view.services("payments")).isEmpty();
	}

	@Test
	void aNewServiceJoins() {
		ServiceInfo a = online("orders", "a", "node-1");
		this.view.put(a);
		assertThat(this.events).containsExactly(joined(a));
		assertThat(this.view.get("a")).isEqualTo(a);
		assertThat(this.view.services("orders")).containsExactly(a);
		assertThat(this.view.onlineServices("orders")).containsExactly(a);
		assertThat(this.view.typeNames()).containsExactly("orders");
		assertRing("orders", a);
	}

	@Test
	void puttingTheSameServiceAgainPublishesNothing() {
		ServiceInfo a = online("orders", "a", "node-1");
		this.view.put(a);
		this.view.put(online("orders", "a", "node-1"));
		assertThat(this.events).containsExactly(joined(a));
		assertThat(this.ringChanges).containsExactly("orders");
	}

	@Test
	void aStateChangeIsALeaveThenAJoinAndAnOfflineServiceIsListedButNotRouted() {
		ServiceInfo a = online("orders", "a", "node-1");
		ServiceInfo b = online("orders", "b", "node-2");
		this.view.put(a);
		this.view.put(b);
		this.events.clear();
		ServiceInfo offline = a.withState(ServiceState.OFFLINE);
		this.view.put(offline);
		assertThat(this.events).containsExactly(left(a), joined(offline));
		assertThat(this.view.services("orders")).containsExactly(offline, b);
		assertThat(this.view.onlineServices("orders")).containsExactly(b);
		assertRing("orders", b);
		this.events.clear();
		this.view.put(a);
		assertThat(this.events).containsExactly(left(offline), joined(a));
		assertRing("orders", a, b);
	}

	@Test
	void aMetadataChangeIsALeaveThenAJoin() {
		ServiceInfo a = online("orders", "a", "node-1");
		this.view.put(a);
		this.events.clear();
		ServiceInfo changed = new ServiceInfo(a.ref(), ServiceState.ONLINE, Map.of("zone", "eu"));
		this.view.put(changed);
		assertThat(this.events).containsExactly(left(a), joined(changed));
		assertThat(this.view.get("a")).isEqualTo(changed);
	}

	@Test
	void aServiceWhoseTypeChangesLeavesAsItsOldTypeAndJoinsTheNewOne() {
		ServiceInfo a = online("orders", "a", "node-1");
		this.view.put(a);
		this.events.clear();
		ServiceInfo moved = online("payments", "a", "node-1");
		this.view.put(moved);
		assertThat(this.events).containsExactly(left(a), joined(moved));
		assertThat(this.view.get("a")).isEqualTo(moved);
		assertThat(this.view.services("payments")).containsExactly(moved);
		assertRing("payments", moved);
	}

	@Test
	void aRemovedServiceLeavesOnceAndItsTypeGoesWithItsLastService() {
		ServiceInfo a = online("orders", "a", "node-1");
		ServiceInfo b = online("orders", "b", "node-2");
		this.view.put(a);
		this.view.put(b);
		this.events.clear();
		this.view.remove("a");
		this.view.remove("a");
		this.view.remove("unknown");
		assertThat(this.events).containsExactly(left(a));
		assertThat(this.view.get("a")).isNull();
		assertRing("orders", b);
		this.view.remove("b");
		assertThat(this.events).containsExactly(left(a), left(b));
		assertThat(this.view.typeNames()).isEmpty();
		assertThat(this.view.services("orders")).isEmpty();
		assertThat(this.view.find("orders", 42)).isNull();
		assertThat(this.view.findMulti(3, "orders", 42)).isEmpty();
		assertThat(this.view.checksum("orders")).isZero();
	}

	@Test
	void lookupsSeeOnlyTheServicesOfTheirType() {
		ServiceInfo a = online("orders", "a", "node-1");
		ServiceInfo b = online("orders", "b", "node-2");
		ServiceInfo c = online("payments", "c", "node-1");
		this.view.put(b);
		this.view.put(c);
		this.view.put(a);
		assertThat(this.view.typeNames()).containsExactly("orders", "payments");
		assertThat(this.view.services("orders")).containsExactly(a, b);
		assertThat(this.view.services("payments")).containsExactly(c);
		assertRing("orders", a, b);
		assertRing("payments", c);
		for (long hash = -1000; hash < 1000; hash += 37) {
			assertThat(this.view.find("payments", hash)).isEqualTo(c.ref());
			assertThat(this.view.find("orders", hash)).isIn(a.ref(), b.ref());
		}
		assertThat(this.view.services("unknown")).isEmpty();
		assertThat(this.view.find("unknown", 42)).isNull();
	}

	@Test
	void replacingAllPublishesTheLeavesOfRemovedServicesThenTheChangesInOrder() {
		ServiceInfo a = online("orders", "a", "node-1");
		ServiceInfo b = online("orders", "b", "node-2");
		ServiceInfo c = online("orders", "c", "node-3");
		this.view.put(a);
		this.view.put(b);
		this.view.put(c);
		this.events.clear();
		ServiceInfo offlineB = b.withState(ServiceState.OFFLINE);
		ServiceInfo d = online("payments", "d", "node-1");
		Map<String, ServiceInfo> desired = new LinkedHashMap<>();
		desired.put("c", c);
		desired.put("b", offlineB);
		desired.put("d", d);
		this.view.replaceAll(() -> desired);
		assertThat(this.events).containsExactly(left(a), left(b), joined(offlineB), joined(d));
		assertThat(this.view.get("a")).isNull();
		assertThat(this.view.services("orders")).containsExactly(offlineB, c);
		assertRing("orders", c);
		assertRing("payments", d);
	}

	@Test
	void replacingAllWithTheSameContentPublishesNothingAndKeepsTheRings() {
		ServiceInfo a = online("orders", "a", "node-1");
		ServiceInfo b = online("orders", "b", "node-2").withState(ServiceState.OFFLINE);
		ServiceInfo c = online("payments", "c", "node-1");
		this.view.put(a);
		this.view.put(b);
		this.view.put(c);
		this.events.clear();
		this.ringChanges.clear();
		long checksum = this.view.checksum("orders");
		this.view.replaceAll(() -> Map.of("a", online("orders", "a", "node-1"), "b", b, "c", c));
		assertThat(this.events).isEmpty();
		assertThat(this.ringChanges).isEmpty();
		assertThat(this.view.checksum("orders")).isEqualTo(checksum);
		assertThat(this.view.services("orders")).containsExactly(a, b);
	}

	@Test
	void replacingAllWithNothingEmptiesTheView() {
		ServiceInfo a = online("orders", "a", "node-1");
		ServiceInfo c = online("payments", "c", "node-1");
		this.view.put(a);
		this.view.put(c);
		this.events.clear();
		this.view.replaceAll(Map::of);
		assertThat(this.events).containsExactlyInAnyOrder(left(a), left(c));
		assertThat(this.view.typeNames()).isEmpty();
	}

	@Test
	void aRingOfManyChangesAtOnceHoldsTheSameAsOneBuiltAChangeAtATime() {
		List<ServiceInfo> all = new ArrayList<>();
		Map<String, ServiceInfo> desired = new LinkedHashMap<>();
		for (int i = 0; i < 10; i++) {
			ServiceInfo info = online("orders", "s" + i, "node-" + (i % 3));
			all.add(info);
			desired.put(info.ref().id(), info);
		}
		this.view.replaceAll(() -> desired);
		assertThat(this.events).hasSize(10).allMatch(ServiceJoinedEvent.class::isInstance);
		assertRing("orders", all.toArray(ServiceInfo[]::new));
		RegistryView oneByOne = new RegistryView((event) -> {
		});
		all.forEach(oneByOne::put);
		assertThat(oneByOne.checksum("orders")).isEqualTo(this.view.checksum("orders"));
		for (long hash = -1000; hash < 1000; hash += 37) {
			assertThat(oneByOne.find("orders", hash)).isEqualTo(this.view.find("orders", hash));
		}
	}

	@Test
	void putIfCurrentPutsOnlyAServiceThatIsStillCurrent() {
		ServiceInfo a = online("orders", "a", "node-1");
		this.view.putIfCurrent(a, () -> false);
		assertThat(this.events).isEmpty();
		assertThat(this.view.get("a")).isNull();
		this.view.putIfCurrent(a, () -> true);
		assertThat(this.events).containsExactly(joined(a));
		assertThat(this.view.get("a")).isEqualTo(a);
	}

	@Test
	void aRemovalCannotSlipBetweenTheCheckOfPutIfCurrentAndItsPut() throws Exception {
		ServiceInfo a = online("orders", "a", "node-1");
		AtomicReference<Thread> remover = new AtomicReference<>();
		CompletableFuture<Void> removal = new CompletableFuture<>();
		this.view.putIfCurrent(a, () -> {
			Thread thread = new Thread(() -> {
				this.view.remove("a");
				removal.complete(null);
			});
			remover.set(thread);
			thread.start();
			// the removal waits for the view's lock that the check holds
			await().atMost(10, TimeUnit.SECONDS).until(() -> thread.getState() == Thread.State.BLOCKED);
			return true;
		});
		removal.get(10, TimeUnit.SECONDS);
		remover.get().join(10_000);
		assertThat(this.events).containsExactly(joined(a), left(a));
		assertThat(this.view.get("a")).isNull();
	}

	private void assertRing(String type, ServiceInfo... online) {
		List<ServiceRef> refs = new ArrayList<>();
		List<HashRing.Member<ServiceRef>> members = new ArrayList<>();
		for (ServiceInfo info : online) {
			refs.add(info.ref());
			members.add(new HashRing.Member<>(info.ref().id(), info.ref().node(), info.ref()));
		}
		assertThat(this.view.findMulti(online.length + 5, type, 42)).containsExactlyInAnyOrderElementsOf(refs);
		assertThat(this.view.checksum(type)).isEqualTo(HashRing.of(members).checksum());
	}

	private static ServiceInfo online(String type, String id, String node) {
		return new ServiceInfo(new ServiceRef(type, id, node), ServiceState.ONLINE, Map.of());
	}

	private static ServiceJoinedEvent joined(ServiceInfo info) {
		return new ServiceJoinedEvent(info);
	}

	private static ServiceLeftEvent left(ServiceInfo info) {
		return new ServiceLeftEvent(info);
	}

}
