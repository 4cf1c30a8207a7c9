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
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import dev.dispatch.ServiceRef;

/**
 * Where a remote call's time goes: between the same two JVMs on 127.0.0.1, a round trip
 * over bare Hazelcast topics answered on the event thread (the transport's floor: two
 * publishes, two event-thread deliveries and the caller's wake-up), the same with the
 * answer handed to a pool thread first (plus the hand-off to a service's worker), and a
 * Dispatch {@code call} (plus Dispatch's own work: encoding, frames, credits, the
 * mailbox, pending calls). Each from one thread (median and 99th percentile) and from 16
 * (calls per second). Run it under JFR ({@code -XX:StartFlightRecording}) to see which
 * threads spend the CPU.
 * <p>
 * {@code java --add-opens ... -cp dispatch-benchmarks/target/benchmarks.jar dev.dispatch.benchmarks.CallPathBreakdown [seconds]}
 *
 * @author Dispatch team
 */
public final class CallPathBreakdown {

	private CallPathBreakdown() {
	}

	public static void main(String[] args) throws Exception {
		int seconds = (args.length > 0) ? Integer.parseInt(args[0]) : 5;
		String cluster = "bench-" + UUID.randomUUID();
		int callerPort = 16701;
		int peerPort = 16702;
		Process peer = MessagingComparison.startPeer(cluster, peerPort, callerPort);
		try (Node node = Node.start(cluster, callerPort, peerPort)) {
			ServiceRef echo = node.await(MessagingComparison.ECHO);
			System.out.printf("Two JVMs on 127.0.0.1, %d s per measurement, %d CPUs, %s%n", seconds,
					Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.version"));
			LongSupplier direct = TopicEcho.roundTrip(node.hazelcast, TopicEcho.DIRECT);
			LongSupplier handedOff = TopicEcho.roundTrip(node.hazelcast, TopicEcho.HANDED_OFF);
			LongSupplier call = () -> node.template.call(echo, "ping", String.class, Duration.ofSeconds(10)).length();
			System.out.println();
			System.out.println("| round trip | p50, 1 thread | p99, 1 thread | per second, 16 threads |");
			System.out.println("|---|---:|---:|---:|");
			row("topic, answered on the event thread", direct, seconds);
			row("topic, answered after a hand-off", handedOff, seconds);
			row("Dispatch `call`", call, seconds);
		}
		finally {
			peer.destroyForcibly();
			peer.waitFor(10, TimeUnit.SECONDS);
		}
	}

	private static void row(String name, LongSupplier roundTrip, int seconds) throws InterruptedException {
		MessagingComparison.latency("warm-up", roundTrip, seconds);
		long[] latency = MessagingComparison.latency(name, roundTrip, seconds);
		double rate = MessagingComparison.throughput(roundTrip, seconds);
		System.out.printf("| %s | %.1f µs | %.1f µs | %,.0f |%n", name, MessagingComparison.micros(latency, 0.50),
				MessagingComparison.micros(latency, 0.99), rate);
	}

}
