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
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.dispatch.DispatchException;
import dev.dispatch.DispatchTemplate;
import dev.dispatch.ServiceRef;
import dev.dispatch.messaging.ClusterTransport;
import dev.dispatch.messaging.GatedMessage;
import dev.dispatch.metrics.DispatchMetrics;
import dev.dispatch.registry.ClusterRegistry;
import dev.dispatch.ring.KeyHasher;
import dev.dispatch.test.Appends;
import dev.dispatch.test.Appends.Append;
import dev.dispatch.test.Appends.Read;
import dev.dispatch.test.TestCluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * States that arrive after their key's messages ran without them, and messages that two
 * views bounce between them, with a hand-off timeout of one second: a late state never
 * silently replaces what acknowledged messages did, and a message forwarded too often
 * fails with an error that says why.
 *
 * @author Dispatch team
 */
class LateStateIntegrationTests {

	private static final Duration PATIENCE = Duration.ofSeconds(20);

	private static TestCluster cluster;

	private static final List<ConfigurableApplicationContext> nodes = new ArrayList<>();

	@BeforeAll
	static void startCluster() {
		cluster = new TestCluster(3);
		for (int i = 0; i < 3; i++) {
			nodes.add(cluster.start(i, List.of(Recording.class), "dispatch.registry.handoff-timeout=1s"));
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

	private static void awaitOnline(String type, int count) {
		for (int i = 0; i < nodes.size(); i++) {
			int node = i;
			await().atMost(PATIENCE).until(() -> registry(node).getOnlineServices(type).size() == count);
		}
	}

	private static String ownedBy(String type, ServiceRef owner) {
		return IntStream.range(0, 200)
			.mapToObj((i) -> "k" + i)
			.filter((name) -> IntStream.range(0, 3)
				.allMatch((node) -> registry(node).findService(type, name).orElseThrow().equals(owner)))
			.findFirst()
			.orElseThrow();
	}

	/**
	 * Appends 1, 2 and 3 run at the new owner after the hand-off timeout and are
	 * acknowledged; then the old owner's hand-off goes on and its state ("a") arrives.
	 * @return the name, with the new owner's log of it once the late state was handled
	 */
	private static String appendWhileTheStateIsLate(String type, Appends old, Appends added) throws Exception {
		registry(0).addService(type, old);
		awaitOnline(type, 1);
		for (int i = 0; i < 200; i++) {
			template(0).call(type, "k" + i, new Append("k" + i, "a"), String.class);
		}
		CountDownLatch handOffs = old.holdHandOffs();
		try {
			int conflicts = recording(1).count(type, "conflict");
			ServiceRef addedRef = registry(1).addService(type, added);
			assertThat(old.handOffStarted.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
			awaitOnline(type, 2);
			String name = ownedBy(type, addedRef);
			for (int i = 1; i <= 3; i++) {
				template(2).call(type, name, new Append(name, Integer.toString(i)), String.class, PATIENCE);
			}
			assertThat(added.log(name)).isEqualTo("1,2,3");
			handOffs.countDown();
			await().atMost(PATIENCE).until(() -> recording(1).count(type, "conflict") > conflicts);
			return name;
		}
		finally {
			handOffs.countDown();
		}
	}

	private static Recording recording(int node) {
		return nodes.get(node).getBean(Recording.class);
	}

	@Test
	void aLateStateNeverReplacesWhatAcknowledgedMessagesDid() throws Exception {
		String type = TestCluster.uniqueType();
		Appends added = new Appends();
		String name = appendWhileTheStateIsLate(type, new Appends(), added);
		assertThat(added.log(name)).isEqualTo("1,2,3");
		assertThat(template(0).call(type, name, new Read(name), String.class)).isEqualTo("1,2,3");
	}

	@Test
	void aLateStateMeetsTheCurrentOneInTheServicesMerge() throws Exception {
		String type = TestCluster.uniqueType();
		Appends added = new MergingAppends();
		String name = appendWhileTheStateIsLate(type, new Appends(), added);
		assertThat(added.log(name)).isEqualTo("a,1,2,3");
	}

	@Test
	void aMessageForwardedTooOftenFailsWithAnErrorThatSaysWhy() {
		String type = TestCluster.uniqueType();
		Appends old = new Appends();
		ServiceRef oldRef = registry(0).addService(type, old);
		awaitOnline(type, 1);
		for (int i = 0; i < 200; i++) {
			template(0).call(type, "k" + i, new Append("k" + i, "a"), String.class);
		}
		Appends added = new Appends();
		ServiceRef addedRef = registry(1).addService(type, added);
		awaitOnline(type, 2);
		String name = ownedBy(type, addedRef);
		// the old service handed the name off; a message that reaches it after as many
		// hops as a message may make waits for the views to agree, then fails
		await().atMost(PATIENCE).until(() -> added.log(name).equals("a"));
		Map<String, String> headers = GatedMessage.routedBy(Map.of(GatedMessage.HOPS_HEADER, "16"),
				KeyHasher.hash(name));
		CompletableFuture<Object> call = nodes.get(2)
			.getBean(ClusterTransport.class)
			.call(oldRef, new Append(name, "x"), String.class, PATIENCE, headers);
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> call.get(PATIENCE.toSeconds(), TimeUnit.SECONDS))
			.havingCause()
			.isInstanceOf(DispatchException.class)
			.withMessageContaining("forwarded 16 times between services whose views of the ring disagree");
		assertThat(old.logs).doesNotContainKey(name);
	}

	/**
	 * Keeps both: the late state's values, then those appended meanwhile.
	 */
	static class MergingAppends extends Appends {

		@Override
		public Log merge(Object key, Log current, Log arriving) {
			List<String> merged = new ArrayList<>(arriving.values());
			merged.addAll(current.values());
			return new Log(merged);
		}

	}

	/**
	 * Records the hand-offs counted on a node.
	 */
	@Configuration(proxyBeanMethods = false)
	static class Recording {

		private final Map<String, AtomicInteger> handoffs = new ConcurrentHashMap<>();

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

		int count(String type, String outcome) {
			AtomicInteger count = this.handoffs.get(type + "/" + outcome);
			return (count != null) ? count.get() : 0;
		}

	}

}
