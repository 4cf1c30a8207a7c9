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

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Timer;
import java.util.TimerTask;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import org.springframework.util.Assert;

import dev.dispatch.DispatchHandler;
import dev.dispatch.KeyedState;
import dev.dispatch.ServiceRef;
import dev.dispatch.metrics.DispatchMetrics;

/**
 * What a hand-off of per-key state costs. Node A (this JVM) holds a ~1 KB state per key
 * in one stateful {@code cart} service; node B (a child JVM with the same JVM options and
 * class path, on 127.0.0.1) adds a {@code cart} service, and A hands off the keys B now
 * owns. Measured: the keys moved, the hand-off on A ({@code handoffBatch}), the time from
 * B's {@code addService} until B took over every moved key ({@code handoffs} "moved"),
 * and each node's heap used before (after a GC), at its peak (sampled every 10 ms) and
 * after a GC. Rows: 10,000 and 100,000 keys when B adds the second service (about half
 * the keys move), and 100,000 keys when B has 7 of 8 services and adds a ninth (about a
 * ninth move; A then holds the first 100,000 keys "kN" it owns on the ring of 8).
 * <p>
 * {@code java -Xmx2g --add-opens ... -cp dispatch-benchmarks/target/benchmarks.jar dev.dispatch.benchmarks.HandoffCost [runs]}
 * (the options Hazelcast asks for are in docs/performance.md).
 *
 * @author Dispatch team
 */
public final class HandoffCost {

	static final String TYPE = "cart";

	private static final AtomicLong peak = new AtomicLong();

	private HandoffCost() {
	}

	public static void main(String[] args) throws Exception {
		new Timer("heap-sampler", true).scheduleAtFixedRate(new TimerTask() {
			@Override
			public void run() {
				peak();
			}
		}, 0, 10);
		if (args.length > 0 && args[0].equals("node-b")) {
			nodeB(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]));
			return;
		}
		int runs = (args.length > 0) ? Integer.parseInt(args[0]) : 1;
		int[][] scenarios = { { 10_000, 0 }, { 100_000, 0 }, { 100_000, 7 } };
		List<String> rows = new ArrayList<>();
		int port = 16901;
		for (int run = 0; run < runs; run++) {
			for (int[] scenario : scenarios) {
				rows.add(measure(scenario[0], scenario[1], port, port + 1));
				port += 2;
			}
		}
		System.out.printf("%nTwo JVMs on 127.0.0.1 (node A here, node B a child JVM with the same options), "
				+ "%d CPUs, %s, JVM options %s, GC %s%nState per key: a 1,000-character String and a long; heap used "
				+ "in MB: before (after a GC) / peak (sampled every 10 ms) / after a GC%n%n",
				Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.version"),
				ManagementFactory.getRuntimeMXBean().getInputArguments(),
				ManagementFactory.getGarbageCollectorMXBeans().stream().map((gc) -> gc.getName()).toList());
		System.out.println("| services before → after | keys held on A | keys moved | hand-off on A (handoffBatch) "
				+ "| addService on B → all taken over | heap A | heap B | check |");
		System.out.println("|---|---:|---:|---:|---:|---:|---:|---|");
		rows.forEach(System.out::println);
	}

	private static String measure(int held, int others, int portA, int portB) throws Exception {
		String cluster = "handoff-" + UUID.randomUUID();
		Process b = startNodeB(cluster, portB, portA);
		BufferedReader fromB = new BufferedReader(new InputStreamReader(b.getInputStream(), StandardCharsets.UTF_8));
		PrintWriter toB = new PrintWriter(b.getOutputStream(), true, StandardCharsets.UTF_8);
		try (Node a = Node.start(cluster, portA, portB)) {
			Progress progress = new Progress();
			a.registry.setMetrics(progress);
			Carts carts = new Carts();
			carts.ref = a.registry.addService(TYPE, carts);
			reply(fromB);
			for (int i = 0; i < others; i++) {
				toB.println("add");
				reply(fromB);
			}
			Assert.state(waitFor(() -> a.registry.getOnlineServices(TYPE).size() == 1 + others), "Ring incomplete");
			Thread.sleep(1000);
			for (long i = 0; carts.states.size() < held; i++) {
				String key = "k" + i;
				if (others == 0 || carts.ref.equals(a.registry.findService(TYPE, key).orElse(null))) {
					carts.states.put(key, Cart.of(key, i));
				}
			}
			long beforeA = gcAndResetPeak();
			toB.println("measure");
			reply(fromB);
			boolean batched = waitFor(() -> progress.batchNanos.get() >= 0);
			Thread.sleep(100);
			int moved = held - carts.states.size();
			toB.println("await " + moved);
			String[] done = reply(fromB).split(" ");
			long peakA = peak();
			long misplacedA = misplaced(carts, a);
			long afterA = gcAndResetPeak();
			boolean ok = batched && carts.states.size() + Long.parseLong(done[2]) == held && misplacedA == 0
					&& done[3].equals("0") && done[1].equals(Integer.toString(moved))
					&& progress.failed.get() + Long.parseLong(done[7]) == 0;
			String check = ok ? "ok"
					: String.format("batch %b, A holds %d (%d not owned), B %s (%s), took over %s, failed %d/%s",
							batched, carts.states.size(), misplacedA, done[2], done[3], done[1], progress.failed.get(),
							done[7]);
			toB.println("quit");
			b.waitFor(30, TimeUnit.SECONDS);
			return String.format("| %d → %d | %,d | %,d | %.0f ms | %s ms | %d / %d / %d | %s / %s / %s | %s |",
					1 + others, 2 + others, held, moved, progress.batchNanos.get() / 1e6, done[0], beforeA >> 20,
					peakA >> 20, afterA >> 20, done[4], done[5], done[6], check);
		}
		finally {
			b.destroyForcibly();
		}
	}

	private static long misplaced(Carts carts, Node node) {
		return carts.states.keySet()
			.stream()
			.filter((key) -> !carts.ref.equals(node.registry.findService(TYPE, key).orElse(null)))
			.count();
	}

	private static Process startNodeB(String cluster, int port, int otherPort) throws Exception {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
		command.addAll(List.of("-cp", System.getProperty("java.class.path"), HandoffCost.class.getName(), "node-b",
				cluster, Integer.toString(port), Integer.toString(otherPort)));
		return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
	}

	private static String reply(BufferedReader fromB) throws Exception {
		return Objects.requireNonNull(fromB.readLine(), "Node B ended");
	}

	static boolean waitFor(BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
			Thread.sleep(10);
		}
		return condition.getAsBoolean();
	}

	/**
	 * Node B, whose standard output answers node A: adds a {@code cart} service for "add"
	 * and "measure"; for "await N" waits until it took over N keys, then reports.
	 */
	private static void nodeB(String cluster, int port, int otherPort) throws Exception {
		try (Node node = Node.start(cluster, port, otherPort)) {
			Progress progress = new Progress();
			node.registry.setMetrics(progress);
			List<Carts> services = new CopyOnWriteArrayList<>();
			BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
			System.out.println("ready");
			long start = 0;
			long before = 0;
			for (String line; (line = in.readLine()) != null && !line.equals("quit");) {
				if (line.startsWith("await ")) {
					long expected = Long.parseLong(line.substring(6));
					boolean all = waitFor(() -> progress.moved.get() >= expected);
					Thread.sleep(100);
					long peakB = peak();
					long held = services.stream().mapToLong((carts) -> carts.states.size()).sum();
					long misplaced = services.stream().mapToLong((carts) -> misplaced(carts, node)).sum();
					System.out.printf("%s %d %d %d %d %d %d %d%n",
							all ? String.format("%.0f", (progress.lastMovedAt - start) / 1e6) : "never",
							progress.moved.get(), held, misplaced, before >> 20, peakB >> 20, gcAndResetPeak() >> 20,
							progress.failed.get());
					continue;
				}
				if (line.equals("measure")) {
					before = gcAndResetPeak();
					start = System.nanoTime();
				}
				Carts carts = new Carts();
				carts.ref = node.registry.addService(TYPE, carts);
				services.add(carts);
				System.out.println("added");
			}
		}
	}

	private static long gcAndResetPeak() {
		System.gc();
		peak.set(0);
		return peak();
	}

	private static long peak() {
		return peak.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
	}

	/**
	 * The state of one key, about 1 KB: a 1,000-character String and a long.
	 */
	public record Cart(String items, long updated) {

		static Cart of(String key, long seed) {
			return new Cart((key + ":" + seed + ";").repeat(200).substring(0, 1000), seed);
		}

	}

	/**
	 * A service that keeps a {@link Cart} per key.
	 */
	public static final class Carts implements KeyedState<Cart> {

		final Map<String, Cart> states = new ConcurrentHashMap<>();

		volatile ServiceRef ref;

		@DispatchHandler
		public int count(String ignored) {
			return this.states.size();
		}

		@Override
		public Collection<?> keys() {
			return this.states.keySet();
		}

		@Override
		public Cart handOff(Object key) {
			return this.states.remove(key);
		}

		@Override
		public void takeOver(Object key, Cart state) {
			this.states.put((String) key, state);
		}

	}

	static final class Progress implements DispatchMetrics {

		final AtomicLong moved = new AtomicLong();

		final AtomicLong failed = new AtomicLong();

		final AtomicLong batchNanos = new AtomicLong(-1);

		volatile long lastMovedAt;

		@Override
		public void handoffs(String type, String outcome, int keys) {
			if (outcome.equals("moved")) {
				this.lastMovedAt = System.nanoTime();
			}
			(outcome.equals("moved") ? this.moved : this.failed).addAndGet(keys);
		}

		@Override
		public void handoffBatch(String type, long nanos) {
			this.batchNanos.set(nanos);
		}

	}

}
