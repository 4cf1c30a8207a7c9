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
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import dev.dispatch.registry.ClusterRegistry;
import dev.dispatch.test.Counter;
import dev.dispatch.test.TestCluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * A call's timeout is a contract: with the default settings, every call to a handler that
 * blocks for three seconds ends with {@link DispatchTimeoutException} at its 200 ms
 * timeout, give or take scheduling, on the same node and on another, through
 * {@code call}, {@code callAsync} and {@code multiCall}.
 *
 * @author Dispatch team
 */
class CallTimeoutIntegrationTests {

	private static final Duration TIMEOUT = Duration.ofMillis(200);

	/**
	 * The handler blocks fifteen times longer than this bound; a call that waited for it
	 * would exceed it by far.
	 */
	private static final Duration AT_MOST = TIMEOUT.plusMillis(600);

	private static final Counter.Sleep BLOCKING = new Counter.Sleep(3000);

	private static TestCluster cluster;

	private static final List<ConfigurableApplicationContext> nodes = new ArrayList<>();

	@BeforeAll
	static void startCluster() {
		cluster = new TestCluster(2);
		for (int i = 0; i < 2; i++) {
			nodes.add(cluster.start(i, List.of()));
		}
		await().atMost(Duration.ofSeconds(20)).until(() -> registry(0).getMembers().size() == 2);
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

	/**
	 * Add a service of a new type on the given nodes and wait until node 0 sees them.
	 */
	private static String blockingType(int... onNodes) {
		String type = TestCluster.uniqueType();
		for (int node : onNodes) {
			registry(node).addService(type, new Counter());
		}
		await().atMost(Duration.ofSeconds(20))
			.until(() -> registry(0).getOnlineServices(type).size() == onNodes.length);
		return type;
	}

	@Test
	void aCallToABlockingHandlerOnThisNodeEndsAtItsTimeout() {
		assertCallTimesOut(blockingType(0));
	}

	@Test
	void aCallToABlockingHandlerOnAnotherNodeEndsAtItsTimeout() {
		assertCallTimesOut(blockingType(1));
	}

	private static void assertCallTimesOut(String type) {
		long start = System.nanoTime();
		assertThatExceptionOfType(DispatchTimeoutException.class)
			.isThrownBy(() -> template(0).call(type, "key", BLOCKING, String.class, TIMEOUT));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(AT_MOST);
	}

	@Test
	void anAsynchronousCallToABlockingHandlerOnThisNodeEndsAtItsTimeout() {
		assertAsyncCallTimesOut(blockingType(0));
	}

	@Test
	void anAsynchronousCallToABlockingHandlerOnAnotherNodeEndsAtItsTimeout() {
		assertAsyncCallTimesOut(blockingType(1));
	}

	private static void assertAsyncCallTimesOut(String type) {
		long start = System.nanoTime();
		CompletableFuture<String> reply = template(0).callAsync(type, "key", BLOCKING, String.class, TIMEOUT);
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> reply.get(10, TimeUnit.SECONDS))
			.withCauseInstanceOf(DispatchTimeoutException.class);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(AT_MOST);
	}

	@Test
	void aMultiCallToBlockingHandlersOnBothNodesEndsAtItsTimeout() {
		String type = blockingType(0, 1);
		long start = System.nanoTime();
		List<Reply<String>> replies = template(0).multiCall(2, type, "key", BLOCKING, String.class, TIMEOUT);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(AT_MOST);
		assertThat(replies).hasSize(2)
			.allSatisfy((reply) -> assertThat(reply.error()).isInstanceOf(DispatchTimeoutException.class));
		assertThat(replies).extracting((reply) -> reply.service().node())
			.containsExactlyInAnyOrder(registry(0).getLocalNode(), registry(1).getLocalNode());
	}

}
