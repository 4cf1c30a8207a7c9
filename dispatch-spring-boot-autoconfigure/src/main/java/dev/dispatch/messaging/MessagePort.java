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

package dev.dispatch.messaging;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import com.hazelcast.cluster.Member;
import com.hazelcast.config.Config;
import com.hazelcast.config.InterfacesConfig;
import com.hazelcast.internal.util.AddressUtil;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

import dev.dispatch.security.ThrottledLog;

/**
 * The port on which this node takes the messages of other nodes, over connections of
 * their own rather than Hazelcast's topics. It is bound before the member starts, on the
 * interface the member binds, and announced to the other members in the member's
 * {@value #ATTRIBUTE} attribute, which every member sees as soon as it sees the member.
 * <p>
 * A port of {@code -1} means none: this node's messages then travel over Hazelcast's
 * topics, as they do to members that announce no port (members the application starts
 * itself).
 * <p>
 * Threads: the thread that creates the member binds; one daemon thread accepts, from
 * {@link #accept(Consumer)} until {@link #close()}.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
public final class MessagePort implements AutoCloseable {

	/**
	 * The member attribute that holds the port.
	 */
	public static final String ATTRIBUTE = "dispatch.message-port";

	private static final Log logger = LogFactory.getLog(MessagePort.class);

	private final int requestedPort;

	private final ThrottledLog failures = new ThrottledLog(logger);

	private final List<Integer> outboundPorts;

	private volatile @Nullable ServerSocket server;

	private volatile boolean closed;

	/**
	 * Create a port, not yet bound.
	 * @param port the port, {@code 0} for any free one, {@code -1} for none
	 */
	public MessagePort(int port) {
		this(port, List.of());
	}

	/**
	 * Create a port, not yet bound, whose node connects to the others from some ports
	 * only.
	 * @param port the port, {@code 0} for any free one, {@code -1} for none
	 * @param outboundPorts the ports to connect from, as Hazelcast's outbound port
	 * definitions ({@code 33000-35000}, {@code 38000,38500-38600}, {@code *}); none or
	 * {@code *} for any
	 */
	public MessagePort(int port, List<String> outboundPorts) {
		Assert.isTrue(port >= -1 && port <= 65535, () -> "The message port must be -1 (none), 0 (any free port) "
				+ "or a port from 1 to 65535, but was " + port);
		this.requestedPort = port;
		this.outboundPorts = parse(outboundPorts);
	}

	private static List<Integer> parse(List<String> definitions) {
		List<Integer> ports = new ArrayList<>();
		for (String definition : definitions) {
			for (String part : definition.split("[,;]")) {
				String range = part.trim();
				if (range.equals("*") || range.equals("0")) {
					return List.of();
				}
				if (range.isEmpty()) {
					continue;
				}
				String[] bounds = range.split("-", 2);
				int first = Integer.parseInt(bounds[0].trim());
				int last = (bounds.length > 1) ? Integer.parseInt(bounds[1].trim()) : first;
				Assert.isTrue(first > 0 && first <= last && last <= 65535,
						() -> "An outbound port range must be of ports from 1 to 65535, but was '" + range + "'");
				for (int port = first; port <= last; port++) {
					ports.add(port);
				}
			}
		}
		return List.copyOf(ports);
	}

	/**
	 * Return the ports that connections to other nodes are made from.
	 * @return the ports, empty for any
	 */
	List<Integer> outboundPorts() {
		return this.outboundPorts;
	}

	/**
	 * Bind the port on the interface that a member about to start binds, and announce it
	 * in the member's attributes. Does nothing for a port of {@code -1}.
	 * @param config the configuration of the member
	 * @throws IOException if the port cannot be bound
	 */
	public synchronized void bindBeside(Config config) throws IOException {
		if (this.requestedPort < 0 || this.server != null || this.closed) {
			return;
		}
		ServerSocket socket = new ServerSocket();
		try {
			socket.bind(
					new InetSocketAddress(bindAddress(config.getNetworkConfig().getInterfaces()), this.requestedPort),
					64);
		}
		catch (IOException ex) {
			socket.close();
			throw ex;
		}
		this.server = socket;
		config.getMemberAttributeConfig().setAttribute(ATTRIBUTE, Integer.toString(socket.getLocalPort()));
	}

	/**
	 * Return the port asked for.
	 * @return the port, {@code 0} for any free one, {@code -1} for none
	 */
	public int getRequestedPort() {
		return this.requestedPort;
	}

	/**
	 * Return whether the port is bound.
	 */
	public boolean isBound() {
		return this.server != null;
	}

	/**
	 * Return the bound port.
	 * @return the port, or {@code -1} if none is bound
	 */
	public int getLocalPort() {
		ServerSocket socket = this.server;
		return (socket != null) ? socket.getLocalPort() : -1;
	}

	/**
	 * Start accepting connections, each handed to {@code accepted} on the accepting
	 * thread, which must not block on it.
	 * @param accepted what takes each connection
	 */
	synchronized void accept(Consumer<Socket> accepted) {
		ServerSocket socket = this.server;
		if (socket == null || this.closed) {
			return;
		}
		Thread acceptor = new Thread(() -> acceptAll(socket, accepted), "dispatch-accept-" + socket.getLocalPort());
		acceptor.setDaemon(true);
		acceptor.start();
	}

	private void acceptAll(ServerSocket socket, Consumer<Socket> accepted) {
		while (!this.closed) {
			try {
				accepted.accept(socket.accept());
			}
			catch (IOException | RuntimeException | OutOfMemoryError ex) {
				if (!this.closed) {
					// out of file descriptors or threads, say: wait rather than spin
					this.failures
						.warn("Could not accept a connection on message port " + socket.getLocalPort() + ": " + ex);
					LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
				}
			}
		}
	}

	/**
	 * Stop accepting connections and free the port.
	 */
	@Override
	public synchronized void close() {
		this.closed = true;
		ServerSocket socket = this.server;
		if (socket != null) {
			try {
				socket.close();
			}
			catch (IOException ex) {
				logger.debug("Could not close message port " + socket.getLocalPort(), ex);
			}
		}
	}

	// the bound socket, for tests
	@Nullable ServerSocket server() {
		return this.server;
	}

	/**
	 * Return the message port a member announces.
	 * @param member the member
	 * @return the port, or {@code -1} if it announces none
	 */
	static int of(Member member) {
		String port = member.getAttribute(ATTRIBUTE);
		try {
			int value = (port != null) ? Integer.parseInt(port) : -1;
			return (value > 0 && value <= 65535) ? value : -1;
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

	private static boolean matches(InetAddress address, String mask) {
		try {
			return mask.equals(address.getHostAddress()) || AddressUtil.matchInterface(address.getHostAddress(), mask);
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	/**
	 * The address the member binds: the first local address that one of its interfaces
	 * names or (a mask such as {@code 10.0.*.*}) matches, or every interface if it names
	 * none.
	 */
	private static InetAddress bindAddress(InterfacesConfig interfaces) throws IOException {
		if (!interfaces.isEnabled() || interfaces.getInterfaces().isEmpty()) {
			return new InetSocketAddress(0).getAddress();
		}
		List<InetAddress> local = new ArrayList<>();
		for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
			local.addAll(Collections.list(network.getInetAddresses()));
		}
		for (String entry : interfaces.getInterfaces()) {
			String mask = entry.trim();
			for (InetAddress address : local) {
				if (matches(address, mask)) {
					return address;
				}
			}
			if (!mask.matches("[0-9.*-]+")) {
				InetAddress named = InetAddress.getByName(mask);
				if (local.contains(named)) {
					return named;
				}
			}
		}
		throw new SocketException("No local address is one of the member's interfaces " + interfaces.getInterfaces());
	}

}
