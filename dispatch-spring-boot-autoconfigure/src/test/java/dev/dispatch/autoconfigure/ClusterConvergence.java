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

package dev.dispatch.autoconfigure;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ThreadLocalRandom;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;

/**
 * Starts Dispatch's Hazelcast members as the auto-configuration builds them, with the
 * loopback address, without a port, as their only member: several at the same moment on
 * threads released together, and times how long they take to form one cluster. The ports
 * are three free ones in a row below the ephemeral range. Used by the join tests, and as
 * a measurement from the module's directory once the test classes are built:
 *
 * <pre>
 * java -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" \
 *   dev.dispatch.autoconfigure.ClusterConvergence [rounds, default 5]
 * </pre>
 *
 * @author Dispatch team
 */
final class ClusterConvergence {

	private ClusterConvergence() {
	}

	static Config config(String name, int port, int firstMemberPort) {
		DispatchPubSubProperties properties = new DispatchPubSubProperties();
		properties.setName(name);
		properties.setPort(port);
		properties.setPortAutoIncrement(false);
		properties.setMembers(List.of("127.0.0.1"));
		return DispatchHazelcastConfigFactory.create(properties, List.of(), ClusterConvergence.class.getClassLoader(),
				firstMemberPort);
	}

	/**
	 * Start members on the first {@code count} of three ports from {@code first}, all
	 * released at once, each told the three ports; return them once all have started.
	 */
	static List<HazelcastInstance> startTogether(String name, int first, int count) {
		CyclicBarrier barrier = new CyclicBarrier(count);
		List<CompletableFuture<HazelcastInstance>> starts = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			Config config = config(name, first + i, first);
			starts.add(CompletableFuture.supplyAsync(() -> {
				await(barrier);
				return Hazelcast.newHazelcastInstance(config);
			}, (task) -> new Thread(task, "start-" + config.getNetworkConfig().getPort()).start()));
		}
		return starts.stream().map(CompletableFuture::join).toList();
	}

	static boolean formOneCluster(List<HazelcastInstance> nodes) {
		return nodes.stream().allMatch((node) -> node.getCluster().getMembers().size() == nodes.size());
	}

	static int threeFreePortsInARow() {
		for (int attempt = 0; attempt < 100; attempt++) {
			int first = ThreadLocalRandom.current().nextInt(20000, 32000);
			if (isFree(first) && isFree(first + 1) && isFree(first + 2)) {
				return first;
			}
		}
		throw new IllegalStateException("No three free ports in a row were found");
	}

	private static boolean isFree(int port) {
		try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static void await(CyclicBarrier barrier) {
		try {
			barrier.await();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Time, for 1, 2 and 3 members started together, how long from their release to one
	 * cluster of all, and print the times.
	 * @param args the rounds of each count, 5 unless given
	 * @throws InterruptedException if interrupted while waiting
	 */
	public static void main(String[] args) throws InterruptedException {
		int rounds = (args.length > 0) ? Integer.parseInt(args[0]) : 5;
		for (int count = 1; count <= 3; count++) {
			List<Long> times = new ArrayList<>();
			for (int round = 0; round < rounds; round++) {
				long start = System.nanoTime();
				List<HazelcastInstance> nodes = startTogether("convergence-" + UUID.randomUUID(),
						threeFreePortsInARow(), count);
				while (!formOneCluster(nodes)) {
					Thread.sleep(5);
				}
				times.add(Duration.ofNanos(System.nanoTime() - start).toMillis());
				nodes.forEach(HazelcastInstance::shutdown);
			}
			System.out.println(count + " member(s) started together, ms to one cluster: " + times);
		}
	}

}
