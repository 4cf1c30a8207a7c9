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

package dev.dispatch.benchmarks;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

import com.hazelcast.config.MapConfig;
import com.hazelcast.map.IMap;

import dev.dispatch.ServiceOptions;
import dev.dispatch.ServiceRef;

/**
 * What backups cost a call by key, beside Hazelcast's own answer, between three JVMs on
 * 127.0.0.1 (this one calls and serves; two children serve, see {@link CounterPeer}): a
 * Dispatch {@code call} to a {@link Counters} service on each node with {@code backups}
 * 0, 1 and 2, and {@code IMap.executeOnKey} of a mutating entry processor on maps with
 * {@code backup-count} 0 and 1 (synchronous), all to keys owned by the other two JVMs.
 * After a warm-up of every row in turn, each row: a warm-up of its own, median and 99th
 * percentile from one thread, then calls per second from 16, printed second by second.
 * The CPU time that the three JVMs used per call in that time shows where the difference
 * between rows comes from when the CPUs are the limit. Then the memory per backed-up key
 * ({@link BackupMemory}).
 * <p>
 * {@code java --add-opens ... -cp dispatch-benchmarks/target/benchmarks.jar dev.dispatch.benchmarks.BackupsComparison [warm-up s] [row warm-up s] [latency s] [rate s]}
 * (docs/performance.md has the whole command).
 *
 * @author Dispatch team
 */
public final class BackupsComparison {

	static final int[] BACKUPS = { 0, 1, 2 };

	static final String MEMORY_TYPE = "counter-memory";

	static final int THREADS = 16;

	private static final int KEYS = 10_000;

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private BackupsComparison() {
	}

	static String type(int backups) {
		return "counter-b" + backups;
	}

	static ServiceOptions options(int backups) {
		return ServiceOptions.defaults().withConcurrency(THREADS).withBackups(backups);
	}

	public static void main(String[] args) throws Exception {
		int warmUp = argument(args, 0, 20);
		int rowWarmUp = argument(args, 1, 5);
		int latencySeconds = argument(args, 2, 5);
		int rateSeconds = argument(args, 3, 10);
		stopAfter(warmUp + 5 * (rowWarmUp + latencySeconds + rateSeconds + 10) + 180);
		int port = Integer.getInteger("bench.port", 17151);
		String cluster = "backups-" + UUID.randomUUID();
		try (Node node = Node.start(cluster, port, port + 1);
				CounterPeer b = CounterPeer.start(cluster, port + 1, port);
				CounterPeer c = CounterPeer.start(cluster, port + 2, port)) {
			CpuTime cpu = new CpuTime(List.of(ProcessHandle.current().pid(), b.process().pid(), c.process().pid()));
			List<Row> rows = new ArrayList<>();
			for (int backups : BACKUPS) {
				rows.add(dispatchRow(node, backups));
			}
			rows.add(hazelcastRow(node, 0));
			rows.add(hazelcastRow(node, 1));
			System.out.printf("%s: three JVMs on 127.0.0.1, %d CPUs, %s; %,d remote keys per row; %d s warm-up "
					+ "of every row, then per row %d s more warm-up, %d s from 1 thread, %d s from %d threads%n",
					LocalDateTime.now().withNano(0), Runtime.getRuntime().availableProcessors(),
					System.getProperty("java.vm.version"), KEYS, warmUp, rowWarmUp, latencySeconds, rateSeconds,
					THREADS);
			warmUp(rows, warmUp);
			List<Result> results = new ArrayList<>();
			for (Row row : rows) {
				results.add(measure(row, cpu, rowWarmUp, latencySeconds, rateSeconds));
			}
			print(results);
			BackupMemory memory = BackupMemory.measure(node, b, c);
			memory.print();
			targets(results, memory);
		}
		System.exit(0);
	}

	private static Row dispatchRow(Node node, int backups) throws InterruptedException {
		String type = type(backups);
		ServiceRef local = node.registry.addService(type, new Counters(), options(backups));
		if (!HandoffCost.waitFor(() -> node.registry.getOnlineServices(type).size() == 3)) {
			throw new IllegalStateException("The three services of " + type + " did not appear");
		}
		Thread.sleep(1000);
		String[] keys = keys("d" + backups + "-",
				(key) -> !local.equals(node.registry.findService(type, key).orElse(null)));
		return new Row("Dispatch `call`, backups = " + backups, keys,
				(key) -> node.template.call(type, key, new Counters.Add(key), Long.class, TIMEOUT));
	}

	private static Row hazelcastRow(Node node, int backupCount) {
		String name = "bench-counters-b" + backupCount;
		node.hazelcast.getConfig().addMapConfig(new MapConfig(name).setBackupCount(backupCount).setAsyncBackupCount(0));
		IMap<String, Long> map = node.hazelcast.getMap(name);
		Counters.Increment increment = new Counters.Increment();
		String[] keys = keys("h" + backupCount + "-",
				(key) -> !node.hazelcast.getPartitionService().getPartition(key).getOwner().localMember());
		return new Row("Hazelcast `executeOnKey`, backup-count " + backupCount, keys,
				(key) -> map.executeOnKey(key, increment));
	}

	static String[] keys(String prefix, Predicate<String> wanted) {
		String[] keys = new String[KEYS];
		int count = 0;
		for (long i = 0; count < keys.length; i++) {
			String key = prefix + i;
			if (wanted.test(key)) {
				keys[count++] = key;
			}
		}
		return keys;
	}

	private static void warmUp(List<Row> rows, int seconds) throws InterruptedException {
		AtomicLong turn = new AtomicLong();
		LongSupplier everyRow = () -> rows.get((int) (turn.getAndIncrement() % rows.size())).randomCall().getAsLong();
		Rate rate = Rate.measure(everyRow, seconds, THREADS);
		System.out.printf("warm-up, every row in turn, calls/s: %s%n", rate.seconds());
	}

	private static Result measure(Row row, CpuTime cpu, int warmUp, int latencySeconds, int rateSeconds)
			throws InterruptedException {
		Rate warm = Rate.measure(row.randomCall(), warmUp, THREADS);
		System.out.printf("%s, warm-up at %d threads, calls/s: %s%n", row.name(), THREADS, warm.seconds());
		double loadBefore = load();
		long[] latency = MessagingComparison.latency(row.name(), row.randomCall(), latencySeconds);
		double cpuBefore = cpu.seconds();
		Rate rate = Rate.measure(row.randomCall(), rateSeconds, THREADS);
		double cpuPerCall = (cpu.seconds() - cpuBefore) / (rate.perSecond() * rateSeconds);
		System.out.printf("%s, calls/s at %d threads, second by second: %s%n", row.name(), THREADS, rate.seconds());
		return new Result(row, MessagingComparison.micros(latency, 0.50), MessagingComparison.micros(latency, 0.99),
				rate.perSecond(), cpuPerCall * 1e6, loadBefore, load());
	}

	private static void print(List<Result> results) {
		double base = results.get(0).rate();
		System.out.println();
		System.out.printf("| row | p50, 1 thread | p99, 1 thread | calls/s, %d threads | vs backups = 0 "
				+ "| CPU per call, 3 JVMs | load (1 min) before → after | errors |%n", THREADS);
		System.out.println("|---|---:|---:|---:|---:|---:|---:|---|");
		for (Result result : results) {
			System.out.printf("| %s | %.1f µs | %.1f µs | %,.0f | %.2f | %.0f µs | %.2f → %.2f | %s |%n",
					result.row().name(), result.p50(), result.p99(), result.rate(), result.rate() / base,
					result.cpuMicros(), result.loadBefore(), result.loadAfter(), result.row().errors());
		}
	}

	private static void targets(List<Result> results, BackupMemory memory) {
		Result none = results.get(0);
		Result one = results.get(1);
		Result hazelcastOne = results.get(4);
		System.out.println();
		System.out.println("| target | measured | verdict |");
		System.out.println("|---|---|---|");
		verdict("backups = 1 keeps ≥ 60 % of the calls/s of backups = 0",
				String.format("%.0f %%", 100 * one.rate() / none.rate()), one.rate() / none.rate() >= 0.6);
		verdict("backups = 1 at least level with `executeOnKey`, backup-count 1",
				String.format("%.2f ×", one.rate() / hazelcastOne.rate()), one.rate() >= hazelcastOne.rate());
		verdict("backups = 1: p50 ≤ 2 × that of backups = 0", String.format("%.2f ×", one.p50() / none.p50()),
				one.p50() <= 2 * none.p50());
		verdict("memory per backed-up key ≤ encoded copy + 64 B",
				String.format("live objects %.0f B (heap used %.0f B) against %.0f + 64 B", memory.livePerKey(),
						memory.heapPerKey(), memory.encodedPerKey()),
				memory.livePerKey() <= memory.encodedPerKey() + 64);
	}

	private static void verdict(String target, String measured, boolean met) {
		System.out.printf("| %s | %s | %s |%n", target, measured, met ? "met" : "**missed**");
	}

	static double load() {
		return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
	}

	private static int argument(String[] args, int index, int otherwise) {
		return (args.length > index) ? Integer.parseInt(args[index]) : otherwise;
	}

	/**
	 * End the program, and with it the serving JVMs, if it is still running after a
	 * while.
	 */
	static void stopAfter(long seconds) {
		Thread watchdog = new Thread(() -> {
			try {
				Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
				System.out.println("Still running after " + seconds + " s: stopped");
				System.exit(2);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}, "watchdog");
		watchdog.setDaemon(true);
		watchdog.start();
	}

	/**
	 * The calls of one row, to random keys of its own, counting what fails.
	 */
	record Row(String name, String[] keys, KeyCall call, AtomicLong failed, AtomicReference<String> firstError) {

		Row(String name, String[] keys, KeyCall call) {
			this(name, keys, call, new AtomicLong(), new AtomicReference<>());
		}

		LongSupplier randomCall() {
			return () -> {
				String key = this.keys[ThreadLocalRandom.current().nextInt(this.keys.length)];
				try {
					return this.call.call(key);
				}
				catch (RuntimeException ex) {
					this.failed.incrementAndGet();
					this.firstError.compareAndSet(null, ex.toString());
					return -1;
				}
			};
		}

		String errors() {
			return (this.failed.get() == 0) ? "none" : this.failed.get() + ", first: " + this.firstError.get();
		}

	}

	/**
	 * A call by key.
	 */
	interface KeyCall {

		long call(String key);

	}

	record Result(Row row, double p50, double p99, double rate, double cpuMicros, double loadBefore, double loadAfter) {

	}

}
