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
import java.util.stream.IntStream;

import com.hazelcast.core.HazelcastInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import dev.dispatch.DispatchException;
import dev.dispatch.DispatchTemplate;
import dev.dispatch.ServiceOptions;
import dev.dispatch.ServiceRef;
import dev.dispatch.ServiceUnavailableException;
import dev.dispatch.messaging.ClusterTransport;
import dev.dispatch.messaging.GatedMessage;
import dev.dispatch.registry.ClusterRegistry;
import dev.dispatch.ring.KeyHasher;
import dev.dispatch.test.Counts;
import dev.dispatch.test.Tally;
import dev.dispatch.test.Tally.Add;
import dev.dispatch.test.Tally.Read;
import dev.dispatch.test.TestCluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * Keyed state that survives a crash, on nodes of one cluster in this JVM: with one
 * backup, every count that a call returned is still there after the node that owned it is
 * killed; without, the counts it owned are gone.
 *
 * @author Dispatch team
 */
class BackupsIntegrationTests {

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	private static TestCluster cluster;

	private static final List<ConfigurableApplicationContext> nodes = new ArrayList<>();

	@BeforeAll
	static void startCluster() {
		cluster = new TestCluster(4);
		for (int i = 0; i < 2; i++) {
			nodes.add(cluster.start(i, List.of()));
		}
		await().atMost(PATIENCE).until(() -> registry(0).getMembers().size() == 2);
	}

	@AfterAll
	static void stopCluster() {
		cluster.close();
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

	private static void awaitOnline(String type, int count) {
		for (int i = 0; i < nodes.size(); i++) {
			int node = i;
			await().atMost(PATIENCE).until(() -> registry(node).getOnlineServices(type).size() == count);
		}
	}

	/**
	 * Put a service of a new type on nodes 0 and 1 and on a third node, count 3 times for
	 * each of 200 names through nodes 0 and 1, kill the third node, and return what every
	 * name reads afterwards and what its calls returned last.
	 */
	private static Map<String, long[]> countThenKill(int backups, int doomedIndex) {
		ConfigurableApplicationContext doomed = cluster.start(doomedIndex, List.of());
		try {
			await().atMost(PATIENCE).until(() -> registry(0).getMembers().size() == 3);
			String type = TestCluster.uniqueType();
			ServiceOptions options = ServiceOptions.defaults().withBackups(backups);
			registry(0).addService(type, new Tally(), options);
			registry(1).addService(type, new Tally(), options);
			Tally third = new Tally();
			registry(doomed).addService(type, third, options);
			awaitOnline(type, 3);
			await().atMost(PATIENCE).until(() -> registry(doomed).getOnlineServices(type).size() == 3);
			List<String> names = IntStream.range(0, 200).mapToObj((i) -> "n" + i).toList();
			Map<String, Long> acknowledged = new HashMap<>();
			for (int round = 0; round < 3; round++) {
				for (int i = 0; i < names.size(); i++) {
					String name = names.get(i);
					acknowledged.put(name, template(i % 2).call(type, name, new Add(name), Long.class));
				}
			}
			assertThat(third.counts()).as("counts owned by the node to kill").isNotEmpty();
			long copied = registry(0).getKeyedStates().backupBytes(type)
					+ registry(1).getKeyedStates().backupBytes(type)
					+ registry(doomed).getKeyedStates().backupBytes(type);
			assertThat(copied > 0).as("copies held, %d bytes", copied).isEqualTo(backups > 0);
			doomed.getBean(HazelcastInstance.class).getLifecycleService().terminate();
			awaitOnline(type, 2);
			Map<String, long[]> read = new HashMap<>();
			for (String name : names) {
				long now = template(0).call(type, name, new Read(name), Long.class);
				read.put(name, new long[] { acknowledged.get(name), now });
			}
			return read;
		}
		finally {
			doomed.close();
		}
	}

	@Test
	void withABackupEveryCountACallReturnedSurvivesTheCrashOfItsOwner() {
		Map<String, long[]> counts = countThenKill(1, 2);
		counts.forEach((name, acknowledgedAndRead) -> assertThat(acknowledgedAndRead[1]).as("count of %s", name)
			.isEqualTo(acknowledgedAndRead[0]));
	}

	@Test
	void withoutBackupsTheCountsOwnedByTheKilledNodeAreLost() {
		Map<String, long[]> counts = countThenKill(0, 3);
		assertThat(counts.values().stream().filter((counted) -> counted[1] == 0)).isNotEmpty();
	}

	/**
	 * Start a third node, put a service of a new type with one backup on all three, and
	 * return a name owned by the service on {@code owner} whose backup is on
	 * {@code backup} (indexes into the three), counted once.
	 */
	private static Trio trio(ConfigurableApplicationContext doomed, int owner, int backup) {
		await().atMost(PATIENCE).until(() -> registry(0).getMembers().size() == 3);
		String type = TestCluster.uniqueType();
		ServiceOptions options = ServiceOptions.defaults().withBackups(1);
		List<ConfigurableApplicationContext> all = List.of(nodes.get(0), nodes.get(1), doomed);
		List<ServiceRef> services = new ArrayList<>();
		for (ConfigurableApplicationContext node : all) {
			services.add(registry(node).addService(type, new Tally(), options));
		}
		for (ConfigurableApplicationContext node : all) {
			await().atMost(PATIENCE).until(() -> registry(node).getOnlineServices(type).size() == 3);
		}
		String name = IntStream.range(0, 1000)
			.mapToObj((i) -> "n" + i)
			.filter((candidate) -> registry(0).findMultiService(2, type, candidate)
				.equals(List.of(services.get(owner), services.get(backup))))
			.findFirst()
			.orElseThrow();
		assertThat(template(0).call(type, name, new Add(name), Long.class)).isEqualTo(1);
		return new Trio(type, name, services);
	}

	@Test
	void aCallWhoseStateNoBackupHoldsYetNeverReturnsAndFailsWhenItsOwnerDies() throws Exception {
		ConfigurableApplicationContext doomed = cluster.start(2, List.of());
		try {
			Trio trio = trio(doomed, 2, 1);
			try (StoreGate gate = new StoreGate(registry(1).getKeyedStates().backupChannel())) {
				CompletableFuture<Long> call = template(0).callAsync(trio.type(), trio.name(), new Add(trio.name()),
						Long.class, PATIENCE);
				assertThat(gate.awaitEntered()).isTrue();
				// the owner ran it and sent the copy, which the backup has not stored
				assertThat(call).isNotDone();
				doomed.getBean(HazelcastInstance.class).getLifecycleService().terminate();
				assertThat(call).failsWithin(PATIENCE)
					.withThrowableThat()
					.havingCause()
					.isInstanceOf(ServiceUnavailableException.class);
				gate.open();
				awaitOnline(trio.type(), 2);
				// the call may or may not have run; the count before it is there
				assertThat(template(0).call(trio.type(), trio.name(), new Read(trio.name()), Long.class)).isBetween(1L,
						2L);
			}
		}
		finally {
			doomed.close();
		}
	}

	@Test
	void aBackupThatDiesWhileReceivingLetsTheCallReturnAndTheNextBackupGetsTheState() throws Exception {
		ConfigurableApplicationContext doomed = cluster.start(2, List.of());
		try {
			Trio trio = trio(doomed, 1, 2);
			try (StoreGate gate = new StoreGate(
					doomed.getBean(ClusterRegistry.class).getKeyedStates().backupChannel())) {
				CompletableFuture<Long> call = template(0).callAsync(trio.type(), trio.name(), new Add(trio.name()),
						Long.class, PATIENCE);
				assertThat(gate.awaitEntered()).isTrue();
				assertThat(call).isNotDone();
				doomed.getBean(HazelcastInstance.class).getLifecycleService().terminate();
				// the backup left the ring: the call no longer waits for it
				assertThat(call).succeedsWithin(PATIENCE).isEqualTo(2L);
				awaitOnline(trio.type(), 2);
				// the owner's next backup is the service of node 0, which gets the state
				await().atMost(PATIENCE)
					.until(() -> registry(0).getKeyedStates()
						.backupVersion(trio.services().get(0).id(), trio.name()) > 0);
			}
		}
		finally {
			doomed.close();
		}
	}

	@Test
	void aPromotedStateMovesOnWithItsVersionWhenTheRingChangesAgain() {
		ConfigurableApplicationContext doomed = cluster.start(2, List.of());
		try {
			Trio trio = trio(doomed, 2, 1);
			for (int i = 0; i < 4; i++) {
				template(0).call(trio.type(), trio.name(), new Add(trio.name()), Long.class);
			}
			doomed.getBean(HazelcastInstance.class).getLifecycleService().terminate();
			awaitOnline(trio.type(), 2);
			// the backup on node 1 took the key over; now a service joins and the
			// promoted
			// owner leaves, and the promoted state moves to the key's new owner by
			// hand-off
			assertThat(template(0).call(trio.type(), trio.name(), new Read(trio.name()), Long.class)).isEqualTo(5);
			registry(1).addService(trio.type(), new Tally(), ServiceOptions.defaults().withBackups(1));
			awaitOnline(trio.type(), 3);
			registry(1).removeService(trio.services().get(1));
			awaitOnline(trio.type(), 2);
			ServiceRef owner = registry(0).findService(trio.type(), trio.name()).orElseThrow();
			assertThat(template(1).call(trio.type(), trio.name(), new Add(trio.name()), Long.class)).isEqualTo(6);
			ServiceRef newOwner = owner;
			// its backups hold the newest version, above the promoted one
			List<ServiceRef> backups = registry(0).findMultiService(2, trio.type(), trio.name());
			ServiceRef backup = backups.get(1);
			int backupNode = backup.node().equals(registry(0).getLocalNode()) ? 0 : 1;
			await().atMost(PATIENCE)
				.until(() -> registry(backupNode).getKeyedStates().backupVersion(backup.id(), trio.name()) > 0);
			assertThat(newOwner).isNotEqualTo(trio.services().get(1));
		}
		finally {
			doomed.close();
		}
	}

	@Test
	void aMessageByKeyThatDoesNotCarryItsKeyIsRefusedBeforeItRuns() {
		ConfigurableApplicationContext third = cluster.start(2, List.of());
		try {
			Trio trio = trio(third, 1, 2);
			CompletableFuture<Object> call = nodes.get(0)
				.getBean(ClusterTransport.class)
				.call(trio.services().get(1), new Add(trio.name()), Long.class, PATIENCE,
						GatedMessage.routedBy(Map.of(), KeyHasher.hash(trio.name())));
			assertThat(call).failsWithin(PATIENCE)
				.withThrowableThat()
				.havingCause()
				.isInstanceOf(DispatchException.class)
				.withMessageContaining("must carry the key itself");
			assertThat(template(0).call(trio.type(), trio.name(), new Read(trio.name()), Long.class)).isEqualTo(1);
		}
		finally {
			third.close();
		}
	}

	@Test
	void removingAnOwnerWhoseRepliesWaitForItsBackupLetsThemReturn() throws Exception {
		ConfigurableApplicationContext third = cluster.start(2, List.of());
		try {
			Trio trio = trio(third, 1, 2);
			try (StoreGate gate = new StoreGate(
					third.getBean(ClusterRegistry.class).getKeyedStates().backupChannel())) {
				CompletableFuture<Long> call = template(0).callAsync(trio.type(), trio.name(), new Add(trio.name()),
						Long.class, PATIENCE);
				assertThat(gate.awaitEntered()).isTrue();
				assertThat(call).isNotDone();
				registry(1).removeService(trio.services().get(1));
				// it ran, and its state goes to the key's new owner with the hand-off
				assertThat(call).succeedsWithin(PATIENCE).isEqualTo(2L);
				gate.open();
				awaitOnline(trio.type(), 2);
				assertThat(template(0).call(trio.type(), trio.name(), new Read(trio.name()), Long.class)).isEqualTo(2);
			}
		}
		finally {
			third.close();
		}
	}

	private record Trio(String type, String name, List<ServiceRef> services) {
	}

	@Test
	void aServiceWithBackupsMustKeepStateWithASnapshot() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> registry(0).addService(TestCluster.uniqueType(), new Counts(),
					ServiceOptions.defaults().withBackups(1)))
			.withMessageContaining("does not override KeyedState.snapshot(Object)");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> registry(0).addService(TestCluster.uniqueType(), new Object() {
				@dev.dispatch.DispatchHandler
				public void handle(Add add) {
				}
			}, ServiceOptions.defaults().withBackups(1)))
			.withMessageContaining("does not implement KeyedState");
		assertThatIllegalArgumentException().isThrownBy(() -> ServiceOptions.defaults().withBackups(4))
			.withMessageContaining("'backups' must be from 0 to 3 but was 4");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ServiceOptions.defaults().withBackups(1).withConcurrency(2))
			.withMessageContaining("A service with backups handles one message at a time");
	}

}
