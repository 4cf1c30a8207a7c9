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
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.grpc.Server;

import dev.dispatch.ServiceOptions;

/**
 * The serving JVM of {@link CallComparison} ({@code -Xmx256m}): a Dispatch node with the
 * {@link OrderHandlers} services, a listener on the topic of orders and a gRPC server,
 * answering the driver's questions (its CPU time, what it received) on its standard
 * output. On the driver's side, the handle of that JVM.
 *
 * @author Dispatch team
 */
final class CallPeer implements AutoCloseable {

	static final String ECHO = "order-echo";

	static final String SINK = "order-sink";

	static final String TOPIC = "bench-orders";

	private static final String ANSWER = "> ";

	private final Process process;

	private final BufferedReader from;

	private final PrintWriter to;

	private CallPeer(Process process) {
		this.process = process;
		this.from = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
		this.to = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
	}

	/**
	 * Start a serving JVM, with the cluster secret of this one if it has one, and wait
	 * until it serves.
	 * @param cluster the cluster name
	 * @param port its Hazelcast port
	 * @param driverPort the driver's port, to join
	 * @param grpcPort the port of its gRPC server
	 * @return its handle
	 * @throws Exception if it could not start
	 */
	static CallPeer start(String cluster, int port, int driverPort, int grpcPort) throws Exception {
		ProcessBuilder builder = MessagingComparison.childJvm(CallPeer.class, cluster, Integer.toString(port),
				Integer.toString(driverPort), Integer.toString(grpcPort));
		List<String> command = builder.command();
		command.set(command.indexOf("-Xmx512m"), "-Xmx256m");
		CallPeer peer = new CallPeer(builder.redirectError(ProcessBuilder.Redirect.INHERIT).start());
		peer.ask("ready");
		return peer;
	}

	/**
	 * Return the CPU time that the serving JVM used so far.
	 * @return nanoseconds
	 * @throws Exception if it ended
	 */
	long cpuNanos() throws Exception {
		return Long.parseLong(ask("cpu"));
	}

	/**
	 * Return what the serving JVM received so far: Dispatch casts and topic messages.
	 * @return the two counts
	 * @throws Exception if it ended
	 */
	long[] received() throws Exception {
		String[] counts = ask("received").split(" ");
		return new long[] { Long.parseLong(counts[0]), Long.parseLong(counts[1]) };
	}

	private String ask(String question) throws Exception {
		if (!question.equals("ready")) {
			this.to.println(question);
		}
		for (String line; (line = this.from.readLine()) != null;) {
			if (line.startsWith(ANSWER)) {
				return line.substring(ANSWER.length());
			}
			System.out.println(line);
		}
		throw new IllegalStateException("The serving JVM ended");
	}

	@Override
	public void close() throws Exception {
		this.to.println("quit");
		if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
			this.process.destroyForcibly();
		}
	}

	static long processCpuNanos() {
		return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
			.getProcessCpuTime();
	}

	public static void main(String[] args) throws Exception {
		Server grpc = GrpcEcho.serve(Integer.parseInt(args[3]));
		try (Node node = Node.start(args[0], Integer.parseInt(args[1]), Integer.parseInt(args[2]))) {
			ServiceOptions options = ServiceOptions.defaults().withConcurrency(CallComparison.THREADS);
			node.registry.addService(ECHO, new OrderHandlers.Echo(), options);
			node.registry.addService(SINK, new OrderHandlers.Sink(), options);
			node.hazelcast.<byte[]>getTopic(TOPIC).addMessageListener((message) -> {
				Order.decode(message.getMessageObject());
				OrderHandlers.topicMessages.incrementAndGet();
			});
			System.out.println(ANSWER + "ready");
			BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
			for (String line; (line = in.readLine()) != null && !line.equals("quit");) {
				if (line.equals("cpu")) {
					System.out.println(ANSWER + processCpuNanos());
				}
				else if (line.equals("received")) {
					System.out
						.println(ANSWER + OrderHandlers.dispatchCasts.get() + " " + OrderHandlers.topicMessages.get());
				}
			}
		}
		finally {
			grpc.shutdownNow();
		}
		System.exit(0);
	}

}
