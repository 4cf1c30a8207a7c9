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

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import com.hazelcast.core.HazelcastInstance;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import dev.dispatch.DispatchTemplate;
import dev.dispatch.ServiceOptions;
import dev.dispatch.ServiceRef;
import dev.dispatch.registry.ClusterRegistry;
import dev.dispatch.test.Tally;
import dev.dispatch.test.Tally.Add;
import dev.dispatch.test.Tally.Read;
import dev.dispatch.test.TestCluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The copies of a key's state are never left behind where nothing uses them, on three
 * nodes of one cluster in this JVM, with one backup. A key's owner (on the node to kill)
 * hands the key to a service that just joined ahead of the key's backup, and is killed
 * half-way through (its hand-off held by a latch): the new owner takes the key over from
 * the backup's copy, which it asks for, instead of starting it empty, whether or not a
 * message of the key came meanwhile. And when the hand-off completes, the former backup
 * keeps its copy until the new owner's own backup holds the state.
 *
 * @author Dispatch team
 */
class StrandedCopiesIntegrationTests {

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	private static final Duration HANDOFF_TIMEOUT = Duration.ofSeconds(15);

	private static final ServiceOptions ONE_BACKUP = ServiceOptions.defaults().withBackups(1);

	private static TestCluster cluster;

	private static final List<ConfigurableApplicationContext> nodes = new ArrayList<>();

	@BeforeAll
	static void startCluster() {
		cluster = new TestCluster(3);
		for (int i = 0; i < 2; i++) {
			nodes.add(start(i));
		}
		await().atMost(PATIENCE).until(() -> registry(0).getMembers().size() == 2);
	}

	@AfterAll
	static void stopCluster() {
		cluster.close();
	}

	private static ConfigurableApplicationContext start(int index) {
		return cluster.start(index, List.of(),
				"dispatch.registry.handoff-timeout=" + HANDOFF_TIMEOUT.toMillis() + "ms");
	}

	@Test
	void aKeyWhoseHandOffDiesWithItsSourceIsTakenOverFromTheCopyOfItsFormerBackup() throws Exception {
		ConfigurableApplicationContext doomed = start(2);
		HeldTally source = new HeldTally();
		try {
			Moved moved = countThenMove(doomed, source);
			String name = moved.name();
			CompletableFuture<Long> call = template(0).callAsync(moved.type(), name, new Add(name), Long.class,
					PATIENCE);
			await().atMost(PATIENCE).until(() -> registry(0).getKeyedStates().heldMessages(moved.added().id()) == 1);
			long killed = System.nanoTime();
			doomed.getBean(HazelcastInstance.class).getLifecycleService().terminate();
			// the count the source never handed off comes from the former backup's copy
			assertThat(call.get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isEqualTo(4);
			assertThat(Duration.ofNanos(System.nanoTime() - killed)).isLessThan(HANDOFF_TIMEOUT.dividedBy(2));
			assertThat(template(1).call(moved.type(), name, new Read(name), Long.class)).isEqualTo(4);
		}
		finally {
			source.handOffs.countDown();
			doomed.close();
		}
	}

	@Test
	void theCopiesOfKeysThatNoMessageAskedForAreTakenOverToo() throws Exception {
		ConfigurableApplicationContext doomed = start(2);
		HeldTally source = new HeldTally();
		try {
			Moved moved = countThenMove(doomed, source);
			doomed.getBean(HazelcastInstance.class).getLifecycleService().terminate();
			// no message for the key: its copy comes all the same, and is installed
			await().atMost(PATIENCE).until(() -> Long.valueOf(3).equals(moved.added().counts().get(moved.name())));
			assertThat(registry(0).getKeyedStates().backupVersion(moved.added().id(), moved.name())).isEqualTo(-1);
		}
		finally {
			source.handOffs.countDown();
			doomed.close();
		}
	}

	@Test
	void aFormerBackupKeepsItsCopyUntilTheNewOwnersBackupHoldsTheState() throws Exception {
		ConfigurableApplicationContext doomed = start(2);
		HeldTally source = new HeldTally();
		StoreGate gate = null;
		try {
			Moved moved = countThenMove(doomed, source);
			String name = moved.name();
			gate = new StoreGate(doomed.getBean(ClusterRegistry.class).getKeyedStates().backupChannel());
			source.handOffs.countDown();
			// the new owner took the key over, and its backup (on the source's node)
			// has not stored the state yet
			await().atMost(PATIENCE).until(() -> Long.valueOf(3).equals(moved.added().counts().get(name)));
			assertThat(gate.awaitEntered()).isTrue();
			String backup = moved.formerBackup().id();
			await().during(Duration.ofMillis(500))
				.atMost(PATIENCE)
				.until(() -> registry(1).getKeyedStates().backupVersion(backup, name) > 0);
			gate.open();
			await().atMost(PATIENCE).until(() -> registry(1).getKeyedStates().backupVersion(backup, name) == -1);
			assertThat(template(1).call(moved.type(), name, new Read(name), Long.class)).isEqualTo(3);
		}
		finally {
			if (gate != null) {
				gate.close();
			}
			source.handOffs.countDown();
			doomed.close();
		}
	}

	/**
	 * Put a service with one backup on the node to kill and one on node 1, count 3 times
	 * for 200 names, then hold the first's hand-offs and add a service on node 0; return
	 * a name that the first owned with node 1's service as its backup, and that the added
	 * service owns now.
	 */
	private static Moved countThenMove(ConfigurableApplicationContext doomed, HeldTally source) {
		List<ConfigurableApplicationContext> all = List.of(nodes.get(0), nodes.get(1), doomed);
		await().atMost(PATIENCE).until(() -> registry(0).getMembers().size() == 3);
		String type = TestCluster.uniqueType();
		ServiceRef sourceRef = registry(doomed).addService(type, source, ONE_BACKUP);
		ServiceRef backupRef = registry(nodes.get(1)).addService(type, new Tally(), ONE_BACKUP);
		awaitOnline(all, type, 2);
		List<String> names = IntStream.range(0, 200).mapToObj((i) -> "n" + i).toList();
		Map<String, List<ServiceRef>> before = new HashMap<>();
		for (String name : names) {
			for (int round = 0; round < 3; round++) {
				template(round % 2).call(type, name, new Add(name), Long.class);
			}
			before.put(name, registry(0).findMultiService(2, type, name));
		}
		source.hold();
		Tally added = new Tally();
		ServiceRef addedRef = registry(nodes.get(0)).addService(type, added, ONE_BACKUP);
		awaitOnline(all, type, 3);
		String name = names.stream()
			.filter((candidate) -> before.get(candidate).equals(List.of(sourceRef, backupRef))
					&& registry(0).findMultiService(2, type, candidate).equals(List.of(addedRef, sourceRef)))
			.findFirst()
			.orElseThrow();
		return new Moved(type, name, addedRef, added, backupRef);
	}

	private static ClusterRegistry registry(ConfigurableApplicationContext node) {
		return node.getBean(ClusterRegistry.class);
	}

	private static ClusterRegistry registry(int node) {
		return registry(nodes.get(node));
	}

	private static DispatchTemplate template(int node) {
		return nodes.get(node).getBean(DispatchTemplate.class);
	}

	private static void awaitOnline(List<ConfigurableApplicationContext> all, String type, int count) {
		for (ConfigurableApplicationContext node : all) {
			await().atMost(PATIENCE).until(() -> registry(node).getOnlineServices(type).size() == count);
		}
	}

	/**
	 * A key that moved from the node to kill to a service added on node 0.
	 */
	private record Moved(String type, String name, AddedService added, ServiceRef formerBackup) {

		Moved(String type, String name, ServiceRef addedRef, Tally added, ServiceRef formerBackup) {
			this(type, name, new AddedService(addedRef, added), formerBackup);
		}

	}

	private record AddedService(ServiceRef ref, Tally tally) {

		String id() {
			return this.ref.id();
		}

		Map<String, Long> counts() {
			return this.tally.counts();
		}

	}

	/**
	 * A tally whose hand-offs can be held at a latch.
	 */
	public static class HeldTally extends Tally {

		private volatile CountDownLatch handOffs = new CountDownLatch(0);

		void hold() {
			this.handOffs = new CountDownLatch(1);
		}

		@Override
		public @Nullable Long handOff(Object key) {
			try {
				this.handOffs.await(PATIENCE.toSeconds(), TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return super.handOff(key);
		}

	}

}
