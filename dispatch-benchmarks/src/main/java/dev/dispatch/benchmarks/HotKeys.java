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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;

import dev.dispatch.DispatchHandler;
import dev.dispatch.DispatchTemplate;
import dev.dispatch.metrics.DispatchMetrics;
import dev.dispatch.routing.BalanceFactors;
import dev.dispatch.routing.InFlightMessages;
import dev.dispatch.template.DefaultDispatchTemplate;

/**
 * Hot keys between two JVMs on 127.0.0.1: eight services of one type (four in each JVM,
 * {@code concurrency} 1, a handler that sleeps 2 ms and replies its service's id), called
 * by key from 32 threads of this JVM (or as many as given), with keys drawn from 100,000
 * by a Zipf distribution (s = 1.1) and then uniformly; each without a balance factor and
 * with each factor given, in one run. For each: calls per second, latency percentiles,
 * the share of calls served by their key's owner, the spills, and the machine's 1-minute
 * load average at its end.
 * <p>
 * {@code java <the --add-* options> -cp dispatch-benchmarks/target/benchmarks.jar dev.dispatch.benchmarks.HotKeys [seconds] [factors] [threads]}
 * (docs/performance.md has the whole command); {@code factors} is a comma-separated list,
 * {@code 1.25} by default.
 *
 * @author Dispatch team
 */
public final class HotKeys {

	static final String TYPE = "bench-hot";

	private static final int SERVICES_PER_JVM = 4;

	private static final int DEFAULT_THREADS = 32;

	private static final int KEYS = 100_000;

	private static final double ZIPF_EXPONENT = 1.1;

	private static final long HANDLER_MILLIS = 2;

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private HotKeys() {
	}

	public static void main(String[] args) throws Exception {
		int seconds = (args.length > 0) ? Integer.parseInt(args[0]) : 20;
		double[] factors = Arrays.stream(((args.length > 1) ? args[1] : "1.25").split(","))
			.mapToDouble(Double::parseDouble)
			.toArray();
		int threads = (args.length > 2) ? Integer.parseInt(args[2]) : DEFAULT_THREADS;
		String cluster = "bench-" + UUID.randomUUID();
		int callerPort = 16711;
		int peerPort = 16712;
		Process peer = startPeer(cluster, peerPort, callerPort);
		try (Node node = Node.start(cluster, callerPort, peerPort)) {
			for (int i = 0; i < SERVICES_PER_JVM; i++) {
				Worker.register(node);
			}
			awaitServices(node, 2 * SERVICES_PER_JVM);
			String[] keys = new String[KEYS];
			Arrays.setAll(keys, (rank) -> "key-" + rank);
			double[] zipf = zipfCdf(KEYS, ZIPF_EXPONENT);
			IntSupplier zipfKeys = () -> rank(zipf, ThreadLocalRandom.current().nextDouble());
			IntSupplier uniformKeys = () -> ThreadLocalRandom.current().nextInt(KEYS);
			System.out.printf(
					"Two JVMs on 127.0.0.1, 8 services (4 + 4), concurrency 1, handler %d ms, %d threads "
							+ "in one JVM, %d s per measurement, %d CPUs, %s, load average before: %s%n",
					HANDLER_MILLIS, threads, seconds, Runtime.getRuntime().availableProcessors(),
					System.getProperty("java.vm.version"), loadAverage());
			measure(node, bounded(node, factors[0], new LongAdder()), keys, zipfKeys, threads, Math.min(seconds, 5));
			measure(node, node.template, keys, zipfKeys, threads, Math.min(seconds, 5));
			System.out.println();
			System.out.println("| keys | balance factor | calls/s | × off | p50 | p99 | p99 ÷ off | served by owner "
					+ "| spills | load |");
			System.out.println("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
			for (String distribution : List.of("Zipf s = 1.1", "uniform")) {
				IntSupplier draw = distribution.startsWith("Zipf") ? zipfKeys : uniformKeys;
				Result off = measure(node, node.template, keys, draw, threads, seconds);
				print(distribution, "off", off, off, 0);
				for (double factor : factors) {
					LongAdder spills = new LongAdder();
					Result on = measure(node, bounded(node, factor, spills), keys, draw, threads, seconds);
					print(distribution, Double.toString(factor), on, off, spills.sum());
				}
			}
			System.out.println();
			System.out.println("Load average after: " + loadAverage());
		}
		finally {
			peer.destroyForcibly();
			peer.waitFor(10, TimeUnit.SECONDS);
		}
	}

	private static DefaultDispatchTemplate bounded(Node node, double factor, LongAdder spills) {
		DefaultDispatchTemplate template = new DefaultDispatchTemplate(node.registry, node.transport, TIMEOUT);
		template.setBoundedLoad(new InFlightMessages(), new BalanceFactors(factor, Map.of()));
		template.setMetrics(new DispatchMetrics() {

			@Override
			public void spilled(String type) {
				spills.increment();
			}

		});
		return template;
	}

	private static Result measure(Node node, DispatchTemplate template, String[] keys, IntSupplier draw, int threads,
			int seconds) throws InterruptedException {
		long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
		List<Caller> callers = new ArrayList<>();
		long start = System.nanoTime();
		for (int i = 0; i < threads; i++) {
			Caller caller = new Caller(node, template, keys, draw, end);
			caller.start();
			callers.add(caller);
		}
		long calls = 0;
		long byOwner = 0;
		int samples = 0;
		for (Caller caller : callers) {
			caller.join();
			calls += caller.calls;
			byOwner += caller.byOwner;
			samples += caller.samples;
		}
		double elapsed = (System.nanoTime() - start) / 1e9;
		long[] latencies = new long[samples];
		int offset = 0;
		for (Caller caller : callers) {
			System.arraycopy(caller.latencies, 0, latencies, offset, caller.samples);
			offset += caller.samples;
		}
		Arrays.sort(latencies);
		return new Result(calls / elapsed, millis(latencies, 0.50), millis(latencies, 0.99),
				(calls > 0) ? byOwner / (double) calls : 0);
	}

	private static void print(String distribution, String factor, Result result, Result off, long spills) {
		System.out.printf("| %s | %s | %,.0f | %.2f | %.1f ms | %.1f ms | %.2f | %.1f %% | %,d | %s |%n", distribution,
				factor, result.callsPerSecond(), result.callsPerSecond() / off.callsPerSecond(), result.p50Millis(),
				result.p99Millis(), result.p99Millis() / off.p99Millis(), 100 * result.ownerShare(), spills,
				loadAverage().split(" ")[0]);
	}

	static double[] zipfCdf(int count, double exponent) {
		double[] cdf = new double[count];
		double sum = 0;
		for (int rank = 0; rank < count; rank++) {
			sum += 1 / Math.pow(rank + 1, exponent);
			cdf[rank] = sum;
		}
		for (int rank = 0; rank < count; rank++) {
			cdf[rank] /= sum;
		}
		return cdf;
	}

	static int rank(double[] cdf, double uniform) {
		int index = Arrays.binarySearch(cdf, uniform);
		return Math.min(cdf.length - 1, (index >= 0) ? index : -index - 1);
	}

	private static double millis(long[] sorted, double percentile) {
		return (sorted.length == 0) ? 0
				: sorted[Math.min(sorted.length - 1, (int) (sorted.length * percentile))] / 1_000_000.0;
	}

	private static String loadAverage() {
		try {
			return Files.readString(Path.of("/proc/loadavg")).trim();
		}
		catch (Exception ex) {
			return "unknown";
		}
	}

	private static void awaitServices(Node node, int count) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (node.registry.getOnlineServices(TYPE).size() < count) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Only " + node.registry.getOnlineServices(TYPE).size() + " of " + count
						+ " services appeared within 60 s");
			}
			Thread.sleep(50);
		}
	}

	private static Process startPeer(String cluster, int peerPort, int callerPort) throws Exception {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		List<String> command = new ArrayList<>(List.of(java, "-Xmx512m"));
		command.addAll(ManagementFactory.getRuntimeMXBean()
			.getInputArguments()
			.stream()
			.filter((argument) -> argument.startsWith("--add-"))
			.toList());
		command.addAll(List.of("-cp", System.getProperty("java.class.path"), Peer.class.getName(), cluster,
				Integer.toString(peerPort), Integer.toString(callerPort)));
		return new ProcessBuilder(command).inheritIO().start();
	}

	record Result(double callsPerSecond, double p50Millis, double p99Millis, double ownerShare) {

	}

	/**
	 * One calling thread: calls by key until the end, timing each call and checking
	 * whether the key's owner served it.
	 */
	private static final class Caller extends Thread {

		private final Node node;

		private final DispatchTemplate template;

		private final String[] keys;

		private final IntSupplier draw;

		private final long end;

		private final long[] latencies = new long[1 << 18];

		private int samples;

		private long calls;

		private long byOwner;

		Caller(Node node, DispatchTemplate template, String[] keys, IntSupplier draw, long end) {
			this.node = node;
			this.template = template;
			this.keys = keys;
			this.draw = draw;
			this.end = end;
		}

		@Override
		public void run() {
			Work work = new Work();
			while (System.nanoTime() < this.end) {
				String key = this.keys[this.draw.getAsInt()];
				long start = System.nanoTime();
				String servedBy = this.template.call(TYPE, key, work, String.class, TIMEOUT);
				long latency = System.nanoTime() - start;
				if (this.samples < this.latencies.length) {
					this.latencies[this.samples++] = latency;
				}
				this.calls++;
				if (this.node.registry.findService(TYPE, key).orElseThrow().id().equals(servedBy)) {
					this.byOwner++;
				}
			}
		}

	}

	/**
	 * The message: some work for the key's service.
	 */
	public record Work() {

	}

	/**
	 * A service that sleeps and replies its own id.
	 */
	public static final class Worker {

		private volatile String id = "";

		static void register(Node node) {
			Worker worker = new Worker();
			worker.id = node.registry.addService(TYPE, worker, 1, Map.of()).id();
		}

		@DispatchHandler
		public String work(Work work) throws InterruptedException {
			Thread.sleep(HANDLER_MILLIS);
			return this.id;
		}

	}

	/**
	 * The serving JVM: a node with four of the services.
	 */
	public static final class Peer {

		private Peer() {
		}

		public static void main(String[] args) throws Exception {
			Node node = Node.start(args[0], Integer.parseInt(args[1]), Integer.parseInt(args[2]));
			for (int i = 0; i < SERVICES_PER_JVM; i++) {
				Worker.register(node);
			}
			Thread.currentThread().join();
		}

	}

}
