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

import java.io.Serializable;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.IExecutorService;

import dev.dispatch.ServiceOverloadedException;
import dev.dispatch.ServiceRef;

/**
 * Dispatch's messaging against raw Hazelcast between the same two JVMs on 127.0.0.1, in
 * one run: a remote {@code call} against {@code IExecutorService.submitToMember} (latency
 * from one thread, throughput from 16), and a stream of {@code cast}s from one thread to
 * one service against {@code executeOnMember} (rate received, order, and the sender's
 * heap). Both sides use the same members with default Hazelcast settings; this JVM calls,
 * a second JVM that it starts serves.
 * <p>
 * {@code java --add-opens java.base/java.lang=ALL-UNNAMED ... -cp dispatch-benchmarks/target/benchmarks.jar dev.dispatch.benchmarks.MessagingComparison [seconds]}
 * (docs/performance.md has the whole command, with the options Hazelcast asks for).
 *
 * @author Dispatch team
 */
public final class MessagingComparison {

	static final String ECHO = "bench-echo";

	static final String SINK = "bench-sink";

	private static final int THREADS = 16;

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final long REFUSED_BACKOFF_NANOS = TimeUnit.MICROSECONDS.toNanos(50);

	private MessagingComparison() {
	}

	public static void main(String[] args) throws Exception {
		int seconds = (args.length > 0) ? Integer.parseInt(args[0]) : 5;
		String cluster = "bench-" + UUID.randomUUID();
		int callerPort = 16701;
		int peerPort = 16702;
		Process peer = startPeer(cluster, peerPort, callerPort);
		try (Node node = Node.start(cluster, callerPort, peerPort)) {
			ServiceRef echo = node.await(ECHO);
			ServiceRef sink = node.await(SINK);
			Member remote = node.hazelcast.getCluster()
				.getMembers()
				.stream()
				.filter((member) -> !member.localMember())
				.findFirst()
				.orElseThrow();
			IExecutorService executor = node.hazelcast.getExecutorService("bench-raw");
			System.out.printf("Two JVMs on 127.0.0.1, %d s per measurement, %d CPUs, %s%n", seconds,
					Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.version"));

			LongSupplier dispatchCall = () -> node.template.call(echo, "ping", String.class, TIMEOUT).length();
			LongSupplier rawCall = () -> {
				try {
					return executor.submitToMember(new EchoTask("ping"), remote).get().length();
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			};
			latency("warm-up", dispatchCall, seconds);
			latency("warm-up", rawCall, seconds);
			long[] dispatchLatency = latency("Dispatch call", dispatchCall, seconds);
			long[] rawLatency = latency("submitToMember", rawCall, seconds);
			double dispatchRate = throughput(dispatchCall, seconds);
			double rawRate = throughput(rawCall, seconds);

			System.out.println();
			System.out.println("| | Dispatch `call` | raw `submitToMember` | ratio |");
			System.out.println("|---|---:|---:|---:|");
			System.out.printf("| round trip p50, 1 thread | %.1f µs | %.1f µs | %.2f |%n",
					micros(dispatchLatency, 0.50), micros(rawLatency, 0.50),
					micros(dispatchLatency, 0.50) / micros(rawLatency, 0.50));
			System.out.printf("| round trip p99, 1 thread | %.1f µs | %.1f µs | %.2f |%n",
					micros(dispatchLatency, 0.99), micros(rawLatency, 0.99),
					micros(dispatchLatency, 0.99) / micros(rawLatency, 0.99));
			System.out.printf("| calls/s, %d threads | %,.0f | %,.0f | %.2f |%n", THREADS, dispatchRate, rawRate,
					dispatchRate / rawRate);

			CastResult dispatchCasts = dispatchCasts(node, sink, seconds);
			CastResult rawCasts = rawCasts(node, executor, remote, seconds);
			System.out.println();
			System.out.println("| one thread, one receiver | Dispatch `cast` | raw `executeOnMember` | ratio |");
			System.out.println("|---|---:|---:|---:|");
			System.out.printf("| sent in %d s | %,d | %,d | |%n", seconds, dispatchCasts.sent(), rawCasts.sent());
			System.out.printf("| received in %d s, per second | %,.0f | %,.0f | %.2f |%n", seconds,
					dispatchCasts.receivedPerSecond(), rawCasts.receivedPerSecond(),
					dispatchCasts.receivedPerSecond() / rawCasts.receivedPerSecond());
			System.out.printf("| refused (receiver behind; retried after 50 µs) | %,d | none (no back-pressure) | |%n",
					dispatchCasts.refused());
			System.out.printf("| received out of order | %,d | %,d | |%n", dispatchCasts.outOfOrder(),
					rawCasts.outOfOrder());
			System.out.printf("| sender heap used after sending | %,d MB | %,d MB | |%n", dispatchCasts.heapMb(),
					rawCasts.heapMb());
		}
		finally {
			peer.destroyForcibly();
			peer.waitFor(10, TimeUnit.SECONDS);
		}
	}

	static Process startPeer(String cluster, int peerPort, int callerPort) throws Exception {
		return childJvm(Peer.class, cluster, Integer.toString(peerPort), Integer.toString(callerPort),
				System.getProperty("bench.concurrency", Integer.toString(THREADS)))
			.inheritIO()
			.start();
	}

	/**
	 * Return how to start a serving JVM: this JVM's class path, its {@code --add-…}
	 * options, {@code -Xmx512m}, {@code bench.peer.options} and the cluster secret.
	 * @param main the class to run
	 * @param args its arguments
	 * @return the process to start
	 */
	static ProcessBuilder childJvm(Class<?> main, String... args) {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		List<String> command = new ArrayList<>(List.of(java, "-Xmx512m"));
		command.addAll(ManagementFactory.getRuntimeMXBean()
			.getInputArguments()
			.stream()
			.filter((argument) -> argument.startsWith("--add-"))
			.toList());
		String peerOptions = System.getProperty("bench.peer.options");
		if (peerOptions != null) {
			command.addAll(List.of(peerOptions.trim().split("\\s+")));
		}
		String secret = System.getProperty(Node.SECRET_PROPERTY);
		if (secret != null) {
			command.add("-D" + Node.SECRET_PROPERTY + "=" + secret);
		}
		if (Boolean.getBoolean(Node.READER_THREAD_PROPERTY)) {
			command.add("-D" + Node.READER_THREAD_PROPERTY + "=true");
		}
		String messagePort = System.getProperty("bench.messagePort");
		if (messagePort != null) {
			command.add("-Dbench.messagePort=" + messagePort);
		}
		command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
		command.addAll(List.of(args));
		return new ProcessBuilder(command);
	}

	static long[] latency(String name, LongSupplier call, int seconds) {
		long[] samples = new long[4_000_000];
		int count = 0;
		long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
		while (count < samples.length) {
			long start = System.nanoTime();
			if (start > end) {
				break;
			}
			call.getAsLong();
			samples[count++] = System.nanoTime() - start;
		}
		long[] measured = Arrays.copyOf(samples, count);
		Arrays.sort(measured);
		return measured;
	}

	static double throughput(LongSupplier call, int seconds) throws InterruptedException {
		AtomicLong calls = new AtomicLong();
		long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
		List<Thread> threads = new ArrayList<>();
		long start = System.nanoTime();
		for (int i = 0; i < THREADS; i++) {
			Thread thread = new Thread(() -> {
				while (System.nanoTime() < end) {
					call.getAsLong();
					calls.incrementAndGet();
				}
			});
			thread.start();
			threads.add(thread);
		}
		for (Thread thread : threads) {
			thread.join();
		}
		return calls.get() / ((System.nanoTime() - start) / 1e9);
	}

	private static CastResult dispatchCasts(Node node, ServiceRef sink, int seconds) {
		node.template.call(sink, new Services.Reset(), Long.class, TIMEOUT);
		long sent = 0;
		long start = System.nanoTime();
		long end = start + TimeUnit.SECONDS.toNanos(seconds);
		long refused = 0;
		while (System.nanoTime() < end) {
			try {
				node.template.cast(sink, new Services.Tick(sent));
				sent++;
			}
			catch (ServiceOverloadedException ex) {
				refused++;
				LockSupport.parkNanos(REFUSED_BACKOFF_NANOS);
			}
		}
		long heap = heapMb();
		Services.Stats stats = node.template.call(sink, new Services.Report(), Services.Stats.class, TIMEOUT);
		return new CastResult(sent, stats.received() / (double) seconds, stats.outOfOrder(), heap, refused);
	}

	private static CastResult rawCasts(Node node, IExecutorService executor, Member remote, int seconds)
			throws Exception {
		IExecutorService queries = node.hazelcast.getExecutorService("bench-query");
		queries.submitToMember(new ResetTask(), remote).get();
		long sent = 0;
		long start = System.nanoTime();
		long end = start + TimeUnit.SECONDS.toNanos(seconds);
		while (System.nanoTime() < end) {
			executor.executeOnMember(new TickTask(sent++), remote);
		}
		long heap = heapMb();
		long[] stats = queries.submitToMember(new ReportTask(), remote).get();
		return new CastResult(sent, stats[0] / (double) seconds, stats[1], heap, 0);
	}

	private static long heapMb() {
		Runtime runtime = Runtime.getRuntime();
		return (runtime.totalMemory() - runtime.freeMemory()) / (1024 * 1024);
	}

	static double micros(long[] sorted, double percentile) {
		return sorted[Math.min(sorted.length - 1, (int) (sorted.length * percentile))] / 1000.0;
	}

	record CastResult(long sent, double receivedPerSecond, long outOfOrder, long heapMb, long refused) {

	}

	/**
	 * What {@code submitToMember} runs: the same echo.
	 */
	static final class EchoTask implements Callable<String>, Serializable {

		private final String text;

		EchoTask(String text) {
			this.text = text;
		}

		@Override
		public String call() {
			return this.text;
		}

	}

	/**
	 * What {@code executeOnMember} runs: counts, like the Dispatch sink.
	 */
	static final class TickTask implements Runnable, Serializable {

		static final AtomicLong received = new AtomicLong();

		static final AtomicLong outOfOrder = new AtomicLong();

		static final AtomicLong last = new AtomicLong(-1);

		private final long sequence;

		TickTask(long sequence) {
			this.sequence = sequence;
		}

		@Override
		public void run() {
			received.incrementAndGet();
			long previous = last.getAndAccumulate(this.sequence, Math::max);
			if (this.sequence < previous) {
				outOfOrder.incrementAndGet();
			}
		}

	}

	static final class ResetTask implements Callable<Long>, Serializable {

		@Override
		public Long call() {
			TickTask.received.set(0);
			TickTask.outOfOrder.set(0);
			TickTask.last.set(-1);
			return 0L;
		}

	}

	static final class ReportTask implements Callable<long[]>, Serializable {

		@Override
		public long[] call() {
			return new long[] { TickTask.received.get(), TickTask.outOfOrder.get() };
		}

	}

	/**
	 * The serving JVM: a node with an echo service (concurrency 16, like the executor's
	 * 16 threads) and a sink service (concurrency 1, so that order can be kept).
	 */
	public static final class Peer {

		private Peer() {
		}

		public static void main(String[] args) throws Exception {
			Node node = Node.start(args[0], Integer.parseInt(args[1]), Integer.parseInt(args[2]));
			Services services = new Services();
			node.registry.addService(ECHO, services, Integer.parseInt(args[3]), Map.of());
			node.registry.addService(SINK, services, 1, Map.of());
			TopicEcho.serve(node.hazelcast, Integer.parseInt(args[3]));
			Thread.currentThread().join();
		}

	}

}
