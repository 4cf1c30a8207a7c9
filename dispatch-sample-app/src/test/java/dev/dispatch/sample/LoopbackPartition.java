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

package dev.dispatch.sample;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Cuts the links between groups of cluster members on the loopback device, and restores
 * them, with a traffic-control filter ({@code tc} from iproute2, as root) that drops
 * every packet between the port blocks of members on different sides: each member listens
 * on the first port of a block of 16 and opens its connections to other members from the
 * other 15 ({@code dispatch.pubsub.outbound-ports}), so that a block identifies a member
 * in both directions. Packets are dropped silently, as by a cut cable: nothing is refused
 * and both sides wait for timeouts.
 *
 * @author Dispatch team
 */
final class LoopbackPartition implements AutoCloseable {

	/**
	 * The ports of one member: it listens on {@code base}, takes messages on
	 * {@code base + 15}, and connects from the ports between.
	 *
	 * @param base the first port of the block, a multiple of 16
	 */
	record PortBlock(int base) {

		/**
		 * Find a block whose member port is free, below the ephemeral port range.
		 * @return the block
		 */
		static PortBlock free() {
			for (int attempt = 0; attempt < 100; attempt++) {
				int base = ThreadLocalRandom.current().nextInt(20000 / 16, 32000 / 16) * 16;
				try (ServerSocket socket = new ServerSocket(base, 1, InetAddress.getLoopbackAddress())) {
					return new PortBlock(base);
				}
				catch (IOException ex) {
					// taken, try another
				}
			}
			throw new IllegalStateException("No free block of 16 ports found between 20000 and 32000");
		}

		/**
		 * Return the application arguments that make a member use this block.
		 * @return the arguments
		 */
		List<String> arguments() {
			return List.of("--dispatch.pubsub.port=" + this.base, "--dispatch.pubsub.port-auto-increment=false",
					"--dispatch.pubsub.message-port=" + (this.base + 15),
					"--dispatch.pubsub.outbound-ports=" + (this.base + 1) + "-" + (this.base + 14));
		}

	}

	private boolean installed;

	private LoopbackPartition() {
	}

	/**
	 * Check that this machine lets the test drop packets on the loopback device.
	 * @return the reason it does not, or empty when it does
	 */
	static Optional<String> unsupportedReason() {
		LoopbackPartition probe = new LoopbackPartition();
		try {
			probe.install();
			return Optional.empty();
		}
		catch (IllegalStateException ex) {
			return Optional.of(ex.getMessage());
		}
		finally {
			probe.close();
		}
	}

	/**
	 * Prepare the loopback device: all traffic passes until {@link #cut} is called.
	 * @return the partition
	 */
	static LoopbackPartition prepare() {
		LoopbackPartition partition = new LoopbackPartition();
		partition.install();
		return partition;
	}

	/**
	 * Drop every packet between a member of one side and a member of the other.
	 * @param side one side's members
	 * @param otherSide the other side's members
	 */
	void cut(List<PortBlock> side, List<PortBlock> otherSide) {
		for (PortBlock one : side) {
			for (PortBlock other : otherSide) {
				drop(one, other);
				drop(other, one);
			}
		}
	}

	/**
	 * Let every packet pass again.
	 */
	void heal() {
		tc("filter", "del", "dev", "lo", "parent", "1:", "prio", "1");
	}

	@Override
	public void close() {
		if (this.installed) {
			this.installed = false;
			run(List.of("tc", "qdisc", "del", "dev", "lo", "root"));
		}
	}

	private void install() {
		run(List.of("tc", "qdisc", "del", "dev", "lo", "root"));
		tc("qdisc", "add", "dev", "lo", "root", "handle", "1:", "htb", "default", "10", "r2q", "1000");
		this.installed = true;
		tc("class", "add", "dev", "lo", "parent", "1:", "classid", "1:10", "htb", "rate", "100gbit");
		tc("class", "add", "dev", "lo", "parent", "1:", "classid", "1:20", "htb", "rate", "8bit", "ceil", "8bit",
				"burst", "1", "cburst", "1");
		tc("qdisc", "add", "dev", "lo", "parent", "1:20", "handle", "20:", "pfifo", "limit", "0");
	}

	private void drop(PortBlock from, PortBlock to) {
		tc("filter", "add", "dev", "lo", "parent", "1:", "protocol", "ip", "prio", "1", "u32", "match", "ip", "sport",
				Integer.toString(from.base()), "0xfff0", "match", "ip", "dport", Integer.toString(to.base()), "0xfff0",
				"flowid", "1:20");
	}

	private static void tc(String... arguments) {
		List<String> command = new ArrayList<>(List.of("tc"));
		command.addAll(List.of(arguments));
		String failure = run(command);
		if (failure != null) {
			throw new IllegalStateException("'" + String.join(" ", command) + "' failed: " + failure);
		}
	}

	private static String run(List<String> command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
			if (!process.waitFor(10, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				return "timed out";
			}
			return (process.exitValue() == 0) ? null : "exit code " + process.exitValue() + ": " + output;
		}
		catch (IOException ex) {
			return ex.getMessage();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "interrupted";
		}
	}

}
