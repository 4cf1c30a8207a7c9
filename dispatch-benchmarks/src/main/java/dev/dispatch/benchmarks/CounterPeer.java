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
import java.util.concurrent.TimeUnit;

/**
 * A serving JVM of {@link BackupsComparison}: a node with a {@link Counters} service of
 * each type that the comparison calls, answering the driver on its standard output. On
 * the driver's side, the handle of that JVM.
 *
 * @author Dispatch team
 */
final class CounterPeer implements AutoCloseable {

	private static final String ANSWER = "> ";

	private final Process process;

	private final BufferedReader from;

	private final PrintWriter to;

	private CounterPeer(Process process) {
		this.process = process;
		this.from = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
		this.to = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
	}

	/**
	 * Start a serving JVM and wait until its services are added.
	 * @param cluster the cluster name
	 * @param port its port
	 * @param driverPort the driver's port, to join
	 * @return its handle
	 * @throws Exception if it could not start
	 */
	static CounterPeer start(String cluster, int port, int driverPort) throws Exception {
		Process process = MessagingComparison
			.childJvm(CounterPeer.class, cluster, Integer.toString(port), Integer.toString(driverPort))
			.redirectError(ProcessBuilder.Redirect.INHERIT)
			.start();
		CounterPeer peer = new CounterPeer(process);
		peer.answer();
		return peer;
	}

	Process process() {
		return this.process;
	}

	/**
	 * Return the heap used after a GC, and the bytes of the copies that its
	 * {@link BackupsComparison#MEMORY_TYPE} service holds as a backup; print which
	 * classes grew since the last time, per key added.
	 * @param keys the keys added since the last time, 0 the first time
	 * @return used heap, copies, and live objects grown since the last time, in bytes
	 * @throws Exception if the JVM ended
	 */
	long[] heap(long keys) throws Exception {
		this.to.println("heap " + keys);
		String[] answer = answer().split(" ");
		return new long[] { Long.parseLong(answer[0]), Long.parseLong(answer[1]), Long.parseLong(answer[2]) };
	}

	private String answer() throws Exception {
		for (String line; (line = this.from.readLine()) != null;) {
			if (line.startsWith(ANSWER)) {
				return line.substring(ANSWER.length());
			}
			System.out.println(line);
		}
		throw new IllegalStateException("A serving JVM ended");
	}

	@Override
	public void close() throws Exception {
		this.to.println("quit");
		if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
			this.process.destroyForcibly();
		}
	}

	public static void main(String[] args) throws Exception {
		try (Node node = Node.start(args[0], Integer.parseInt(args[1]), Integer.parseInt(args[2]))) {
			for (int backups : BackupsComparison.BACKUPS) {
				node.registry.addService(BackupsComparison.type(backups), new Counters(),
						BackupsComparison.options(backups));
			}
			node.registry.addService(BackupsComparison.MEMORY_TYPE, new Counters(), BackupsComparison.options(1));
			BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
			System.out.println(ANSWER + "ready");
			HeapHistogram histogram = new HeapHistogram();
			for (String line; (line = in.readLine()) != null && !line.equals("quit");) {
				if (line.startsWith("heap ")) {
					long keys = Long.parseLong(line.substring(5));
					String grown = histogram.growth(6, Math.max(1, keys));
					if (keys > 0) {
						System.out.printf("  live objects grown on port %s, per key:%n%s%n", args[1], grown);
					}
					System.out.println(ANSWER + usedAfterGc() + " "
							+ node.registry.getKeyedStates().backupBytes(BackupsComparison.MEMORY_TYPE) + " "
							+ histogram.grownBytes());
				}
			}
		}
		System.exit(0);
	}

	private static long usedAfterGc() throws InterruptedException {
		for (int i = 0; i < 3; i++) {
			System.gc();
			Thread.sleep(200);
		}
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

}
