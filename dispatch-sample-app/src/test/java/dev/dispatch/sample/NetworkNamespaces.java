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
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Network namespaces that stand for the pods of a Kubernetes cluster: each has its own
 * network stack, with a loopback device and an {@code eth0} linked to a bridge that this
 * class creates, and its own address in a {@code 10.251.N.0/24} network that no interface
 * of the machine used. A name resolves inside the namespaces to the addresses of all of
 * them, as the DNS name of a headless Service does, through the hosts file that
 * {@code ip netns exec} mounts over {@code /etc/hosts}; that file also maps the machine's
 * host name to the namespace's own address, as the kubelet does for a pod. The bridge has
 * the network's first address, so that this JVM reaches the namespaces.
 * <p>
 * Concurrent runs cannot meet: a run takes the network {@code N} by locking a file named
 * after it, and every name it creates contains {@code N}; what a killed run left behind
 * under a free {@code N} is removed before it is used again. {@link #close()} removes
 * everything. Needs root and {@code ip} (iproute2).
 *
 * @author Dispatch team
 */
final class NetworkNamespaces implements AutoCloseable {

	private static final String PREFIX = "10.251.";

	private final int network;

	private final int size;

	private final String serviceName;

	private final FileChannel lockFile;

	private final FileLock lock;

	private NetworkNamespaces(int network, int size, FileChannel lockFile, FileLock lock) {
		this.network = network;
		this.size = size;
		this.serviceName = "uploader.dispatch-" + network + ".svc.test";
		this.lockFile = lockFile;
		this.lock = lock;
	}

	/**
	 * Check that this machine lets the test make network namespaces.
	 * @return the reason it does not, or empty when it does
	 */
	static Optional<String> unsupportedReason() {
		String probe = "dispatch-probe-" + ProcessHandle.current().pid();
		String failure = run(List.of("ip", "netns", "add", probe));
		run(List.of("ip", "netns", "del", probe));
		return Optional.ofNullable(failure).map((reason) -> "'ip netns add' failed: " + reason);
	}

	/**
	 * Create namespaces on a bridge of their own.
	 * @param size how many namespaces
	 * @return the namespaces
	 */
	static NetworkNamespaces create(int size) {
		long pid = ProcessHandle.current().pid();
		for (int attempt = 0; attempt < 256; attempt++) {
			int network = (int) ((pid + attempt) % 256);
			NetworkNamespaces namespaces = reserve(network, size);
			if (namespaces != null) {
				try {
					namespaces.removeLeftovers();
					namespaces.build();
					return namespaces;
				}
				catch (RuntimeException ex) {
					namespaces.close();
					throw ex;
				}
			}
		}
		throw new IllegalStateException("No free network " + PREFIX + "N.0/24 for the namespaces");
	}

	private static NetworkNamespaces reserve(int network, int size) {
		try {
			Path path = Path.of(System.getProperty("java.io.tmpdir"), "dispatch-netns-" + network + ".lock");
			FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
			FileLock lock = channel.tryLock();
			if (lock == null || isUsedByOthers(network)) {
				if (lock != null) {
					lock.release();
				}
				channel.close();
				return null;
			}
			return new NetworkNamespaces(network, size, channel, lock);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Return whether an interface of the machine, other than a bridge that a killed run
	 * left behind, has an address in the network.
	 */
	private static boolean isUsedByOthers(int network) {
		String leftover = "dsp" + network + "br";
		return output(List.of("ip", "-o", "-4", "addr", "show")).lines()
			.filter((line) -> line.contains(" " + PREFIX + network + "."))
			.anyMatch((line) -> !line.split("\\s+")[1].equals(leftover));
	}

	/**
	 * Return the name of namespace {@code index}.
	 * @param index from 0
	 * @return the name
	 */
	String name(int index) {
		return "dispatch-" + this.network + "-pod-" + (index + 1);
	}

	/**
	 * Return the address of namespace {@code index}.
	 * @param index from 0
	 * @return the address
	 */
	String address(int index) {
		return PREFIX + this.network + "." + (index + 2);
	}

	/**
	 * Return the name that resolves, inside the namespaces, to all their addresses.
	 * @return the service's DNS name
	 */
	String serviceName() {
		return this.serviceName;
	}

	/**
	 * Return the command that runs a program inside namespace {@code index}.
	 * @param index from 0
	 * @return the start of the command
	 */
	List<String> exec(int index) {
		return List.of("ip", "netns", "exec", name(index));
	}

	/**
	 * Return the listening TCP sockets of a process in namespace {@code index}, as
	 * {@code ss} prints their local address and port, an IPv4-mapped IPv6 address as the
	 * IPv4 address it maps.
	 * @param index from 0
	 * @param pid the process
	 * @return the local addresses, such as {@code 10.251.7.2:5701} or {@code *:8080}
	 */
	List<String> listeningSockets(int index, long pid) {
		List<String> command = new ArrayList<>(exec(index));
		command.addAll(List.of("ss", "-H", "-t", "-l", "-n", "-p"));
		return output(command).lines()
			.filter((line) -> line.contains("pid=" + pid + ","))
			.map((line) -> line.trim().split("\\s+")[3])
			.map((socket) -> socket.replaceFirst("^\\[::ffff:([0-9.]+)]", "$1"))
			.toList();
	}

	/**
	 * Describe the namespaces in one line.
	 * @return the description
	 */
	String describe() {
		return this.size + " namespaces " + name(0) + ".." + (this.size) + " on bridge " + bridge() + " (" + PREFIX
				+ this.network + ".0/24); " + this.serviceName + " -> "
				+ IntStream.range(0, this.size).mapToObj(this::address).collect(Collectors.joining(", "));
	}

	@Override
	public void close() {
		try {
			removeLeftovers();
		}
		finally {
			try {
				this.lock.release();
				this.lockFile.close();
			}
			catch (IOException ex) {
				// the lock goes with the process anyway
			}
		}
	}

	private void build() {
		ip("link", "add", bridge(), "type", "bridge");
		ip("addr", "add", PREFIX + this.network + ".1/24", "dev", bridge());
		ip("link", "set", bridge(), "up");
		String hostName = hostName();
		StringBuilder hosts = new StringBuilder("127.0.0.1 localhost\n");
		for (int i = 0; i < this.size; i++) {
			hosts.append(address(i)).append(' ').append(this.serviceName).append('\n');
		}
		for (int i = 0; i < this.size; i++) {
			String namespace = name(i);
			ip("netns", "add", namespace);
			ip("link", "add", hostSide(i), "type", "veth", "peer", "name", podSide(i));
			ip("link", "set", podSide(i), "netns", namespace);
			ip("link", "set", hostSide(i), "master", bridge(), "up");
			ip("-n", namespace, "link", "set", podSide(i), "name", "eth0");
			ip("-n", namespace, "addr", "add", address(i) + "/24", "dev", "eth0");
			ip("-n", namespace, "link", "set", "eth0", "up");
			ip("-n", namespace, "link", "set", "lo", "up");
			writeHosts(namespace, hosts + address(i) + " " + hostName + "\n");
		}
	}

	private void removeLeftovers() {
		for (int i = 0; i < this.size; i++) {
			run(List.of("ip", "netns", "del", name(i)));
			run(List.of("ip", "link", "del", hostSide(i)));
			deleteHosts(name(i));
		}
		run(List.of("ip", "link", "del", bridge()));
	}

	private String bridge() {
		return "dsp" + this.network + "br";
	}

	private String hostSide(int index) {
		return "dsp" + this.network + "h" + (index + 1);
	}

	private String podSide(int index) {
		return "dsp" + this.network + "p" + (index + 1);
	}

	private static void writeHosts(String namespace, String hosts) {
		try {
			Path directory = Files.createDirectories(Path.of("/etc/netns", namespace));
			Files.writeString(directory.resolve("hosts"), hosts);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write the hosts file of " + namespace, ex);
		}
	}

	private static void deleteHosts(String namespace) {
		try {
			Path directory = Path.of("/etc/netns", namespace);
			Files.deleteIfExists(directory.resolve("hosts"));
			Files.deleteIfExists(directory);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not remove the hosts file of " + namespace, ex);
		}
	}

	private static String hostName() {
		try {
			return Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void ip(String... arguments) {
		List<String> command = new ArrayList<>(List.of("ip"));
		command.addAll(List.of(arguments));
		String failure = run(command);
		if (failure != null) {
			throw new IllegalStateException("'" + String.join(" ", command) + "' failed: " + failure);
		}
	}

	private static String output(List<String> command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
				throw new IllegalStateException("'" + String.join(" ", command) + "' failed: " + output.trim());
			}
			return output;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while running " + command, ex);
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
