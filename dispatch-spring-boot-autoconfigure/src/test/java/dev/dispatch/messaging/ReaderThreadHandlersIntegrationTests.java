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
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.context.ConfigurableApplicationContext;

import dev.dispatch.DispatchException;
import dev.dispatch.DispatchHandler;
import dev.dispatch.DispatchRegistry;
import dev.dispatch.DispatchRemoteException;
import dev.dispatch.DispatchTemplate;
import dev.dispatch.DispatchTimeoutException;
import dev.dispatch.test.TestCluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Handlers on the thread that reads another node's connection
 * ({@code dispatch.registry.handlers-on-reader-thread}).
 *
 * @author Dispatch team
 */
@Timeout(120)
class ReaderThreadHandlersIntegrationTests {

	private static final Duration PATIENCE = Duration.ofSeconds(10);

	private static final String ON_READER = "dispatch.registry.handlers-on-reader-thread=true";

	private final TestCluster cluster = new TestCluster(2);

	@AfterEach
	void stop() {
		this.cluster.close();
	}

	@Test
	void aCallToAnIdleServiceRunsOnTheReaderThreadAndMessagesOfOneSenderKeepTheirOrder() {
		Nodes nodes = start(ON_READER);
		DispatchTemplate templateA = nodes.a().getBean(DispatchTemplate.class);
		// a service busy on its worker (a local cast): what follows waits in its mailbox
		nodes.b().getBean(DispatchTemplate.class).cast(nodes.type(), "k", new Pause(300));
		await().atMost(PATIENCE).until(() -> nodes.recorder().pausing);
		IntStream.rangeClosed(1, 500).forEach((value) -> templateA.cast(nodes.type(), "k", new Add(value)));
		// behind the casts whatever thread reads it
		templateA.call(nodes.type(), "k", new Append(501), String.class, PATIENCE);
		// to an idle service: each runs where it was read
		IntStream.rangeClosed(502, 600)
			.forEach((value) -> templateA.call(nodes.type(), "k", new Append(value), String.class, PATIENCE));
		assertThat(nodes.recorder().values).containsExactlyElementsOf(IntStream.rangeClosed(1, 600).boxed().toList());
		assertThat(nodes.recorder().threads.subList(0, 500)).allMatch((name) -> name.startsWith("dispatch-handler-"));
		assertThat(nodes.recorder().threads.subList(501, 600)).anyMatch((name) -> name.startsWith("dispatch-in-"));
	}

	@Test
	void castsRunOnTheServicesWorkerEvenWithTheProperty() {
		Nodes nodes = start(ON_READER);
		DispatchTemplate templateA = nodes.a().getBean(DispatchTemplate.class);
		IntStream.rangeClosed(1, 100).forEach((value) -> templateA.cast(nodes.type(), "k", new Add(value)));
		await().atMost(PATIENCE).until(() -> nodes.recorder().values.size() == 100);
		assertThat(nodes.recorder().threads).allMatch((name) -> name.startsWith("dispatch-handler-"));
	}

	@Test
	void whileSlowHandlersHoldTheReaderTheCallsBehindThemGoToTheWorkers() {
		Nodes nodes = start(ON_READER);
		DispatchTemplate templateA = nodes.a().getBean(DispatchTemplate.class);
		List<CompletableFuture<String>> replies = IntStream.rangeClosed(1, 200)
			.mapToObj((value) -> templateA.callAsync(nodes.type(), "k", new Spin(value, 5), String.class))
			.toList();
		assertThat(replies.stream().map(CompletableFuture::join)).hasSize(200);
		assertThat(nodes.recorder().values).containsExactlyElementsOf(IntStream.rangeClosed(1, 200).boxed().toList());
		assertThat(nodes.recorder().threads).anyMatch((name) -> name.startsWith("dispatch-handler-"));
	}

	@Test
	void aReaderWhoseHandlerRanLongRunsNoneForAWhileSoThatSlowHandlersTakeLittleOfItsTime() {
		Nodes nodes = start(ON_READER);
		DispatchTemplate templateA = nodes.a().getBean(DispatchTemplate.class);
		// one call at a time: each comes alone in its batch, with nothing behind it
		IntStream.rangeClosed(1, 50)
			.forEach((value) -> templateA.call(nodes.type(), "k", new Spin(value, 10), String.class, PATIENCE));
		assertThat(nodes.recorder().values).containsExactlyElementsOf(IntStream.rangeClosed(1, 50).boxed().toList());
		assertThat(nodes.recorder().threads.stream().filter((name) -> name.startsWith("dispatch-in-")))
			.as("calls that ran on the reader")
			.isNotEmpty()
			.hasSizeLessThan(25);
	}

	@Test
	void withoutThePropertyEveryHandlerRunsOnTheServicesWorker() {
		Nodes nodes = start();
		DispatchTemplate templateA = nodes.a().getBean(DispatchTemplate.class);
		IntStream.rangeClosed(1, 100)
			.forEach((value) -> templateA.call(nodes.type(), "k", new Append(value), String.class, PATIENCE));
		assertThat(templateA.call(nodes.type(), "k", new Where(), String.class, PATIENCE))
			.startsWith("dispatch-handler-");
		assertThat(nodes.recorder().threads).hasSize(100).allMatch((name) -> name.startsWith("dispatch-handler-"));
	}

	@Test
	void aBlockingCallFromAHandlerOnTheReaderThreadFailsAtOnceAndTheNodeGoesOnServing() {
		Nodes nodes = start(ON_READER);
		DispatchTemplate templateA = nodes.a().getBean(DispatchTemplate.class);
		String reader = awaitTheReader(nodes);
		assertThatExceptionOfType(DispatchRemoteException.class)
			.isThrownBy(() -> templateA.call(nodes.type(), "k", new CallBack(), String.class, PATIENCE))
			.satisfies((ex) -> assertThat(ex.getRemoteExceptionClassName())
				.isEqualTo(IllegalStateException.class.getName()))
			.withMessageContaining("dispatch.registry.handlers-on-reader-thread")
			.withMessageContaining("callAsync");
		assertThatExceptionOfType(DispatchRemoteException.class)
			.isThrownBy(() -> templateA.call(nodes.type(), "k", new Fail(), String.class, PATIENCE))
			.withMessageContaining("failed on purpose");
		// an Error in the reply's own encoding: the caller is answered, the reader goes
		// on
		assertThatExceptionOfType(DispatchException.class)
			.isThrownBy(() -> templateA.call(nodes.type(), "k", new BadReply(), Unwritable.class, PATIENCE))
			.isNotInstanceOf(DispatchTimeoutException.class)
			.withMessageContaining("unwritable on purpose");
		assertThat(awaitTheReader(nodes)).as("the same reader").isEqualTo(reader);
		await().atMost(PATIENCE).until(() -> "answered".equals(nodes.recorder().asyncReply));
	}

	/**
	 * Call until a call runs on the reader: one that ran long (the first of a message
	 * type decodes slowly) makes the reader run none for a while.
	 */
	private static String awaitTheReader(Nodes nodes) {
		DispatchTemplate templateA = nodes.a().getBean(DispatchTemplate.class);
		return await().atMost(PATIENCE)
			.until(() -> templateA.call(nodes.type(), "k", new Where(), String.class, PATIENCE),
					(thread) -> thread.startsWith("dispatch-in-"));
	}

	private Nodes start(String... properties) {
		ConfigurableApplicationContext nodeA = this.cluster.start(0, List.of());
		ConfigurableApplicationContext nodeB = this.cluster.start(1, List.of(), properties);
		String type = TestCluster.uniqueType();
		Recorder recorder = new Recorder(nodeB.getBean(DispatchTemplate.class), type);
		nodeB.getBean(DispatchRegistry.class).addService(type, recorder);
		await().atMost(PATIENCE).until(() -> nodeA.getBean(DispatchRegistry.class).findService(type, "k").isPresent());
		Nodes nodes = new Nodes(nodeA, nodeB, type, recorder);
		// every message type decoded once, so that no first decode makes the reader rest
		DispatchTemplate templateA = nodeA.getBean(DispatchTemplate.class);
		templateA.call(type, "k", new Append(0), String.class, PATIENCE);
		templateA.call(type, "k", new Spin(0, 0), String.class, PATIENCE);
		templateA.call(type, "k", new Where(), String.class, PATIENCE);
		return nodes;
	}

	private record Nodes(ConfigurableApplicationContext a, ConfigurableApplicationContext b, String type,
			Recorder recorder) {
	}

	/**
	 * Records each value it is given and the thread that gave it.
	 */
	public static class Recorder {

		final List<Integer> values = new CopyOnWriteArrayList<>();

		final List<String> threads = new CopyOnWriteArrayList<>();

		private final DispatchTemplate template;

		private final String type;

		volatile String asyncReply;

		volatile boolean pausing;

		Recorder(DispatchTemplate template, String type) {
			this.template = template;
			this.type = type;
		}

		@DispatchHandler
		public void add(Add add) {
			if (add.value() == 0) {
				return;
			}
			this.threads.add(Thread.currentThread().getName());
			this.values.add(add.value());
		}

		@DispatchHandler
		public void pause(Pause pause) throws InterruptedException {
			this.pausing = true;
			Thread.sleep(pause.millis());
		}

		@DispatchHandler
		public String where(Where where) {
			return Thread.currentThread().getName();
		}

		@DispatchHandler
		public String append(Append append) {
			add(new Add(append.value()));
			return "appended";
		}

		@DispatchHandler
		public String spin(Spin spin) {
			long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(spin.millis());
			while (System.nanoTime() - until < 0) {
				Thread.onSpinWait();
			}
			return append(new Append(spin.value()));
		}

		@DispatchHandler
		public Unwritable badReply(BadReply badReply) {
			return new Unwritable();
		}

		@DispatchHandler
		public String callBack(CallBack callBack) {
			this.template.callAsync(this.type, "k", new Echo(), String.class)
				.thenAccept((reply) -> this.asyncReply = reply);
			return this.template.call(this.type, "k", new Echo(), String.class, PATIENCE);
		}

		@DispatchHandler
		public String echo(Echo echo) {
			return "answered";
		}

		@DispatchHandler
		public String fail(Fail fail) {
			throw new IllegalStateException("failed on purpose");
		}

	}

	public record Add(int value) {
	}

	public record Pause(long millis) {
	}

	public record Where() {
	}

	public record Append(int value) {
	}

	public record Spin(int value, long millis) {
	}

	public record BadReply() {
	}

	/**
	 * A reply whose only property throws an {@link Error} when it is written.
	 */
	public static class Unwritable {

		public String getValue() {
			throw new AssertionError("unwritable on purpose");
		}

	}

	public record CallBack() {
	}

	public record Echo() {
	}

	public record Fail() {
	}

}
