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
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import dev.dispatch.messaging.ClusterTransport;
import dev.dispatch.template.DefaultDispatchTemplate;
import dev.dispatch.test.Counter;
import dev.dispatch.test.Gate;
import dev.dispatch.test.TestCluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * The original library's service tests, and the template's contract, on one node.
 *
 * @author Dispatch team
 */
class TemplateTests {

	private static TestCluster cluster;

	private static DispatchRegistry registry;

	private static DispatchTemplate template;

	private static ClusterTransport transport;

	@BeforeAll
	static void startNode() {
		cluster = new TestCluster(1);
		ConfigurableApplicationContext node = cluster.start(0, List.of(), "dispatch.registry.mailbox-capacity=50");
		registry = node.getBean(DispatchRegistry.class);
		template = node.getBean(DispatchTemplate.class);
		transport = node.getBean(ClusterTransport.class);
	}

	@AfterAll
	static void stopNode() {
		cluster.close();
	}

	@Test
	void castReachesHandler() {
		String type = TestCluster.uniqueType();
		Counter counter = new Counter();
		registry.addService(type, counter);
		template.cast(type, "key", new Counter.Add(7));
		await().atMost(Duration.ofSeconds(5)).until(() -> counter.getReceived().contains(7));
	}

	@Test
	void callReturnsHandlerReply() {
		String type = TestCluster.uniqueType();
		registry.addService(type, new Counter());
		template.cast(type, "key", new Counter.Add(1));
		assertThat(template.call(type, "key", new Counter.Get(), Integer.class)).isEqualTo(1);
		assertThat(template.call(type, "key", new Counter.Get(), int.class)).isEqualTo(1);
	}

	@Test
	void callAsyncCompletesWithReply() throws Exception {
		String type = TestCluster.uniqueType();
		registry.addService(type, new Counter());
		assertThat(template.callAsync(type, "key", new Counter.Get(), Integer.class).get(5, TimeUnit.SECONDS)).isZero();
	}

	@Test
	void voidHandlerRepliesNull() {
		String type = TestCluster.uniqueType();
		registry.addService(type, new Counter());
		assertThat(template.call(type, "key", new Counter.Add(1), Object.class)).isNull();
	}

	@Test
	void multiCastToTwoOfThreeReachesTwo() {
		String type = TestCluster.uniqueType();
		List<Counter> counters = List.of(new Counter(), new Counter(), new Counter());
		counters.forEach((counter) -> registry.addService(type, counter));
		assertThat(template.multiCast(2, type, "key", new Counter.Add(5))).isEqualTo(2);
		await().atMost(Duration.ofSeconds(5))
			.until(() -> counters.stream().filter((counter) -> counter.getReceived().contains(5)).count() == 2);
		assertThat(counters.stream().mapToInt((counter) -> counter.getReceived().size()).sum()).isEqualTo(2);
	}

	@Test
	void multiCallToTwoOfThreeReturnsTwoRepliesFromDifferentServices() {
		String type = TestCluster.uniqueType();
		IntStream.range(0, 3).forEach((i) -> registry.addService(type, new Counter()));
		List<Reply<Integer>> replies = template.multiCall(2, type, "key", new Counter.Get(), Integer.class);
		assertThat(replies).hasSize(2).allMatch(Reply::isOk);
		assertThat(replies).extracting(Reply::value).containsOnly(0);
		assertThat(replies).extracting(Reply::service)
			.doesNotHaveDuplicates()
			.isEqualTo(registry.findMultiService(2, type, "key"));
	}

	@Test
	void multiCallKeepsTheRepliesOfTheServicesThatDidNotFail() {
		String type = TestCluster.uniqueType();
		ServiceRef healthy = registry.addService(type, new Counter());
		ServiceRef broken = registry.addService(type, new Broken());
		List<Reply<Integer>> replies = template.multiCall(2, type, "key", new Counter.Get(), Integer.class);
		assertThat(replies).extracting(Reply::service).containsExactlyInAnyOrder(healthy, broken);
		Reply<Integer> healthyReply = replies.stream()
			.filter((reply) -> reply.service().equals(healthy))
			.findFirst()
			.orElseThrow();
		Reply<Integer> brokenReply = replies.stream()
			.filter((reply) -> reply.service().equals(broken))
			.findFirst()
			.orElseThrow();
		assertThat(healthyReply.isOk()).isTrue();
		assertThat(healthyReply.value()).isZero();
		assertThat(brokenReply.isOk()).isFalse();
		assertThat(brokenReply.error()).isInstanceOf(DispatchRemoteException.class)
			.hasMessageContaining("out of order");
	}

	@Test
	void castsFromOneThreadArriveInOrder() {
		String type = TestCluster.uniqueType();
		Counter counter = new Counter();
		registry.addService(type, counter);
		for (int i = 0; i < 40; i++) {
			template.cast(type, "key", new Counter.Add(i));
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> counter.getReceived().size() == 40);
		assertThat(counter.getReceived()).isEqualTo(IntStream.range(0, 40).boxed().toList());
	}

	@Test
	void handlerExceptionFailsTheCallAndTheServiceKeepsServing() {
		String type = TestCluster.uniqueType();
		registry.addService(type, new Counter());
		assertThatExceptionOfType(DispatchRemoteException.class)
			.isThrownBy(() -> template.call(type, "key", new Counter.Fail("disk full"), String.class))
			.withMessageContaining(IllegalStateException.class.getName())
			.withMessageContaining("disk full");
		assertThat(template.call(type, "key", new Counter.Get(), Integer.class)).isZero();
	}

	@Test
	void messageWithNoHandlerIsReportedToTheCaller() {
		String type = TestCluster.uniqueType();
		registry.addService(type, new Counter());
		assertThatExceptionOfType(DispatchException.class)
			.isThrownBy(() -> template.call(type, "key", "not a command", String.class))
			.withMessageContaining("No @DispatchHandler")
			.withMessageContaining("java.lang.String");
		assertThat(template.call(type, "key", new Counter.Get(), Integer.class)).isZero();
	}

	@Test
	void callThatGetsNoReplyInTimeTimesOut() throws Exception {
		String type = TestCluster.uniqueType();
		Gate gate = busyService(type);
		long start = System.nanoTime();
		assertThatExceptionOfType(DispatchTimeoutException.class)
			.isThrownBy(() -> template.call(type, "key", new Counter.Add(2), String.class, Duration.ofMillis(100)))
			.withMessageContaining("within 100 ms");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
		gate.open();
		await().atMost(Duration.ofSeconds(5)).until(() -> gate.getHandled().size() == 2);
	}

	@Test
	void callRunOnTheCallersThreadThatOverrunsItsTimeoutIsReportedAsATimeout() {
		String type = TestCluster.uniqueType();
		registry.addService(type, new Counter(), 2, java.util.Map.of());
		assertThatExceptionOfType(DispatchTimeoutException.class)
			.isThrownBy(() -> template.call(type, "key", new Counter.Sleep(300), String.class, Duration.ofMillis(100)))
			.withMessageContaining("within 100 ms");
		assertThat(template.call(type, "key", new Counter.Get(), Integer.class)).isZero();
	}

	@Test
	void idleLocalServiceHandlesABlockingCallOnTheCallersThreadOnlyWhenTurnedOn() {
		String type = TestCluster.uniqueType();
		ServiceRef ref = registry.addService(type, new Threads());
		String caller = Thread.currentThread().getName();
		assertThat(template.call(type, "key", new WhichThread(), String.class)).isNotEqualTo(caller);
		DefaultDispatchTemplate onCallerThread = (DefaultDispatchTemplate) template;
		onCallerThread.setLocalCallsOnCallerThread(true);
		try {
			// the worker frees its slot just after the reply that woke this thread
			await().atMost(Duration.ofSeconds(5)).until(() -> transport.isIdle(ref.id()));
			assertThat(template.call(type, "key", new WhichThread(), String.class)).isEqualTo(caller);
			assertThat(template.call(ref, new WhichThread(), String.class, Duration.ofSeconds(5))).isEqualTo(caller);
		}
		finally {
			onCallerThread.setLocalCallsOnCallerThread(false);
		}
	}

	@Test
	void asynchronousCallsNeverRunOnTheCallersThread() throws Exception {
		String type = TestCluster.uniqueType();
		registry.addService(type, new Threads());
		String caller = Thread.currentThread().getName();
		assertThat(template.callAsync(type, "key", new WhichThread(), String.class).get(5, TimeUnit.SECONDS))
			.isNotEqualTo(caller);
		assertThat(template.multiCall(1, type, "key", new WhichThread(), String.class)).extracting(Reply::value)
			.doesNotContain(caller);
	}

	@Test
	void blockingCallToABusyLocalServiceWaitsBehindTheMessagesBeforeIt() throws Exception {
		String type = TestCluster.uniqueType();
		Gate gate = busyService(type);
		template.cast(type, "key", new Counter.Add(2));
		CompletableFuture<Void> call = CompletableFuture
			.runAsync(() -> template.call(type, "key", new Counter.Add(3), Object.class));
		gate.open();
		call.get(5, TimeUnit.SECONDS);
		assertThat(gate.getHandled()).containsExactly(1, 2, 3);
	}

	@Test
	void everyOperationWithoutServiceThrowsServiceUnavailable() {
		String type = TestCluster.uniqueType();
		assertThatExceptionOfType(ServiceUnavailableException.class)
			.isThrownBy(() -> template.cast(type, "key", new Counter.Add(1)))
			.withMessageContaining(type);
		assertThatExceptionOfType(ServiceUnavailableException.class)
			.isThrownBy(() -> template.call(type, "key", new Counter.Get(), Integer.class));
		assertThatExceptionOfType(ServiceUnavailableException.class)
			.isThrownBy(() -> template.multiCast(2, type, "key", new Counter.Add(1)));
		assertThatExceptionOfType(ServiceUnavailableException.class)
			.isThrownBy(() -> template.multiCall(2, type, "key", new Counter.Get(), Integer.class));
		assertThat(template.callAsync(type, "key", new Counter.Get(), Integer.class)).failsWithin(Duration.ofSeconds(1))
			.withThrowableOfType(java.util.concurrent.ExecutionException.class)
			.withCauseInstanceOf(ServiceUnavailableException.class);
	}

	@Test
	void fullMailboxRefusesAtOnceAndLosesNothingAccepted() throws Exception {
		String type = TestCluster.uniqueType();
		Blocking blocking = new Blocking();
		ServiceRef ref = registry.addService(type, blocking);
		template.cast(type, "key", "first");
		assertThat(blocking.started.await(5, TimeUnit.SECONDS)).isTrue();
		int accepted = 0;
		for (int i = 0; i < 50; i++) {
			template.cast(type, "key", "message-" + i);
			accepted++;
		}
		assertThatExceptionOfType(ServiceOverloadedException.class)
			.isThrownBy(() -> template.cast(type, "key", "one too many"))
			.withMessageContaining(ref.id())
			.withMessageContaining("dispatch.registry.mailbox-capacity");
		blocking.release.countDown();
		int expected = accepted + 1;
		await().atMost(Duration.ofSeconds(5)).until(() -> blocking.handled.size() == expected);
	}

	@Test
	void mostSpecificHandlerWinsAndDefaultTakesTheRest() {
		String type = TestCluster.uniqueType();
		registry.addService(type, new Shapes());
		assertThat(template.call(type, "key", 42, String.class)).isEqualTo("integer");
		assertThat(template.call(type, "key", 4.2, String.class)).isEqualTo("number");
		assertThat(template.call(type, "key", "text", String.class)).isEqualTo("object");
	}

	@Test
	void badArgumentsAreRejected() {
		String type = TestCluster.uniqueType();
		registry.addService(type, new Counter());
		assertThatIllegalArgumentException().isThrownBy(() -> template.cast(type, new Object(), new Counter.Add(1)))
			.withMessageContaining("java.lang.Object");
		assertThatIllegalArgumentException().isThrownBy(() -> template.multiCast(0, type, "key", new Counter.Add(1)))
			.withMessageContaining("'count' must be at least 1");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> template.call(type, "key", new Counter.Get(), Integer.class, Duration.ZERO))
			.withMessageContaining("'timeout' must be positive");
		assertThatIllegalArgumentException().isThrownBy(() -> template.cast("", "key", new Counter.Add(1)))
			.withMessageContaining("service type");
	}

	static class Blocking {

		final CountDownLatch started = new CountDownLatch(1);

		final CountDownLatch release = new CountDownLatch(1);

		final List<String> handled = new java.util.concurrent.CopyOnWriteArrayList<>();

		@DispatchHandler
		public void handle(String message) throws InterruptedException {
			this.started.countDown();
			this.release.await(10, TimeUnit.SECONDS);
			this.handled.add(message);
		}

	}

	/**
	 * Register a service of the type that is busy handling {@code Add(1)} until its gate
	 * opens.
	 */
	private static Gate busyService(String type) throws InterruptedException {
		Gate gate = new Gate();
		registry.addService(type, gate);
		template.cast(type, "key", new Counter.Add(1));
		assertThat(gate.awaitEntered()).isTrue();
		return gate;
	}

	record WhichThread() {
	}

	static class Threads {

		@DispatchHandler
		public String which(WhichThread message) {
			return Thread.currentThread().getName();
		}

	}

	static class Broken {

		@DispatchHandler
		public int count(Counter.Get get) {
			throw new UnsupportedOperationException("out of order");
		}

	}

	static class Shapes {

		@DispatchHandler
		public String integer(Integer value) {
			return "integer";
		}

		@DispatchHandler
		public String number(Number value) {
			return "number";
		}

		@DispatchHandler(isDefault = true)
		public String object(Object value) {
			return "object";
		}

	}

}
