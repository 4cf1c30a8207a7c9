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
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import com.hazelcast.core.HazelcastInstance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import dev.dispatch.DispatchTemplate;
import dev.dispatch.ServiceRef;
import dev.dispatch.registry.ClusterRegistry;
import dev.dispatch.test.Appends;
import dev.dispatch.test.Appends.Append;
import dev.dispatch.test.Appends.Read;
import dev.dispatch.test.TestCluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Messages held while their key's state is on its way, on interleavings forced with
 * latches: they run in the order sent, whichever node sent them; they follow the state
 * when the service that holds them is removed or the ring changes back; and they stop
 * waiting as soon as the node handing the state off is killed. The hand-off timeout is
 * long, so nothing here is released by it.
 *
 * @author Dispatch team
 */
class HeldMessagesIntegrationTests {

	private static final Duration PATIENCE = Duration.ofSeconds(20);

	private static final Duration HANDOFF_TIMEOUT = Duration.ofSeconds(15);

	private static TestCluster cluster;

	private static final List<ConfigurableApplicationContext> nodes = new ArrayList<>();

	@BeforeAll
	static void startCluster() {
		cluster = new TestCluster(4);
		for (int i = 0; i < 3; i++) {
			nodes.add(startNode(i));
		}
		await().atMost(PATIENCE).until(() -> registry(0).getMembers().size() == 3);
	}

	private static ConfigurableApplicationContext startNode(int index) {
		return cluster.start(index, List.of(),
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

	private static void awaitOnline(String type, int count) {
		for (int i = 0; i < 3; i++) {
			int node = i;
			await().atMost(PATIENCE).until(() -> registry(node).getOnlineServices(type).size() == count);
		}
	}

	/**
	 * Start a type with one service on a node, give 200 names a log of "a", and hold the
	 * service's hand-offs.
	 */
	private static Moving startMoving(int node) {
		String type = TestCluster.uniqueType();
		Appends old = new Appends();
		ServiceRef oldRef = registry(node).addService(type, old);
		awaitOnline(type, 1);
		for (int i = 0; i < 200; i++) {
			template(0).call(type, "k" + i, new Append("k" + i, "a"), String.class);
		}
		return new Moving(type, old, oldRef, old.holdHandOffs());
	}

	/**
	 * Return names that a service owns in the view of nodes 0 to 2.
	 */
	private static List<String> ownedBy(String type, ServiceRef owner, int count) {
		List<String> owned = IntStream.range(0, 200)
			.mapToObj((i) -> "k" + i)
			.filter((name) -> IntStream.range(0, 3)
				.allMatch((node) -> registry(node).findService(type, name).orElseThrow().equals(owner)))
			.limit(count)
			.toList();
		assertThat(owned).hasSize(count);
		return owned;
	}

	@Test
	void heldCastsOfOneSenderRunInTheOrderSentFromAnyNode() throws Exception {
		Moving moving = startMoving(0);
		try {
			Appends added = new Appends();
			ServiceRef addedRef = registry(1).addService(moving.type(), added);
			assertThat(moving.old().handOffStarted.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
			awaitOnline(moving.type(), 2);
			List<String> names = ownedBy(moving.type(), addedRef, 2);
			String remote = names.get(0);
			String local = names.get(1);
			for (int i = 1; i <= 5; i++) {
				template(2).cast(moving.type(), remote, new Append(remote, Integer.toString(i)));
			}
			for (int i = 1; i <= 5; i++) {
				// from the new owner's own node
				template(1).cast(moving.type(), local, new Append(local, Integer.toString(i)));
			}
			await().atMost(PATIENCE).until(() -> registry(1).getKeyedStates().heldMessages(addedRef.id()) == 10);
			moving.handOffs().countDown();
			await().atMost(PATIENCE).untilAsserted(() -> {
				assertThat(added.log(remote)).isEqualTo("a,1,2,3,4,5");
				assertThat(added.log(local)).isEqualTo("a,1,2,3,4,5");
			});
		}
		finally {
			moving.handOffs().countDown();
		}
	}

	@Test
	void removingTheNewOwnerSendsItsHeldMessagesAfterTheState() throws Exception {
		Moving moving = startMoving(0);
		try {
			Appends added = new Appends();
			ServiceRef addedRef = registry(1).addService(moving.type(), added);
			assertThat(moving.old().handOffStarted.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
			awaitOnline(moving.type(), 2);
			String name = ownedBy(moving.type(), addedRef, 1).get(0);
			CompletableFuture<String> call = template(2).callAsync(moving.type(), name, new Append(name, "1"),
					String.class, PATIENCE);
			template(2).cast(moving.type(), name, new Append(name, "2"));
			await().atMost(PATIENCE).until(() -> registry(1).getKeyedStates().heldMessages(addedRef.id()) == 2);
			registry(1).removeService(addedRef);
			awaitOnline(moving.type(), 1);
			moving.handOffs().countDown();
			// rerouted well within the call's timeout, behind the state
			assertThat(call.get(HANDOFF_TIMEOUT.toSeconds() / 2, TimeUnit.SECONDS)).isEqualTo("a,1");
			await().atMost(PATIENCE).untilAsserted(() -> assertThat(moving.old().log(name)).isEqualTo("a,1,2"));
			assertThat(template(0).call(moving.type(), name, new Read(name), String.class)).isEqualTo("a,1,2");
			assertThat(added.logs).doesNotContainKey(name);
		}
		finally {
			moving.handOffs().countDown();
		}
	}

	@Test
	void heldMessagesStopWaitingAtOnceWhenTheNodeHandingOffIsKilled() throws Exception {
		ConfigurableApplicationContext doomed = startNode(3);
		try {
			await().atMost(PATIENCE).until(() -> registry(0).getMembers().size() == 4);
			String type = TestCluster.uniqueType();
			Appends old = new Appends();
			doomed.getBean(ClusterRegistry.class).addService(type, old);
			awaitOnline(type, 1);
			for (int i = 0; i < 200; i++) {
				template(0).call(type, "k" + i, new Append("k" + i, "a"), String.class);
			}
			CountDownLatch handOffs = old.holdHandOffs();
			try {
				Appends added = new Appends();
				ServiceRef addedRef = registry(1).addService(type, added);
				assertThat(old.handOffStarted.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
				awaitOnline(type, 2);
				String name = ownedBy(type, addedRef, 1).get(0);
				CompletableFuture<String> call = template(2).callAsync(type, name, new Append(name, "1"), String.class,
						PATIENCE);
				await().atMost(PATIENCE).until(() -> registry(1).getKeyedStates().heldMessages(addedRef.id()) == 1);
				long killed = System.nanoTime();
				doomed.getBean(HazelcastInstance.class).getLifecycleService().terminate();
				// its state died with it: the message runs without it, long before the
				// hand-off timeout
				assertThat(call.get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isEqualTo("1");
				assertThat(Duration.ofNanos(System.nanoTime() - killed)).isLessThan(HANDOFF_TIMEOUT.dividedBy(2));
			}
			finally {
				handOffs.countDown();
			}
		}
		finally {
			doomed.close();
		}
	}

	private record Moving(String type, Appends old, ServiceRef oldRef, CountDownLatch handOffs) {
	}

}
