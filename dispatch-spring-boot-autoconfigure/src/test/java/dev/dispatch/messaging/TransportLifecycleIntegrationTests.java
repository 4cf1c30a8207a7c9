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

package dev.dispatch.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import com.hazelcast.core.HazelcastInstance;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.dispatch.DispatchException;
import dev.dispatch.DispatchRegistry;
import dev.dispatch.DispatchTemplate;
import dev.dispatch.DispatchTimeoutException;
import dev.dispatch.ServiceOverloadedException;
import dev.dispatch.ServiceRef;
import dev.dispatch.test.Counter;
import dev.dispatch.test.TestCluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Calls across the life of a transport: timeouts, credits, reroutes and shutdown, with
 * the dangerous orderings forced by gates.
 *
 * @author Dispatch team
 */
class TransportLifecycleIntegrationTests {

	private static final Duration PATIENCE = Duration.ofSeconds(10);

	private static final AtomicReference<Object> farewell = new AtomicReference<>();

	private final TestCluster cluster = new TestCluster(2);

	private final List<Gate> gates = new ArrayList<>();

	@AfterEach
	void stop() {
		this.gates.forEach(Gate::open);
		this.cluster.close();
	}

	private Gate gate() {
		Gate gate = new Gate();
		this.gates.add(gate);
		return gate;
	}

	@Test
	void aCallThatTimedOutHoldsItsCreditUntilItsReplyArrives() throws Exception {
		ConfigurableApplicationContext nodeA = this.cluster.start(0, List.of(),
				"dispatch.registry.mailbox-capacity=20");
		ConfigurableApplicationContext nodeB = this.cluster.start(1, List.of(),
				"dispatch.registry.mailbox-capacity=20");
		Gate gate = gate();
		ServiceRef gated = nodeB.getBean(DispatchRegistry.class).addService(TestCluster.uniqueType(), gate);
		ClusterTransport transport = nodeA.getBean(ClusterTransport.class);
		List<CompletableFuture<@Nullable Object>> calls = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			calls.add(transport.call(gated, new Gate.Pass(i), String.class, Duration.ofMillis(50)));
		}
		for (CompletableFuture<@Nullable Object> call : calls) {
			assertThat(call).failsWithin(PATIENCE)
				.withThrowableThat()
				.withCauseInstanceOf(DispatchTimeoutException.class);
		}
		assertThatExceptionOfType(ServiceOverloadedException.class)
			.isThrownBy(() -> transport.call(gated, new Gate.Pass(20), String.class, Duration.ofMillis(50)));
		assertThat(nodeB.getBean(ClusterTransport.class).getEndpoint(gated.id()).getQueued()).isLessThanOrEqualTo(20);
		gate.open();
		await().atMost(PATIENCE).until(() -> transport.credits().outstanding(gated.id()) == 0);
		assertThat(transport.call(gated, new Gate.Pass(21), String.class, PATIENCE).get()).isEqualTo("passed 21");
	}

	@Test
	void aCallToALocalServiceThatIsPendingAtCloseFailsAtOnce() throws Exception {
		ConfigurableApplicationContext node = this.cluster.start(0, List.of(), "dispatch.registry.shutdown-drain=0s");
		Gate gate = gate();
		ServiceRef gated = node.getBean(DispatchRegistry.class).addService(TestCluster.uniqueType(), gate);
		ClusterTransport transport = node.getBean(ClusterTransport.class);
		transport.cast(gated, new Gate.Pass(0));
		assertThat(gate.awaitEntered()).isTrue();
		CompletableFuture<@Nullable Object> pending = transport.call(gated, new Gate.Pass(1), String.class,
				Duration.ofSeconds(60));
		node.close();
		assertThat(pending).isCompletedExceptionally();
		assertThat(pending).failsWithin(Duration.ZERO)
			.withThrowableThat()
			.withCauseInstanceOf(DispatchException.class)
			.withMessageContaining("shutting down");
		assertThatExceptionOfType(DispatchException.class)
			.isThrownBy(() -> transport.call(gated, new Gate.Pass(2), String.class, Duration.ofSeconds(60)))
			.withMessageContaining("shutting down");
	}

	@Test
	void aCallMadeWhileTheNodeShutsDownStillGetsItsReply() {
		ConfigurableApplicationContext nodeA = this.cluster.start(0, List.of(Farewell.class));
		ConfigurableApplicationContext nodeB = this.cluster.start(1, List.of());
		nodeB.getBean(DispatchRegistry.class).addService("farewell-counter", new Counter());
		await().atMost(PATIENCE)
			.until(() -> !nodeA.getBean(DispatchRegistry.class).getOnlineServices("farewell-counter").isEmpty());
		farewell.set(null);
		nodeA.close();
		assertThat(farewell.get()).isEqualTo(0);
	}

	@Test
	void aRerouteAfterAnotherNodeAnsweredGoneNeverRunsAHandlerOnTheInboxThread() throws Exception {
		// over Hazelcast's topics, whose inbox thread this test holds
		ConfigurableApplicationContext nodeA = this.cluster.start(0, List.of(), "dispatch.pubsub.message-port=-1");
		ConfigurableApplicationContext nodeB = this.cluster.start(1, List.of(), "dispatch.pubsub.message-port=-1");
		DispatchRegistry registryA = nodeA.getBean(DispatchRegistry.class);
		DispatchRegistry registryB = nodeB.getBean(DispatchRegistry.class);
		String type = TestCluster.uniqueType();
		Gate handlerOfB = gate();
		ServiceRef onB = registryB.addService(type, handlerOfB);
		await().atMost(PATIENCE).until(() -> registryA.findService(type, "key").isPresent());
		CountDownLatch inboxBlocked = new CountDownLatch(1);
		CountDownLatch releaseInbox = new CountDownLatch(1);
		AtomicBoolean first = new AtomicBoolean(true);
		HazelcastInstance memberB = nodeB.getBean(HazelcastInstance.class);
		memberB.getTopic(ClusterTransport.INBOX_PREFIX + onB.node()).addMessageListener((message) -> {
			if (first.getAndSet(false)) {
				inboxBlocked.countDown();
				awaitQuietly(releaseInbox);
			}
		});
		nodeA.getBean(HazelcastInstance.class)
			.getTopic(ClusterTransport.INBOX_PREFIX + onB.node())
			.publish(new byte[0]);
		assertThat(inboxBlocked.await(10, TimeUnit.SECONDS)).isTrue();
		try {
			CompletableFuture<String> call = CompletableFuture.supplyAsync(() -> nodeA.getBean(DispatchTemplate.class)
				.call(type, "key", new Gate.Pass(1), String.class, PATIENCE));
			await().atMost(PATIENCE).until(() -> nodeA.getBean(ClusterTransport.class).pendingCallCount() == 1);
			Gate handlerOfA = gate();
			handlerOfA.open();
			ServiceRef onA = registryA.addService(type, handlerOfA);
			registryB.removeService(onB);
			await().atMost(PATIENCE).until(() -> registryA.findService(type, "key").orElseThrow().equals(onA));
			releaseInbox.countDown();
			assertThat(call.get(10, TimeUnit.SECONDS)).isEqualTo("passed 1");
			assertThat(handlerOfB.getThreads()).isEmpty();
			assertThat(handlerOfA.getThreads()).singleElement().asString().startsWith("dispatch-handler-");
		}
		finally {
			releaseInbox.countDown();
		}
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class Farewell {

		@Bean
		Caller caller(DispatchTemplate template) {
			return new Caller(template);
		}

	}

	static class Caller implements DisposableBean {

		private final DispatchTemplate template;

		Caller(DispatchTemplate template) {
			this.template = template;
		}

		@Override
		public void destroy() {
			try {
				farewell.set(this.template.call("farewell-counter", "key", new Counter.Get(), Integer.class,
						Duration.ofSeconds(5)));
			}
			catch (RuntimeException ex) {
				farewell.set(ex);
			}
		}

	}

}
