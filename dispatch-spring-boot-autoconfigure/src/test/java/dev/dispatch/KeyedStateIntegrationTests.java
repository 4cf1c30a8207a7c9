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

package dev.dispatch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

import dev.dispatch.metrics.DispatchMetrics;
import dev.dispatch.registry.ClusterRegistry;
import dev.dispatch.test.Counter;
import dev.dispatch.test.Counts;
import dev.dispatch.test.Counts.Increment;
import dev.dispatch.test.Counts.Read;
import dev.dispatch.test.TestCluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;
import static org.awaitility.Awaitility.await;

/**
 * State that follows its key, on three nodes of one cluster in this JVM (a fourth starts
 * and stops in one test): counts kept per name move to each name's owner as services come
 * and go, and the messages of a moving name wait for its count.
 *
 * @author Dispatch team
 */
class KeyedStateIntegrationTests {

	private static final Duration PATIENCE = Duration.ofSeconds(20);

	private static final Duration HANDOFF_TIMEOUT = Duration.ofSeconds(5);

	private static TestCluster cluster;

	private static final List<ConfigurableApplicationContext> nodes = new ArrayList<>();

	private static final Map<String, Counts> countsById = new ConcurrentHashMap<>();

	@BeforeAll
	static void startCluster() {
		cluster = new TestCluster(4);
		for (int i = 0; i < 3; i++) {
			nodes.add(startNode(i));
		}
		await().atMost(PATIENCE).until(() -> registry(0).getMembers().size() == 3);
	}

	private static ConfigurableApplicationContext startNode(int index) {
		return cluster.start(index, List.of(Recording.class),
				"dispatch.registry.handoff-timeout=" + HANDOFF_TIMEOUT.toMillis() + "ms");
	}

	@AfterAll
	static void stopCluster() {
		cluster.close();
	}

	private static ClusterRegistry registry(int node) {
		return nodes.get(node).getBean(ClusterRegistry.class);
	}

	private static DispatchTemplate template(int node) {
		return nodes.get(node).getBean(DispatchTemplate.class);
	}

	private static Recording recording(int node) {
		return nodes.get(node).getBean(Recording.class);
	}

	private static ServiceRef add(int node, String type, Counts counts) {
		ServiceRef ref = registry(node).addService(type, counts);
		countsById.put(ref.id(), counts);
		return ref;
	}

	private static void awaitOnline(String type, int count) {
		for (int i = 0; i < nodes.size(); i++) {
			int node = i;
			await().atMost(PATIENCE).until(() -> registry(node).getOnlineServices(type).size() == count);
		}
	}

	private static List<String> names(String prefix, int count) {
		return IntStream.range(0, count).mapToObj((i) -> prefix + i).toList();
	}

	/**
	 * Return the names that a service owns in a node's view.
	 */
	private static List<String> ownedBy(int node, String type, List<String> names, ServiceRef owner) {
		return names.stream()
			.filter((name) -> registry(node).findService(type, name).orElseThrow().equals(owner))
			.toList();
	}

	private static List<String> notOwnedBy(int node, String type, List<String> names, ServiceRef owner) {
		return names.stream()
			.filter((name) -> !registry(node).findService(type, name).orElseThrow().equals(owner))
			.toList();
	}

	private static void increment(String type, List<String> names, int times) {
		for (int time = 0; time < times; time++) {
			for (int i = 0; i < names.size(); i++) {
				String name = names.get(i);
				template(i % nodes.size()).call(type, name, new Increment(name), Long.class);
			}
		}
	}

	/**
	 * Wait until every name's count is held by the name's owner only, with the expected
	 * value.
	 */
	private static void awaitCountsAtOwners(String type, List<String> names, long expected) {
		await().atMost(PATIENCE).untilAsserted(() -> {
			for (String name : names) {
				ServiceRef owner = registry(0).findService(type, name).orElseThrow();
				for (ServiceInfo service : registry(0).getServices(type)) {
					Counts counts = countsById.get(service.ref().id());
					if (service.ref().equals(owner)) {
						assertThat(counts.counts()).as("count of %s at its owner", name).containsEntry(name, expected);
					}
					else if (counts != null) {
						assertThat(counts.counts()).as("count of %s elsewhere", name).doesNotContainKey(name);
					}
				}
			}
		});
	}

	private static void assertReadEverywhere(String type, List<String> names, long expected) {
		for (int node = 0; node < nodes.size(); node++) {
			for (String name : names) {
				assertThat(template(node).call(type, name, new Read(name), Long.class)).isEqualTo(expected);
			}
		}
	}

	@Test
	void countsFollowTheirNamesAsServicesComeAndGo() {
		String type = TestCluster.uniqueType();
		List<String> names = names("c", 60);
		add(0, type, new Counts());
		awaitOnline(type, 1);
		increment(type, names, 2);
		ServiceRef second = add(1, type, new Counts());
		awaitOnline(type, 2);
		awaitCountsAtOwners(type, names, 2);
		assertThat(countsById.get(second.id()).counts()).isNotEmpty();
		increment(type, names, 1);
		assertReadEverywhere(type, names, 3);
		registry(1).disableService(second);
		awaitOnline(type, 1);
		awaitCountsAtOwners(type, names, 3);
		registry(1).enableService(second);
		awaitOnline(type, 2);
		awaitCountsAtOwners(type, names, 3);
		ServiceRef third = add(2, type, new Counts());
		awaitOnline(type, 3);
		awaitCountsAtOwners(type, names, 3);
		registry(2).removeService(third);
		awaitOnline(type, 2);
		awaitCountsAtOwners(type, names, 3);
		increment(type, names, 1);
		assertReadEverywhere(type, names, 4);
	}

	@Test
	void aNodeThatStartsAndStopsGracefullyTakesAndGivesBackItsCounts() {
		String type = TestCluster.uniqueType();
		List<String> names = names("n", 60);
		add(0, type, new Counts());
		awaitOnline(type, 1);
		increment(type, names, 1);
		ConfigurableApplicationContext fourth = startNode(3);
		try {
			Counts counts = new Counts();
			ServiceRef added = fourth.getBean(ClusterRegistry.class).addService(type, counts);
			countsById.put(added.id(), counts);
			awaitOnline(type, 2);
			await().atMost(PATIENCE).until(() -> !countsById.get(added.id()).counts().isEmpty());
			awaitCountsAtOwners(type, names, 1);
		}
		finally {
			fourth.close();
		}
		awaitOnline(type, 1);
		awaitCountsAtOwners(type, names, 1);
		assertReadEverywhere(type, names, 1);
	}

	@Test
	void changesInQuickSuccessionConverge() {
		String type = TestCluster.uniqueType();
		List<String> names = names("q", 100);
		ServiceRef first = add(0, type, new Counts());
		awaitOnline(type, 1);
		increment(type, names, 2);
		add(1, type, new Counts());
		add(2, type, new Counts());
		registry(0).removeService(first);
		awaitOnline(type, 2);
		awaitCountsAtOwners(type, names, 2);
		increment(type, names, 1);
		assertReadEverywhere(type, names, 3);
	}

	@Test
	void messagesOfAMovingNameWaitForItsCount() throws Exception {
		String type = TestCluster.uniqueType();
		List<String> names = names("w", 40);
		Counts old = new Counts();
		add(0, type, old);
		awaitOnline(type, 1);
		increment(type, names, 1);
		CountDownLatch handOffs = old.holdHandOffs();
		ServiceRef added = add(1, type, new Counts());
		assertThat(old.handOffStarted().await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
		String moving = ownedBy(1, type, names, added).get(0);
		String staying = notOwnedBy(1, type, names, added).get(0);
		CompletableFuture<Long> held = template(1).callAsync(type, moving, new Increment(moving), Long.class);
		await().atMost(PATIENCE).until(() -> registry(1).getKeyedStates().heldMessages(added.id()) == 1);
		assertThat(held).isNotDone();
		handOffs.countDown();
		assertThat(held.get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isEqualTo(2L);
		assertThat(template(2).call(type, staying, new Increment(staying), Long.class)).isEqualTo(2L);
		awaitCountsAtOwners(type, List.of(moving), 2);
	}

	@Test
	void messagesQueuedWhenTheRingOfTheirTypeBecomesEmptyStillRun() throws Exception {
		String type = TestCluster.uniqueType();
		Gated gated = new Gated();
		ServiceRef service = registry(0).addService(type, gated);
		awaitOnline(type, 1);
		CompletableFuture<Long> first = template(0).callAsync(type, "k", new Increment("k"), Long.class, PATIENCE);
		assertThat(gated.entered.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
		CompletableFuture<Long> queued = template(0).callAsync(type, "k", new Increment("k"), Long.class, PATIENCE);
		registry(0).disableService(service);
		awaitOnline(type, 0);
		// the hand-off thread took the empty ring in: it told the service it lost every
		// key
		await().atMost(PATIENCE).until(() -> {
			OwnershipChangedEvent last = recording(0).last(service);
			return last != null && last.lost().fraction() == 1.0;
		});
		gated.open.countDown();
		// the gate has seen a ring, an empty one: the queued message runs, it is not held
		assertThat(first.get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1L);
		assertThat(queued.get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isEqualTo(2L);
		registry(0).removeService(service);
	}

	@Test
	void heldMessagesRunWithoutTheirCountAtTheHandOffTimeout() throws Exception {
		String type = TestCluster.uniqueType();
		List<String> names = names("t", 40);
		Counts old = new Counts();
		add(0, type, old);
		awaitOnline(type, 1);
		increment(type, names, 1);
		CountDownLatch handOffs = old.holdHandOffs();
		try {
			ServiceRef added = add(1, type, new Counts());
			assertThat(old.handOffStarted().await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
			String moving = ownedBy(1, type, names, added).get(0);
			int timeoutsBefore = recording(1).count(type, "timeout");
			long start = System.nanoTime();
			assertThat(template(1).call(type, moving, new Increment(moving), Long.class, PATIENCE)).isEqualTo(1L);
			assertThat(Duration.ofNanos(System.nanoTime() - start))
				.isGreaterThanOrEqualTo(HANDOFF_TIMEOUT.minusMillis(100));
			assertThat(recording(1).count(type, "timeout")).isGreaterThan(timeoutsBefore);
		}
		finally {
			handOffs.countDown();
		}
	}

	@Test
	void aFailingHandOffOrTakeOverFailsOnlyItsKey() {
		String type = TestCluster.uniqueType();
		List<String> names = names("f", 60);
		Counts old = new Counts();
		add(0, type, old);
		awaitOnline(type, 1);
		increment(type, names, 1);
		// fail every name: which ones move is known only once the service is added
		names.forEach(old::failHandOff);
		Counts added = new Counts();
		ServiceRef ref = add(1, type, added);
		awaitOnline(type, 2);
		List<String> moving = ownedBy(0, type, names, ref);
		assertThat(moving).isNotEmpty();
		await().atMost(PATIENCE).until(() -> recording(0).count(type, "failed") == moving.size());
		assertThat(added.counts()).isEmpty();
		for (String name : moving) {
			assertThat(template(2).call(type, name, new Increment(name), Long.class)).isEqualTo(1L);
		}
		assertThat(registry(1).getKeyedStates().heldMessages(ref.id())).isZero();
		// a service that fails to take over loses only those names' counts
		Counts third = new Counts();
		names.forEach(third::failTakeOver);
		ServiceRef refused = add(2, type, third);
		awaitOnline(type, 3);
		List<String> toThird = names.stream()
			.filter((name) -> registry(0).findService(type, name).orElseThrow().equals(refused))
			.filter((name) -> added.counts().containsKey(name) || old.counts().containsKey(name))
			.toList();
		assertThat(toThird).isNotEmpty();
		await().atMost(PATIENCE).until(() -> recording(2).count(type, "failed") > 0);
		for (String name : toThird) {
			assertThat(template(0).call(type, name, new Increment(name), Long.class)).isEqualTo(1L);
		}
		assertThat(registry(2).getKeyedStates().heldMessages(refused.id())).isZero();
	}

	@Test
	void aStateOfAnUntrustedClassFailsOnlyItsKey() {
		String type = TestCluster.uniqueType();
		UntrustedStates old = new UntrustedStates();
		IntStream.range(0, 40).forEach((i) -> old.states.put("u" + i, new AtomicLong(i)));
		registry(0).addService(type, old);
		awaitOnline(type, 1);
		UntrustedStates added = new UntrustedStates();
		ServiceRef ref = registry(1).addService(type, added);
		awaitOnline(type, 2);
		long moving = IntStream.range(0, 40)
			.mapToObj((i) -> "u" + i)
			.filter((name) -> registry(0).findService(type, name).orElseThrow().equals(ref))
			.count();
		assertThat(moving).isPositive();
		await().atMost(PATIENCE).until(() -> recording(1).count(type, "failed") == moving);
		assertThat(added.states).isEmpty();
		assertThat(old.states).hasSize(40 - (int) moving);
		assertThat(registry(1).getKeyedStates().heldMessages(ref.id())).isZero();
	}

	@Test
	void ownershipEventsAgreeWithFindServiceBeforeAndAfter() {
		String type = TestCluster.uniqueType();
		ServiceRef first = registry(0).addService(type, new Counter());
		awaitOnline(type, 1);
		List<String> keys = names("e", 2000);
		Map<String, ServiceRef> before = new HashMap<>();
		keys.forEach((key) -> before.put(key, registry(2).findService(type, key).orElseThrow()));
		ServiceRef second = registry(1).addService(type, new Counter());
		awaitOnline(type, 2);
		await().atMost(PATIENCE)
			.until(() -> lastEvent(0, first) != null && !lastEvent(0, first).lost().isEmpty()
					&& lastEvent(1, second) != null);
		OwnershipChangedEvent ofFirst = lastEvent(0, first);
		OwnershipChangedEvent ofSecond = lastEvent(1, second);
		int moved = 0;
		for (String key : keys) {
			boolean moves = before.get(key).equals(first)
					&& registry(2).findService(type, key).orElseThrow().equals(second);
			moved += moves ? 1 : 0;
			assertThat(ofFirst.lost().contains(key)).as("lost %s", key).isEqualTo(moves);
			assertThat(ofSecond.gained().contains(key)).as("gained %s", key).isEqualTo(moves);
			assertThat(ofFirst.gained().contains(key)).isFalse();
			assertThat(ofSecond.lost().contains(key)).isFalse();
		}
		assertThat(moved).isBetween(700, 1300);
		assertThat(ofSecond.gained().fraction()).isCloseTo(moved / 2000.0, offset(0.05));
	}

	private static @Nullable OwnershipChangedEvent lastEvent(int node, ServiceRef service) {
		return recording(node).last(service);
	}

	@Test
	void messagesOfServicesThatKeepNoStateAreNeverHeld() {
		String type = TestCluster.uniqueType();
		registry(0).addService(type, new Counter());
		awaitOnline(type, 1);
		CompletableFuture<String> busy = template(0).callAsync(type, "any", new Counter.Sleep(30_000), String.class,
				PATIENCE);
		ServiceRef second = registry(1).addService(type, new Counter());
		awaitOnline(type, 2);
		String moved = names("m", 200).stream()
			.filter((key) -> registry(2).findService(type, key).orElseThrow().equals(second))
			.findFirst()
			.orElseThrow();
		template(2).cast(type, moved, new Counter.Add(1));
		assertThat(template(2).call(type, moved, new Counter.Get(), Integer.class)).isEqualTo(1);
		assertThat(busy).as("the old owner is still busy with its message").isNotDone();
		assertThat(registry(1).getKeyedStates().heldMessages(second.id())).isZero();
	}

	/**
	 * Keeps states of a class that no node trusts.
	 */
	public static class UntrustedStates implements KeyedState<Object> {

		final Map<String, Object> states = new ConcurrentHashMap<>();

		@DispatchHandler
		public int size(Counter.Get get) {
			return this.states.size();
		}

		@Override
		public Collection<?> keys() {
			return this.states.keySet();
		}

		@Override
		public @Nullable Object handOff(Object key) {
			return this.states.remove(key);
		}

		@Override
		public void takeOver(Object key, Object state) {
			this.states.put((String) key, state);
		}

	}

	/**
	 * Records the hand-offs counted on a node and the ownership events published there.
	 */
	@Configuration(proxyBeanMethods = false)
	static class Recording {

		private final Map<String, AtomicInteger> handoffs = new ConcurrentHashMap<>();

		final List<OwnershipChangedEvent> ownership = new CopyOnWriteArrayList<>();

		@Bean
		DispatchMetrics recordingMetrics() {
			return new DispatchMetrics() {

				@Override
				public void handoffs(String type, String outcome, int keys) {
					Recording.this.handoffs.computeIfAbsent(type + "/" + outcome, (key) -> new AtomicInteger())
						.addAndGet(keys);
				}

			};
		}

		@EventListener
		void ownershipChanged(OwnershipChangedEvent event) {
			this.ownership.add(event);
		}

		int count(String type, String outcome) {
			AtomicInteger count = this.handoffs.get(type + "/" + outcome);
			return (count != null) ? count.get() : 0;
		}

		@Nullable OwnershipChangedEvent last(ServiceRef service) {
			OwnershipChangedEvent last = null;
			for (OwnershipChangedEvent event : this.ownership) {
				if (event.service().equals(service)) {
					last = event;
				}
			}
			return last;
		}

		Map<String, Integer> snapshot() {
			Map<String, Integer> snapshot = new HashMap<>();
			this.handoffs.forEach((key, value) -> snapshot.put(key, value.get()));
			return snapshot;
		}

	}

	/**
	 * A service that keeps state per key (none to hand off) and holds its messages at a
	 * latch.
	 */
	public static class Gated implements KeyedState<Long> {

		final CountDownLatch entered = new CountDownLatch(1);

		final CountDownLatch open = new CountDownLatch(1);

		private final AtomicLong count = new AtomicLong();

		@DispatchHandler
		public long increment(Increment increment) throws InterruptedException {
			this.entered.countDown();
			this.open.await(PATIENCE.toSeconds(), TimeUnit.SECONDS);
			return this.count.incrementAndGet();
		}

		@Override
		public Collection<?> keys() {
			return List.of();
		}

		@Override
		public @Nullable Long handOff(Object key) {
			return null;
		}

		@Override
		public void takeOver(Object key, Long state) {
		}

	}

}
