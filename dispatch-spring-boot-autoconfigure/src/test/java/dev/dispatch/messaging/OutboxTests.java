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

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link Outbox}: interleavings of senders forced with latches on the
 * publisher.
 *
 * @author Dispatch team
 */
class OutboxTests {

	private final ExecutorService threads = Executors.newCachedThreadPool();

	private final List<String> published = new CopyOnWriteArrayList<>();

	@AfterEach
	void stopThreads() {
		this.threads.shutdownNow();
	}

	@Test
	void aSenderPublishesOneBatchAndLeavesTheFramesQueuedBehindItToTheDrainer() throws Exception {
		CountDownLatch firstPublishStarted = new CountDownLatch(1);
		CountDownLatch releaseFirst = new CountDownLatch(1);
		CountDownLatch releaseSecond = new CountDownLatch(1);
		AtomicInteger publishes = new AtomicInteger();
		Outbox outbox = new Outbox("a", (batch) -> {
			int n = publishes.incrementAndGet();
			if (n == 1) {
				firstPublishStarted.countDown();
				awaitQuietly(releaseFirst);
			}
			else if (n == 2) {
				awaitQuietly(releaseSecond);
			}
			record(batch);
		}, this.threads);
		CompletableFuture<Void> first = CompletableFuture.runAsync(() -> outbox.send(frame("1", null)), this.threads);
		assertThat(firstPublishStarted.await(10, TimeUnit.SECONDS)).isTrue();
		outbox.send(frame("2", null));
		outbox.send(frame("3", null));
		releaseFirst.countDown();
		// the first sender returns although frames 2 and 3 wait behind a publish that
		// blocks
		first.get(10, TimeUnit.SECONDS);
		assertThat(this.published).containsExactly("1");
		releaseSecond.countDown();
		await().atMost(10, TimeUnit.SECONDS).until(() -> this.published.size() == 3);
		assertThat(this.published).containsExactly("1", "2", "3");
	}

	@Test
	void aFailedPublishFailsOnlyItsOwnFramesEachThroughItsOwnCallback() throws Exception {
		CountDownLatch firstPublishStarted = new CountDownLatch(1);
		CountDownLatch releaseFirst = new CountDownLatch(1);
		AtomicInteger publishes = new AtomicInteger();
		Outbox outbox = new Outbox("a", (batch) -> {
			int n = publishes.incrementAndGet();
			if (n == 1) {
				firstPublishStarted.countDown();
				awaitQuietly(releaseFirst);
				record(batch);
			}
			else if (n == 2) {
				throw new IllegalStateException("cannot publish");
			}
			else {
				record(batch);
			}
		}, Runnable::run);
		List<String> lost = new CopyOnWriteArrayList<>();
		Outbox.OutboundFrame one = frame("1", (ex) -> lost.add("1"));
		Outbox.OutboundFrame two = frame("2", (ex) -> lost.add("2: " + ex.getMessage()));
		Outbox.OutboundFrame three = frame("3", (ex) -> lost.add("3: " + ex.getMessage()));
		CompletableFuture<Void> first = CompletableFuture.runAsync(() -> outbox.send(one), this.threads);
		assertThat(firstPublishStarted.await(10, TimeUnit.SECONDS)).isTrue();
		outbox.send(two);
		outbox.send(three);
		releaseFirst.countDown();
		first.get(10, TimeUnit.SECONDS);
		assertThat(one.lost()).isNull();
		assertThat(two.lost()).hasMessage("cannot publish");
		assertThat(three.lost()).hasMessage("cannot publish");
		assertThat(lost).containsExactly("2: cannot publish", "3: cannot publish");
		outbox.send(frame("4", null));
		assertThat(this.published).containsExactly("1", "4");
	}

	@Test
	void framesOfOneThreadKeepTheirOrderWhateverThreadPublishesThem() throws Exception {
		Outbox outbox = new Outbox("a", this::record, this.threads);
		int senders = 4;
		int perSender = 2000;
		CountDownLatch start = new CountDownLatch(1);
		List<CompletableFuture<Void>> running = new java.util.ArrayList<>();
		for (int s = 0; s < senders; s++) {
			String name = "s" + s + "-";
			running.add(CompletableFuture.runAsync(() -> {
				awaitQuietly(start);
				for (int i = 0; i < perSender; i++) {
					outbox.send(frame(name + i, null));
				}
			}, this.threads));
		}
		start.countDown();
		CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
		await().atMost(30, TimeUnit.SECONDS).until(() -> this.published.size() == senders * perSender);
		for (int s = 0; s < senders; s++) {
			String name = "s" + s + "-";
			List<String> own = this.published.stream().filter((frame) -> frame.startsWith(name)).toList();
			assertThat(own).hasSize(perSender);
			for (int i = 0; i < perSender; i++) {
				assertThat(own.get(i)).isEqualTo(name + i);
			}
		}
	}

	@Test
	void aHazelcastThreadNeverPublishesItHandsTheOutboxToTheDrainer() throws Exception {
		List<String> publishers = new CopyOnWriteArrayList<>();
		Outbox outbox = new Outbox("a", (batch) -> {
			publishers.add(Thread.currentThread().getName());
			record(batch);
		}, this.threads);
		Thread inboxThread = new Thread(() -> outbox.send(frame("1", null)), "hz.test.event-1");
		inboxThread.start();
		inboxThread.join(10_000);
		await().atMost(10, TimeUnit.SECONDS).until(() -> this.published.size() == 1);
		assertThat(publishers).singleElement().asString().doesNotStartWith("hz.");
		outbox.send(frame("2", null));
		assertThat(publishers).hasSize(2).last().isEqualTo(Thread.currentThread().getName());
	}

	@Test
	void waitingForTheOutboxToBeIdleWaitsForABatchTheDrainerIsStillPublishing() throws Exception {
		CountDownLatch publishing = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		Outbox outbox = new Outbox("a", (batch) -> {
			publishing.countDown();
			awaitQuietly(release);
			record(batch);
		}, this.threads);
		Thread inboxThread = new Thread(() -> outbox.send(frame("reply", null)), "hz.test.event-1");
		inboxThread.start();
		assertThat(publishing.await(10, TimeUnit.SECONDS)).isTrue();
		Thread closing = new Thread(() -> outbox.awaitIdle(System.nanoTime() + TimeUnit.SECONDS.toNanos(10)));
		closing.start();
		await().atMost(10, TimeUnit.SECONDS).until(() -> closing.getState() == Thread.State.TIMED_WAITING);
		assertThat(this.published).isEmpty();
		release.countDown();
		closing.join(10_000);
		assertThat(closing.isAlive()).isFalse();
		assertThat(this.published).containsExactly("reply");
	}

	private static Outbox.OutboundFrame frame(String text, Consumer<RuntimeException> onLost) {
		return new Outbox.OutboundFrame(Frames.ack(text, 1), onLost);
	}

	private void record(byte[] batch) {
		try {
			Frames.read(batch, "a", new FrameVisitorAdapter() {

				@Override
				public void onAck(String sender, String serviceId, int count) {
					OutboxTests.this.published.add(serviceId);
				}

			});
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
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

}
