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

import java.util.ArrayList;
import java.util.List;
import java.lang.reflect.Field;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link Mailbox}: its capacity, its concurrency limit, the order of its tasks
 * and its bookkeeping. Interleavings are forced with latches, or with an executor that
 * runs the mailbox's workers only when the test says so.
 *
 * @author Dispatch team
 */
class MailboxTests {

	private final ExecutorService threads = Executors.newCachedThreadPool();

	private final HeldExecutor held = new HeldExecutor();

	private final List<String> ran = new CopyOnWriteArrayList<>();

	@AfterEach
	void stopThreads() {
		this.threads.shutdownNow();
	}

	@Test
	void offerRefusesATaskOnceTheMailboxHoldsItsCapacity() {
		Mailbox mailbox = new Mailbox(this.held, 1, 2);
		assertThat(mailbox.capacity()).isEqualTo(2);
		assertThat(mailbox.offer(record("1"))).isTrue();
		assertThat(mailbox.offer(record("2"))).isTrue();
		assertThat(mailbox.offer(record("3"))).isFalse();
		assertThat(mailbox.size()).isEqualTo(2);
		this.held.runAll();
		assertThat(this.ran).containsExactly("1", "2");
		assertThat(mailbox.offer(record("4"))).isTrue();
		this.held.runAll();
		assertThat(this.ran).containsExactly("1", "2", "4");
	}

	@Test
	void anExclusiveTaskWaitsForRunningTasksAndHoldsBackLaterOnes() throws Exception {
		Mailbox mailbox = new Mailbox(this.threads, 3, 100);
		CountDownLatch firstRunning = new CountDownLatch(1);
		CountDownLatch releaseFirst = new CountDownLatch(1);
		AtomicInteger runningWithExclusive = new AtomicInteger(-1);
		AtomicInteger running = new AtomicInteger();
		mailbox.add(() -> {
			running.incrementAndGet();
			firstRunning.countDown();
			awaitQuietly(releaseFirst);
			this.ran.add("first");
			running.decrementAndGet();
		});
		assertThat(firstRunning.await(10, TimeUnit.SECONDS)).isTrue();
		mailbox.addExclusive(() -> {
			runningWithExclusive.set(running.get());
			this.ran.add("exclusive");
		});
		mailbox.add(record("later"));
		// the exclusive task is taken by a second worker and waits; the later task must
		// not start on the third
		await().atMost(10, TimeUnit.SECONDS).until(() -> mailbox.size() == 1);
		assertThat(this.ran).isEmpty();
		assertThat(mailbox.runIfIdle(record("caller"))).isFalse();
		releaseFirst.countDown();
		await().atMost(10, TimeUnit.SECONDS).until(() -> this.ran.size() == 3);
		assertThat(this.ran).containsExactly("first", "exclusive", "later");
		assertThat(runningWithExclusive.get()).isZero();
		await().atMost(10, TimeUnit.SECONDS).until(mailbox::isIdle);
	}

	@Test
	void tasksRunAgainAtFullConcurrencyAfterAnExclusiveTask() throws Exception {
		Mailbox mailbox = new Mailbox(this.threads, 2, 100);
		mailbox.addExclusive(record("exclusive"));
		CountDownLatch both = new CountDownLatch(2);
		CountDownLatch release = new CountDownLatch(1);
		for (int i = 0; i < 2; i++) {
			mailbox.add(() -> {
				both.countDown();
				awaitQuietly(release);
			});
		}
		assertThat(both.await(10, TimeUnit.SECONDS)).as("two tasks at once after the exclusive one").isTrue();
		release.countDown();
		await().atMost(10, TimeUnit.SECONDS).until(mailbox::isIdle);
		assertThat(this.ran).containsExactly("exclusive");
	}

	@Test
	void twoExclusiveTasksThatTwoWorkersReachForAtOnceBothRun() throws Exception {
		CyclicBarrier bothTaking = new CyclicBarrier(2);
		AtomicInteger takes = new AtomicInteger();
		ConcurrentLinkedDeque<Runnable> queue = new ConcurrentLinkedDeque<>() {

			@Override
			public Runnable poll() {
				// the first two takes wait for each other: a mailbox that lets two
				// workers take exclusive tasks at once deadlocks; one that takes under a
				// lock lets the barrier time out and runs both
				if (takes.incrementAndGet() <= 2) {
					try {
						bothTaking.await(200, TimeUnit.MILLISECONDS);
					}
					catch (Exception ex) {
						// the other worker is kept out
					}
				}
				return super.poll();
			}

		};
		Mailbox mailbox = new Mailbox(this.threads, 2, 100);
		Field field = Mailbox.class.getDeclaredField("queue");
		field.setAccessible(true);
		field.set(mailbox, queue);
		CountDownLatch ran = new CountDownLatch(2);
		mailbox.addExclusive(ran::countDown);
		mailbox.addExclusive(ran::countDown);
		assertThat(ran.await(10, TimeUnit.SECONDS)).as("both exclusive tasks ran").isTrue();
	}

	@Test
	void aTaskAddedFirstRunsBeforeTheTasksWaiting() {
		Mailbox mailbox = new Mailbox(this.held, 1, 10);
		mailbox.add(record("1"));
		mailbox.add(record("2"));
		mailbox.addFirst(record("first"));
		this.held.runAll();
		assertThat(this.ran).containsExactly("first", "1", "2");
	}

	@Test
	void addTakesATaskWhateverTheCapacity() {
		Mailbox mailbox = new Mailbox(this.held, 1, 1);
		assertThat(mailbox.offer(record("1"))).isTrue();
		mailbox.add(record("2"));
		mailbox.add(record("3"));
		assertThat(mailbox.size()).isEqualTo(3);
		assertThat(mailbox.offer(record("4"))).isFalse();
		this.held.runAll();
		assertThat(this.ran).containsExactly("1", "2", "3");
		assertThat(mailbox.isIdle()).isTrue();
	}

	@Test
	void neverMoreThanConcurrencyTasksRunAtOnce() throws Exception {
		Mailbox mailbox = new Mailbox(this.threads, 2, 100);
		int tasks = 6;
		List<CountDownLatch> releases = new ArrayList<>();
		AtomicInteger started = new AtomicInteger();
		AtomicInteger running = new AtomicInteger();
		AtomicInteger mostRunning = new AtomicInteger();
		CountDownLatch finished = new CountDownLatch(tasks);
		for (int i = 0; i < tasks; i++) {
			CountDownLatch release = new CountDownLatch(1);
			releases.add(release);
			mailbox.offer(() -> {
				started.incrementAndGet();
				mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
				awaitQuietly(release);
				running.decrementAndGet();
				finished.countDown();
			});
		}
		await().atMost(10, TimeUnit.SECONDS).until(() -> started.get() == 2);
		// two workers hold a task each; the others wait in the mailbox
		assertThat(mailbox.size()).isEqualTo(tasks - 2);
		assertThat(running.get()).isEqualTo(2);
		for (int i = 0; i < tasks; i++) {
			releases.get(i).countDown();
			int expected = Math.min(i + 3, tasks);
			await().atMost(10, TimeUnit.SECONDS).until(() -> started.get() == expected);
			assertThat(mailbox.size()).isEqualTo(tasks - expected);
		}
		assertThat(finished.await(10, TimeUnit.SECONDS)).isTrue();
		assertThat(mostRunning.get()).isEqualTo(2);
		await().atMost(10, TimeUnit.SECONDS).until(mailbox::isIdle);
	}

	@Test
	void withConcurrencyOneTasksRunOneAtATimeInTheOrderTheyWereOffered() throws Exception {
		Mailbox mailbox = new Mailbox(this.threads, 1, 1000);
		CountDownLatch allOffered = new CountDownLatch(1);
		AtomicInteger running = new AtomicInteger();
		AtomicInteger mostRunning = new AtomicInteger();
		List<Integer> order = new CopyOnWriteArrayList<>();
		int tasks = 500;
		for (int i = 0; i < tasks; i++) {
			int n = i;
			Runnable task = () -> {
				mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
				if (n == 0) {
					// hold the worker so that the others queue up behind the first
					awaitQuietly(allOffered);
				}
				order.add(n);
				running.decrementAndGet();
			};
			if (n % 2 == 0) {
				assertThat(mailbox.offer(task)).isTrue();
			}
			else {
				mailbox.add(task);
			}
		}
		allOffered.countDown();
		await().atMost(30, TimeUnit.SECONDS).until(() -> order.size() == tasks);
		assertThat(order).containsExactlyElementsOf(IntStream.range(0, tasks).boxed().toList());
		assertThat(mostRunning.get()).isEqualTo(1);
	}

	@Test
	void aWorkerGivesUpItsThreadAfterATurnAndLeavesTheRestToAnotherWorker() {
		Mailbox mailbox = new Mailbox(this.held, 1, 1000);
		for (int i = 0; i < 200; i++) {
			mailbox.offer(record(Integer.toString(i)));
		}
		assertThat(this.held.pending()).isEqualTo(1);
		this.held.runNext();
		assertThat(this.ran).isNotEmpty().hasSizeLessThan(200);
		assertThat(this.held.pending()).isEqualTo(1);
		this.held.runAll();
		assertThat(this.ran).hasSize(200);
		assertThat(mailbox.isIdle()).isTrue();
	}

	@Test
	void runIfIdleRunsOnTheCallingThreadWhenTheMailboxIsEmptyAndAWorkerSlotIsFree() {
		Mailbox mailbox = new Mailbox(this.held, 1, 10);
		List<Thread> runners = new ArrayList<>();
		List<Boolean> idleWhileRunning = new ArrayList<>();
		boolean ran = mailbox.runIfIdle(() -> {
			runners.add(Thread.currentThread());
			idleWhileRunning.add(mailbox.isIdle());
		});
		assertThat(ran).isTrue();
		assertThat(runners).containsExactly(Thread.currentThread());
		assertThat(idleWhileRunning).containsExactly(false);
		assertThat(this.held.executed()).isZero();
		assertThat(mailbox.isIdle()).isTrue();
	}

	@Test
	void runIfIdleDoesNotRunWhileATaskIsQueuedEvenWithAFreeWorkerSlot() {
		Mailbox mailbox = new Mailbox(this.held, 2, 10);
		mailbox.offer(record("queued"));
		assertThat(mailbox.runIfIdle(record("idle"))).isFalse();
		assertThat(this.ran).isEmpty();
		this.held.runAll();
		assertThat(this.ran).containsExactly("queued");
		assertThat(mailbox.runIfIdle(record("idle"))).isTrue();
		assertThat(this.ran).containsExactly("queued", "idle");
	}

	@Test
	void runIfIdleDoesNotRunWhileEveryWorkerSlotIsTaken() {
		Mailbox mailbox = new Mailbox(this.threads, 1, 10);
		CountDownLatch entered = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		mailbox.offer(() -> {
			entered.countDown();
			awaitQuietly(release);
		});
		awaitQuietly(entered);
		// nothing is queued: only the busy worker stands in the way
		assertThat(mailbox.isEmpty()).isTrue();
		assertThat(mailbox.runIfIdle(record("idle"))).isFalse();
		assertThat(this.ran).isEmpty();
		release.countDown();
		await().atMost(10, TimeUnit.SECONDS).until(mailbox::isIdle);
		assertThat(mailbox.runIfIdle(record("idle"))).isTrue();
		assertThat(this.ran).containsExactly("idle");
	}

	@Test
	void runIfIdleRunsBesideABusyWorkerWhileAnotherSlotIsFree() {
		Mailbox mailbox = new Mailbox(this.threads, 2, 10);
		CountDownLatch entered = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		mailbox.offer(() -> {
			entered.countDown();
			awaitQuietly(release);
		});
		awaitQuietly(entered);
		try {
			assertThat(mailbox.runIfIdle(record("idle"))).isTrue();
			assertThat(this.ran).containsExactly("idle");
		}
		finally {
			release.countDown();
		}
	}

	@Test
	void aTaskOfferedWhileRunIfIdleRunsWaitsForItAndIsThenHandedToAWorker() {
		Mailbox mailbox = new Mailbox(this.held, 1, 10);
		List<Integer> workersAskedForMeanwhile = new ArrayList<>();
		assertThat(mailbox.runIfIdle(() -> {
			this.ran.add("idle");
			mailbox.offer(record("offered"));
			workersAskedForMeanwhile.add(this.held.executed());
		})).isTrue();
		assertThat(workersAskedForMeanwhile).containsExactly(0);
		assertThat(this.ran).containsExactly("idle");
		assertThat(this.held.pending()).isEqualTo(1);
		this.held.runAll();
		assertThat(this.ran).containsExactly("idle", "offered");
		assertThat(mailbox.isIdle()).isTrue();
	}

	@ParameterizedTest(name = "concurrency {0}")
	@ValueSource(ints = { 1, 2, 4 })
	void noTaskIsLostWhenManyThreadsOfferAtOnce(int concurrency) throws Exception {
		Mailbox mailbox = new Mailbox(this.threads, concurrency, Integer.MAX_VALUE);
		int producers = 8;
		int perProducer = 5000;
		AtomicInteger done = new AtomicInteger();
		CountDownLatch start = new CountDownLatch(1);
		List<CompletableFuture<Void>> running = new ArrayList<>();
		ExecutorService producerThreads = Executors.newFixedThreadPool(producers);
		try {
			for (int p = 0; p < producers; p++) {
				running.add(CompletableFuture.runAsync(() -> {
					awaitQuietly(start);
					for (int i = 0; i < perProducer; i++) {
						Runnable task = done::incrementAndGet;
						if (i % 3 == 0) {
							if (!mailbox.runIfIdle(task)) {
								mailbox.add(task);
							}
						}
						else if (i % 3 == 1) {
							mailbox.add(task);
						}
						else {
							assertThat(mailbox.offer(task)).isTrue();
						}
					}
				}, producerThreads));
			}
			start.countDown();
			CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
		}
		finally {
			producerThreads.shutdownNow();
		}
		await().atMost(30, TimeUnit.SECONDS).until(() -> done.get() == producers * perProducer);
		await().atMost(10, TimeUnit.SECONDS).until(mailbox::isIdle);
		assertThat(mailbox.size()).isZero();
	}

	@Test
	void aTaskThatThrowsDoesNotStopTheMailbox() {
		Mailbox mailbox = new Mailbox(this.held, 1, 10);
		mailbox.offer(() -> {
			throw new IllegalStateException("handler failed");
		});
		mailbox.offer(record("after in the same turn"));
		this.held.runAll();
		assertThat(this.ran).containsExactly("after in the same turn");
		mailbox.offer(() -> {
			throw new IllegalStateException("handler failed");
		});
		this.held.runAll();
		mailbox.offer(record("in a later turn"));
		this.held.runAll();
		assertThat(this.ran).containsExactly("after in the same turn", "in a later turn");
		assertThat(mailbox.isIdle()).isTrue();
	}

	@Test
	void aTaskThatThrowsInRunIfIdleFailsItsCallerAndFreesItsWorkerSlot() {
		Mailbox mailbox = new Mailbox(this.held, 1, 10);
		assertThatIllegalStateException().isThrownBy(() -> mailbox.runIfIdle(() -> {
			throw new IllegalStateException("handler failed");
		}));
		assertThat(mailbox.isIdle()).isTrue();
		assertThat(mailbox.runIfIdle(record("idle"))).isTrue();
		mailbox.offer(record("offered"));
		this.held.runAll();
		assertThat(this.ran).containsExactly("idle", "offered");
	}

	@Test
	void sizeCountsWaitingTasksAndIdleAlsoTheRunningOne() {
		Mailbox mailbox = new Mailbox(this.held, 1, 2);
		assertThat(mailbox.size()).isZero();
		assertThat(mailbox.isEmpty()).isTrue();
		assertThat(mailbox.isIdle()).isTrue();
		List<String> seen = new ArrayList<>();
		Runnable look = () -> seen.add(mailbox.size() + " empty=" + mailbox.isEmpty() + " idle=" + mailbox.isIdle());
		mailbox.offer(look);
		mailbox.offer(look);
		assertThat(mailbox.offer(look)).isFalse();
		assertThat(mailbox.size()).isEqualTo(2);
		assertThat(mailbox.isEmpty()).isFalse();
		assertThat(mailbox.isIdle()).isFalse();
		this.held.runAll();
		assertThat(seen).containsExactly("1 empty=false idle=false", "0 empty=true idle=false");
		assertThat(mailbox.size()).isZero();
		assertThat(mailbox.isEmpty()).isTrue();
		assertThat(mailbox.isIdle()).isTrue();
	}

	private Runnable record(String name) {
		return () -> this.ran.add(name);
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			if (!latch.await(10, TimeUnit.SECONDS)) {
				throw new IllegalStateException("Timed out waiting for a latch");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Holds the workers that a mailbox starts until the test runs them.
	 */
	private static final class HeldExecutor implements Executor {

		private final Queue<Runnable> workers = new ConcurrentLinkedQueue<>();

		private final AtomicInteger executed = new AtomicInteger();

		@Override
		public void execute(Runnable worker) {
			this.executed.incrementAndGet();
			this.workers.add(worker);
		}

		int executed() {
			return this.executed.get();
		}

		int pending() {
			return this.workers.size();
		}

		void runNext() {
			this.workers.remove().run();
		}

		void runAll() {
			Runnable worker;
			while ((worker = this.workers.poll()) != null) {
				worker.run();
			}
		}

	}

}
