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

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import dev.dispatch.DispatchTemplate;
import dev.dispatch.ServiceRef;
import dev.dispatch.messaging.ClusterTransport;
import dev.dispatch.registry.ClusterRegistry;
import dev.dispatch.ring.HashRing;
import dev.dispatch.test.Appends;
import dev.dispatch.test.Appends.Append;
import dev.dispatch.test.Appends.Block;
import dev.dispatch.test.Appends.Read;
import dev.dispatch.test.TestCluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * State that follows its key, on interleavings forced with latches: a held message runs
 * before its key's later messages, and an end marker is believed only from the node of
 * the service it names.
 *
 * @author Dispatch team
 */
class HandOffIntegrationTests {

	private static final Duration PATIENCE = Duration.ofSeconds(20);

	private static TestCluster cluster;

	private static final List<ConfigurableApplicationContext> nodes = new ArrayList<>();

	@BeforeAll
	static void startCluster() {
		cluster = new TestCluster(3);
		for (int i = 0; i < 3; i++) {
			// a long hand-off timeout: nothing here may be released by the timeout
			nodes.add(cluster.start(i, List.of(), "dispatch.registry.handoff-timeout=15s"));
		}
		await().atMost(PATIENCE).until(() -> registry(0).getMembers().size() == 3);
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

	private static ClusterTransport transport(int node) {
		return nodes.get(node).getBean(ClusterTransport.class);
	}

	private static void awaitOnline(String type, int count) {
		for (int i = 0; i < nodes.size(); i++) {
			int node = i;
			await().atMost(PATIENCE).until(() -> registry(node).getOnlineServices(type).size() == count);
		}
	}

	private static String movingTo(String type, ServiceRef to) {
		return IntStream.range(0, 200)
			.mapToObj((i) -> "k" + i)
			.filter((name) -> registry(0).findService(type, name).orElseThrow().equals(to)
					&& registry(1).findService(type, name).orElseThrow().equals(to))
			.findFirst()
			.orElseThrow();
	}

	/**
	 * M1 of a moving key is held at the new owner; M2 of the same key reaches the new
	 * owner's mailbox behind the key's state (the new owner is busy). When the state is
	 * taken over, M1 is put back at the tail of the mailbox, behind M2, which the gate
	 * then lets run first.
	 */
	@Test
	void aHeldMessageRunsBeforeTheKeysLaterMessages() throws Exception {
		String type = TestCluster.uniqueType();
		Appends old = new Appends();
		ServiceRef oldRef = registry(0).addService(type, old);
		awaitOnline(type, 1);
		for (int i = 0; i < 200; i++) {
			template(0).call(type, "k" + i, new Append("k" + i, "a"), String.class);
		}
		CountDownLatch handOffs = old.holdHandOffs();
		Appends added = new Appends();
		ServiceRef addedRef = registry(1).addService(type, added);
		assertThat(old.handOffStarted.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
		awaitOnline(type, 2);
		String moving = movingTo(type, addedRef);
		CompletableFuture<String> m1 = template(1).callAsync(type, moving, new Append(moving, "1"), String.class,
				PATIENCE);
		await().atMost(PATIENCE).until(() -> registry(1).getKeyedStates().heldMessages(addedRef.id()) == 1);
		// keep the new owner busy with a message that is routed by no key
		template(1).cast(addedRef, new Block());
		assertThat(added.blocked.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
		handOffs.countDown();
		// the old owner's hand-off has ended once a message queued behind it ran
		template(0).call(oldRef, new Read("none"), String.class, PATIENCE);
		CompletableFuture<String> m2 = template(0).callAsync(type, moving, new Append(moving, "2"), String.class,
				PATIENCE);
		// the states chunk, the end marker and M2 wait in the new owner's mailbox
		KeyedStates keyedStates = registry(1).getKeyedStates();
		await().atMost(PATIENCE).until(() -> keyedStates.queued(addedRef.id()) == 3);
		added.unblock.countDown();
		assertThat(m1.get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isEqualTo("a,1");
		assertThat(m2.get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isEqualTo("a,1,2");
	}

	/**
	 * Any member may publish to a node's inbox: a HANDOFF_DONE naming a source service of
	 * another node is believed, so the messages held for the source's states run without
	 * them, and the real state later overwrites what they did.
	 */
	@Test
	void anEndMarkerIsBelievedOnlyFromTheSourcesNode() throws Exception {
		String type = TestCluster.uniqueType();
		Appends old = new Appends();
		ServiceRef oldRef = registry(0).addService(type, old);
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
			String moving = movingTo(type, addedRef);
			CompletableFuture<String> held = template(1).callAsync(type, moving, new Append(moving, "1"), String.class,
					PATIENCE);
			await().atMost(PATIENCE).until(() -> registry(1).getKeyedStates().heldMessages(addedRef.id()) == 1);
			// node 2 (no service of the type) claims to be done for node 0's service
			long checksum = HashRing.of(List.of(new HashRing.Member<>(oldRef.id(), oldRef.node(), oldRef),
					new HashRing.Member<>(addedRef.id(), addedRef.node(), addedRef)))
				.checksum();
			transport(2).hooks()
				.send(addedRef.node(), HandoffChannel.DONE, HandoffChannel.done(addedRef.id(), oldRef.id(), checksum),
						"a forged end marker");
			// with a 15 s hand-off timeout, only a believed marker releases the message
			// within 5 s
			CompletableFuture<String> outcome = held.completeOnTimeout("still held", 5, TimeUnit.SECONDS);
			assertThat(outcome.get(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isEqualTo("still held");
		}
		finally {
			handOffs.countDown();
		}
	}

}
