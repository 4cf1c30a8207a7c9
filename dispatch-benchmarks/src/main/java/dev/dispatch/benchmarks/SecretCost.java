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

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import dev.dispatch.ServiceRef;

/**
 * What the cluster secret costs: remote calls between two JVMs on 127.0.0.1 (the
 * one-thread round trip and the calls per second from 16 threads), without a secret and
 * with one, in alternating rounds of one run, each round with two new JVMs.
 * <p>
 * {@code java --add-opens ... -cp dispatch-benchmarks/target/benchmarks.jar dev.dispatch.benchmarks.SecretCost [seconds] [rounds]}
 *
 * @author Dispatch team
 */
public final class SecretCost {

	private static final String SECRET = "benchmark-secret-" + UUID.randomUUID();

	private SecretCost() {
	}

	public static void main(String[] args) throws Exception {
		int seconds = (args.length > 0) ? Integer.parseInt(args[0]) : 5;
		int rounds = (args.length > 1) ? Integer.parseInt(args[1]) : 3;
		System.out.printf("Two JVMs on 127.0.0.1, %d s per measurement, %d CPUs, %s%n", seconds,
				Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.version"));
		List<double[]> open = new ArrayList<>();
		List<double[]> sealed = new ArrayList<>();
		for (int round = 1; round <= rounds; round++) {
			System.clearProperty(Node.SECRET_PROPERTY);
			open.add(measure(seconds));
			System.setProperty(Node.SECRET_PROPERTY, SECRET);
			sealed.add(measure(seconds));
			System.out.printf("round %d: without %.1f µs p50, %,.0f calls/s; with %.1f µs p50, %,.0f calls/s%n", round,
					open.get(round - 1)[0], open.get(round - 1)[1], sealed.get(round - 1)[0], sealed.get(round - 1)[1]);
		}
		System.out.println();
		System.out.println("| round | p50 without | p50 with | cost | calls/s without | calls/s with | cost |");
		System.out.println("|---|---:|---:|---:|---:|---:|---:|");
		for (int i = 0; i < rounds; i++) {
			double[] without = open.get(i);
			double[] with = sealed.get(i);
			System.out.printf("| %d | %.1f µs | %.1f µs | %+.1f%% | %,.0f | %,.0f | %+.1f%% |%n", i + 1, without[0],
					with[0], 100 * (with[0] / without[0] - 1), without[1], with[1], 100 * (1 - with[1] / without[1]));
		}
	}

	private static double[] measure(int seconds) throws Exception {
		String cluster = "bench-" + UUID.randomUUID();
		int callerPort = 16701;
		int peerPort = 16702;
		Process peer = MessagingComparison.startPeer(cluster, peerPort, callerPort);
		try (Node node = Node.start(cluster, callerPort, peerPort)) {
			ServiceRef echo = node.await(MessagingComparison.ECHO);
			LongSupplier call = () -> node.template.call(echo, "ping", String.class, Duration.ofSeconds(10)).length();
			MessagingComparison.latency("warm-up", call, seconds);
			long[] latency = MessagingComparison.latency("call", call, seconds);
			double rate = MessagingComparison.throughput(call, seconds);
			return new double[] { MessagingComparison.micros(latency, 0.50), rate };
		}
		finally {
			peer.destroyForcibly();
			peer.waitFor(10, TimeUnit.SECONDS);
		}
	}

}
