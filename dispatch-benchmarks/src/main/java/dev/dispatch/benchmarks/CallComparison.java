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

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

import com.hazelcast.map.IMap;
import com.hazelcast.topic.ITopic;
import io.grpc.ManagedChannel;

import dev.dispatch.ServiceOverloadedException;

/**
 * Dispatch's keyed call against gRPC and Hazelcast, side by side between two JVMs on
 * 127.0.0.1 (this one calls, a {@link CallPeer} serves), with a 40-byte key and an
 * {@link Order} of about 110 bytes: Dispatch {@code call(type, key, message,
 * String.class)} without and with a cluster secret ({@code dispatch.security.secret}), a
 * gRPC unary call ({@link GrpcEcho}), and {@code IMap.executeOnKey} of a read-only and of
 * a mutating entry processor on keys the other member owns; then Dispatch {@code cast}s
 * against {@code ITopic.publish}, counted where they are received. The Dispatch nodes are
 * built as the other benchmarks build them ({@link Node}), so a change of transport is
 * measured by the same command.
 * <p>
 * In each of several rounds, two new JVMs without a secret run every row but the secret's
 * and the reader thread's; two more run Dispatch's call with the handlers of idle
 * services on the connection's reader thread
 * ({@code dispatch.registry.handlers-on-reader-thread}, as gRPC's direct executor); then
 * two with a secret run the secret's row. Each row: a warm-up at 16 threads, the measured
 * phase at 16 threads (calls per second, printed second by second, p99, and the CPU time
 * of both JVMs per call), then half as long from one thread (p50). The table gives the
 * median of the rounds and their range.
 * <p>
 * {@code mvn -q -B -pl dispatch-benchmarks -am package -DskipTests && java -cp dispatch-benchmarks/target/benchmarks.jar dev.dispatch.benchmarks.CallComparison 4 20 10}
 * <p>
 * The arguments: rounds, warm-up seconds and measured seconds per row (these are the
 * defaults; about 25 minutes). {@code -Dbench.port=N} moves the ports to N … N + 2;
 * {@code -Dbench.only=text} runs only the rows whose name contains it.
 *
 * @author Dispatch team
 */
public final class CallComparison {

	static final int THREADS = 16;

	private static final int KEYS = 1024;

	private static final long REFUSED_BACKOFF_NANOS = TimeUnit.MICROSECONDS.toNanos(50);

	private static final String SECRET = "benchmark-secret-" + UUID.randomUUID();

	/**
	 * Only the rows whose name contains this ({@code -Dbench.only=...}), to profile one.
	 */
	private static final String ONLY = System.getProperty("bench.only", "");

	private static final String DISPATCH = "Dispatch `call(type, key, message, String.class)`";

	private static final String SEALED = "Dispatch `call`, `dispatch.security.secret` set";

	private static final String READER = "Dispatch `call`, `handlers-on-reader-thread`";

	private static final String GRPC = "gRPC unary, byte[] marshaller, direct executor, one channel";

	private static final String READ = "Hazelcast `IMap.executeOnKey`, `ReadOnly` processor";

	private static final String WRITE = "Hazelcast `IMap.executeOnKey`, mutating processor (backup-count 1)";

	private static final String CAST = "Dispatch `cast(type, key, message)`, received/s";

	private static final String TOPIC = "Hazelcast `ITopic.publish`, received/s";

	private CallComparison() {
	}

	public static void main(String[] args) throws Exception {
		int rounds = (args.length > 0) ? Integer.parseInt(args[0]) : 4;
		int warmUp = (args.length > 1) ? Integer.parseInt(args[1]) : 20;
		int measured = (args.length > 2) ? Integer.parseInt(args[2]) : 10;
		int port = Integer.getInteger("bench.port", 16731);
		BackupsComparison.stopAfter(rounds * 8L * (warmUp + measured + measured / 2 + 5) + rounds * 60L + 120);
		System.out.printf("%s: two JVMs on 127.0.0.1, %d CPUs, %s; %d-byte keys (%,d per row), a %d-byte order "
				+ "as JSON; %d rounds, per row %d s warm-up and %d s measured at %d threads, %d s at 1 thread%n",
				LocalDateTime.now().withNano(0), Runtime.getRuntime().availableProcessors(),
				System.getProperty("java.vm.version"), Order.KEY_LENGTH, KEYS, Order.jsonLength(), rounds, warmUp,
				measured, THREADS, oneThreadSeconds(measured));
		Map<String, List<Result>> results = new LinkedHashMap<>();
		for (String row : List.of(DISPATCH, READER, SEALED, GRPC, READ, WRITE, CAST, TOPIC)) {
			results.put(row, new ArrayList<>());
		}
		for (int round = 1; round <= rounds; round++) {
			System.clearProperty(Node.SECRET_PROPERTY);
			String cluster = "calls-" + UUID.randomUUID();
			try (Node node = Node.start(cluster, port, port + 1);
					CallPeer peer = CallPeer.start(cluster, port + 1, port, port + 2)) {
				ManagedChannel channel = GrpcEcho.channel(port + 2);
				try {
					for (Row row : openRows(node, channel)) {
						if (row.name().contains(ONLY)) {
							results.get(row.name()).add(measure(round, row, peer, warmUp, measured));
						}
					}
				}
				finally {
					channel.shutdownNow();
				}
			}
			System.setProperty(Node.READER_THREAD_PROPERTY, "true");
			cluster = "calls-" + UUID.randomUUID();
			try (Node node = Node.start(cluster, port, port + 1);
					CallPeer peer = CallPeer.start(cluster, port + 1, port, port + 2)) {
				if (READER.contains(ONLY)) {
					results.get(READER).add(measure(round, dispatchRow(READER, node), peer, warmUp, measured));
				}
			}
			System.clearProperty(Node.READER_THREAD_PROPERTY);
			if (!SEALED.contains(ONLY)) {
				continue;
			}
			System.setProperty(Node.SECRET_PROPERTY, SECRET);
			cluster = "calls-" + UUID.randomUUID();
			try (Node node = Node.start(cluster, port, port + 1);
					CallPeer peer = CallPeer.start(cluster, port + 1, port, port + 2)) {
				results.get(SEALED).add(measure(round, dispatchRow(SEALED, node), peer, warmUp, measured));
			}
		}
		System.clearProperty(Node.SECRET_PROPERTY);
		print(results, rounds);
		System.exit(0);
	}

	private static List<Row> openRows(Node node, ManagedChannel channel) throws InterruptedException {
		List<Row> rows = new ArrayList<>();
		rows.add(dispatchRow(DISPATCH, node));
		String[] keys = keys("grpc-", (key) -> true);
		rows.add(new Row(GRPC, keys, (key) -> GrpcEcho.call(channel, key, Order.SAMPLE).length(), -1));
		IMap<String, String> map = remoteMap(node);
		String[] mapKeys = map.keySet().toArray(String[]::new);
		rows.add(new Row(READ, mapKeys, (key) -> map.executeOnKey(key, new OrderHandlers.Read(Order.SAMPLE)).length(),
				-1));
		rows.add(new Row(WRITE, mapKeys, (key) -> map.executeOnKey(key, new OrderHandlers.Write(Order.SAMPLE)).length(),
				-1));
		rows.add(castRow(CAST, node));
		ITopic<byte[]> topic = node.hazelcast.getTopic(CallPeer.TOPIC);
		rows.add(new Row(TOPIC, keys("topic-", (key) -> true), (key) -> {
			topic.publish(Order.encode(key, Order.SAMPLE));
			return 1;
		}, 1));
		return rows;
	}

	private static Row dispatchRow(String name, Node node) throws InterruptedException {
		node.await(CallPeer.ECHO);
		return new Row(name, keys("call-", (key) -> true),
				(key) -> node.template.call(CallPeer.ECHO, key, Order.SAMPLE, String.class).length(), -1);
	}

	private static Row castRow(String name, Node node) throws InterruptedException {
		node.await(CallPeer.SINK);
		return new Row(name, keys("cast-", (key) -> true), (key) -> cast(node, key), 0);
	}

	/**
	 * Cast, and when the receiver's mailbox is full wait 50 µs and cast again.
	 */
	private static long cast(Node node, String key) {
		for (long refused = 0;; refused++) {
			try {
				node.template.cast(CallPeer.SINK, key, Order.SAMPLE);
				return refused;
			}
			catch (ServiceOverloadedException ex) {
				LockSupport.parkNanos(REFUSED_BACKOFF_NANOS);
			}
		}
	}

	/**
	 * Return a map with an entry for each key that the serving member owns.
	 */
	private static IMap<String, String> remoteMap(Node node) throws InterruptedException {
		while (!node.hazelcast.getPartitionService().isClusterSafe()) {
			Thread.sleep(100);
		}
		IMap<String, String> map = node.hazelcast.getMap("bench-orders");
		for (String key : keys("map-",
				(key) -> !node.hazelcast.getPartitionService().getPartition(key).getOwner().localMember())) {
			map.set(key, Order.SAMPLE.note());
		}
		return map;
	}

	private static String[] keys(String prefix, Predicate<String> wanted) {
		String[] keys = new String[KEYS];
		int count = 0;
		for (long i = 0; count < keys.length; i++) {
			String key = Order.key(prefix, i);
			if (wanted.test(key)) {
				keys[count++] = key;
			}
		}
		return keys;
	}

	private static Result measure(int round, Row row, CallPeer peer, int warmUp, int measured) throws Exception {
		String name = "round " + round + ", " + row.name();
		double loadBefore = BackupsComparison.load();
		Rate warm = Rate.measure(row.calls().randomCall(), warmUp, THREADS);
		System.out.printf("%s: warm-up, calls/s: %s%n", name, warm.seconds());
		long cpuBefore = CallPeer.processCpuNanos() + peer.cpuNanos();
		long[] receivedBefore = peer.received();
		Phase phase = Phase.run(row.calls().randomCall(), measured, THREADS);
		long cpu = CallPeer.processCpuNanos() + peer.cpuNanos() - cpuBefore;
		long[] receivedAfter = peer.received();
		boolean cast = row.receivedIndex() >= 0;
		long count = cast ? receivedAfter[row.receivedIndex()] - receivedBefore[row.receivedIndex()] : phase.calls();
		System.out.printf("%s: measured, %s/s at %d threads: %s%s%n", name, cast ? "sent" : "calls", THREADS,
				phase.rate().seconds(),
				cast ? String.format("; received %,d/s", (long) (count / phase.seconds())) : "");
		double p50 = Double.NaN;
		if (!cast) {
			p50 = MessagingComparison
				.micros(MessagingComparison.latency(name, row.calls().randomCall(), oneThreadSeconds(measured)), 0.50);
		}
		Result result = new Result(count / phase.seconds(), p50, cast ? Double.NaN : phase.micros(0.99),
				cpu / 1e3 / Math.max(1, count), row.calls().errors());
		System.out.printf("%s: %,.0f/s, p50 %s, p99 %s, CPU %.1f µs per call, errors %s, load %.2f → %.2f%n", name,
				result.rate(), cast ? "—" : String.format("%.1f µs", result.p50()),
				cast ? "—" : String.format("%.1f µs", result.p99()), result.cpuMicros(), result.errors(), loadBefore,
				BackupsComparison.load());
		return result;
	}

	private static int oneThreadSeconds(int measured) {
		return Math.max(1, measured / 2);
	}

	private static void print(Map<String, List<Result>> results, int rounds) {
		System.out.println();
		System.out.printf("Median of %d round(s)%s:%n%n", rounds, (rounds > 1) ? " (range)" : "");
		System.out.printf("| system | calls/s, %d threads | p50, 1 thread | p99, %d threads "
				+ "| CPU per call, both JVMs | errors |%n", THREADS, THREADS);
		System.out.println("|---|---:|---:|---:|---:|---|");
		results.forEach((name, list) -> System.out.printf("| %s | %s | %s | %s | %s | %s |%n", name,
				median(list, Result::rate, "%,.0f", ""), median(list, Result::p50, "%.1f", " µs"),
				median(list, Result::p99, "%.1f", " µs"), median(list, Result::cpuMicros, "%.1f", " µs"),
				list.stream()
					.map(Result::errors)
					.filter((errors) -> !errors.equals("none"))
					.findFirst()
					.orElse("none")));
	}

	private static String median(List<Result> results, ToDoubleFunction<Result> value, String format, String unit) {
		double[] values = results.stream().mapToDouble(value).sorted().toArray();
		if (values.length == 0 || Double.isNaN(values[0])) {
			return "—";
		}
		int middle = values.length / 2;
		double median = (values.length % 2 == 1) ? values[middle] : (values[middle - 1] + values[middle]) / 2;
		String text = String.format(format, median) + unit;
		return (values.length == 1) ? text
				: text + String.format(" (" + format + "–" + format + ")", values[0], values[values.length - 1]);
	}

	/**
	 * A row: its calls, and where the peer counts what it received for casts, or -1.
	 */
	record Row(String name, BackupsComparison.Row calls, int receivedIndex) {

		Row(String name, String[] keys, BackupsComparison.KeyCall call, int receivedIndex) {
			this(name, new BackupsComparison.Row(name, keys, call), receivedIndex);
		}

	}

	record Result(double rate, double p50, double p99, double cpuMicros, String errors) {

	}

}
