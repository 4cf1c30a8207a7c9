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

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import com.hazelcast.cluster.Member;
import com.hazelcast.core.HazelcastInstance;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.dispatch.security.ClusterSeal;
import dev.dispatch.security.ThrottledLog;

/**
 * The connections on which other nodes send this node their batches of frames, one per
 * sending node, each read by a thread of its own.
 * <p>
 * A connection speaks first: a hello ({@link LinkHello}) that names the sending node and,
 * sealed for this node, the UUID of its member. It is taken only if the hello opens with
 * the cluster's secret (when it has one, and never twice), the member with that UUID is
 * the one that holds the node id, and the connection comes from that member's address;
 * this node then answers one byte, and reads length-prefixed batches, each at most
 * {@code maxBatchBytes} long, until the connection ends. Nothing is read before the hello
 * is taken but the hello itself, whose parts are bounded; at most
 * {@value #MAX_UNIDENTIFIED} connections may wait for theirs, each at most 5 s. A node's
 * new connection replaces its old one, so that one node's batches are read in the order
 * it sent them.
 * <p>
 * Threads: the port's accepting thread hands each connection over; its reading thread
 * does the rest; the membership thread forgets departed nodes; the transport closes.
 *
 * @author Dispatch team
 */
final class InboundLinks implements AutoCloseable {

	/**
	 * The thread names of readers, which never publish themselves (see {@link Outbox}).
	 */
	static final String THREAD_PREFIX = "dispatch-in-";

	static final int MAX_UNIDENTIFIED = 16;

	private static final Log logger = LogFactory.getLog(InboundLinks.class);

	private static final int HELLO_TIMEOUT_MILLIS = 5000;

	private static final long HELLO_TIMEOUT_NANOS = TimeUnit.MILLISECONDS.toNanos(HELLO_TIMEOUT_MILLIS);

	private static final long MEMBER_WAIT_NANOS = TimeUnit.SECONDS.toNanos(2);

	private final HazelcastInstance hazelcast;

	private final String localNode;

	private final ClusterSeal seal;

	private final int maxBatchBytes;

	private final BatchReceiver receiver;

	private final Map<String, Link> links = new ConcurrentHashMap<>();

	/**
	 * The connections whose hello has not been taken yet, with when each was accepted.
	 */
	private final Map<Socket, Long> unidentified = new ConcurrentHashMap<>();

	private final AtomicInteger threads = new AtomicInteger();

	private final ThrottledLog refusals = new ThrottledLog(logger);

	private volatile boolean closed;

	InboundLinks(HazelcastInstance hazelcast, String localNode, ClusterSeal seal, int maxBatchBytes,
			BatchReceiver receiver) {
		this.hazelcast = hazelcast;
		this.localNode = localNode;
		this.seal = seal;
		this.maxBatchBytes = maxBatchBytes;
		this.receiver = receiver;
	}

	/**
	 * Take a connection that was just accepted, and read it on a thread of its own.
	 * @param socket the connection
	 */
	void accepted(Socket socket) {
		if (this.closed || !fromAMember(socket.getInetAddress())) {
			this.refusals.warn("Refused a connection from " + socket.getRemoteSocketAddress() + " to node "
					+ this.localNode + ": " + (this.closed ? "it is closing" : "no member has that address"));
			closeQuietly(socket);
			return;
		}
		makeRoom(System.nanoTime());
		this.unidentified.put(socket, System.nanoTime());
		Thread reader = ConnectionReaders.newThread(() -> read(socket), THREAD_PREFIX + this.threads.incrementAndGet());
		reader.setDaemon(true);
		reader.start();
	}

	/**
	 * Close the connections that did not say who they are within the time they had, and
	 * the oldest one if as many as allowed still wait.
	 */
	private void makeRoom(long now) {
		this.unidentified.forEach((waiting, accepted) -> {
			if (now - accepted > HELLO_TIMEOUT_NANOS) {
				refuse(waiting, "it did not say who it is within 5 s");
				closeQuietly(waiting);
				this.unidentified.remove(waiting);
			}
		});
		if (this.unidentified.size() >= MAX_UNIDENTIFIED) {
			this.unidentified.entrySet().stream().min(Map.Entry.comparingByValue()).ifPresent((oldest) -> {
				refuse(oldest.getKey(), "too many connections have not said who they are");
				closeQuietly(oldest.getKey());
				this.unidentified.remove(oldest.getKey());
			});
		}
	}

	/**
	 * Return how many bytes wait to be read, or as good as unbounded if that cannot be
	 * told: the read that follows reports what went wrong.
	 */
	private static int waiting(InputStream in) {
		try {
			return in.available();
		}
		catch (IOException ex) {
			return Integer.MAX_VALUE;
		}
	}

	private boolean fromAMember(InetAddress address) {
		for (Member member : this.hazelcast.getCluster().getMembers()) {
			if (comesFrom(member, address)) {
				return true;
			}
		}
		return false;
	}

	private void read(Socket socket) {
		String sender = null;
		try {
			socket.setTcpNoDelay(true);
			socket.setSoTimeout(HELLO_TIMEOUT_MILLIS);
			DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 64 * 1024));
			sender = identify(socket, in);
			if (sender == null) {
				return;
			}
			socket.setSoTimeout(0);
			while (!this.closed) {
				int length = in.readInt();
				if (length <= 0 || length > this.maxBatchBytes) {
					this.refusals.warn("Closed the connection of node " + sender + " to node " + this.localNode
							+ ": it announced a batch of " + length + " bytes, beyond the " + this.maxBatchBytes
							+ " allowed");
					return;
				}
				byte[] batch = new byte[length];
				in.readFully(batch);
				this.receiver.receive(sender, batch, waiting(in));
			}
		}
		catch (EOFException ex) {
			// the sender closed it
		}
		catch (IOException | RuntimeException ex) {
			if (!this.closed && !socket.isClosed()) {
				this.refusals.warn("The connection of " + ((sender != null) ? "node " + sender : "a sender")
						+ " to node " + this.localNode + " failed: " + ex.getMessage());
			}
		}
		finally {
			this.unidentified.remove(socket);
			if (sender != null) {
				this.links.computeIfPresent(sender, (node, link) -> (link.socket() == socket) ? null : link);
			}
			closeQuietly(socket);
		}
	}

	/**
	 * Read the hello, and return the node it proves the connection comes from, with the
	 * connection now its link, or {@code null} if it is refused.
	 */
	private @Nullable String identify(Socket socket, DataInputStream in) throws IOException {
		LinkHello hello = LinkHello.read(in);
		if (hello == null) {
			return refuse(socket, "it did not begin with a hello");
		}
		String node = printable(hello.node());
		byte[] opened = this.seal.openFrames(hello.node(), this.localNode, hello.sealedMember());
		LinkHello.Sealed sealed = (opened != null) ? LinkHello.Sealed.of(opened) : null;
		if (sealed == null) {
			return refuse(socket, "its hello, in the name of node " + node + ", did not open");
		}
		Member member = awaitMember(sealed.member());
		if (member == null || !NodeIds.of(member).equals(hello.node())
				|| !NodeIds.holdsId(member, this.hazelcast.getCluster().getMembers())) {
			return refuse(socket, "member " + sealed.member() + " does not hold node id " + node);
		}
		if (!comesFrom(member, socket.getInetAddress())) {
			return refuse(socket, "it does not come from the address of member " + member.getAddress());
		}
		Link link = new Link(socket, Thread.currentThread(), sealed);
		Link[] replaced = new Link[1];
		Link taken = this.links.compute(hello.node(), (id, current) -> {
			replaced[0] = current;
			return (current == null || link.isNewerThan(current)) ? link : current;
		});
		if (taken != link) {
			return refuse(socket, "node " + node + " has opened a newer connection since");
		}
		if (replaced[0] != null) {
			// the sender closed the old connection: its batches still on the way are read
			// before this one's first
			joinQuietly(replaced[0].reader());
			closeQuietly(replaced[0].socket());
		}
		if (this.closed) {
			closeQuietly(socket);
		}
		socket.getOutputStream().write(LinkHello.TAKEN);
		socket.getOutputStream().flush();
		this.unidentified.remove(socket);
		return hello.node();
	}

	private @Nullable Member awaitMember(UUID uuid) {
		long deadline = System.nanoTime() + MEMBER_WAIT_NANOS;
		while (!this.closed) {
			Member member = this.hazelcast.getCluster()
				.getMembers()
				.stream()
				.filter((candidate) -> candidate.getUuid().equals(uuid))
				.findFirst()
				.orElse(null);
			if (member != null || System.nanoTime() - deadline > 0) {
				return member;
			}
			LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
		}
		return null;
	}

	private static boolean comesFrom(Member member, InetAddress address) {
		try {
			return member.getAddress().getInetAddress().equals(address);
		}
		catch (UnknownHostException ex) {
			return false;
		}
	}

	private @Nullable String refuse(Socket socket, String why) {
		this.refusals.warn("Refused a connection from " + socket.getRemoteSocketAddress() + " to node " + this.localNode
				+ ": " + why);
		return null;
	}

	/**
	 * Close the connection of a node that left.
	 * @param node the node id
	 */
	void forget(String node) {
		Link link = this.links.remove(node);
		if (link != null) {
			closeQuietly(link.socket());
		}
	}

	/**
	 * Return the nodes whose connections are open.
	 */
	Set<String> linkedNodes() {
		return Set.copyOf(this.links.keySet());
	}

	@Override
	public void close() {
		this.closed = true;
		this.links.values().forEach((link) -> closeQuietly(link.socket()));
		this.unidentified.keySet().forEach(InboundLinks::closeQuietly);
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// nothing more to do
		}
	}

	private static void joinQuietly(Thread reader) {
		try {
			reader.join(HELLO_TIMEOUT_MILLIS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Where the batches of a node go, read on the thread of its connection.
	 */
	@FunctionalInterface
	interface BatchReceiver {

		/**
		 * Take a batch.
		 * @param sender the node the connection's hello proved
		 * @param batch the sealed batch
		 * @param waiting how many bytes from that node wait to be read after it
		 */
		void receive(String sender, byte[] batch, int waiting);

	}

	private record Link(Socket socket, Thread reader, LinkHello.Sealed sealed) {

		/**
		 * Whether this connection was opened after another one of its node: by another
		 * member, or later by the same one.
		 */
		boolean isNewerThan(Link other) {
			return !this.sealed.member().equals(other.sealed.member())
					|| this.sealed.opened() - other.sealed.opened() > 0;
		}

	}

	/**
	 * Return a node id as received, safe to log: at most 64 characters, nothing but
	 * printable ASCII.
	 */
	private static String printable(String node) {
		String shown = node.replaceAll("[^\\x20-\\x7E]", "?");
		return (shown.length() > 64) ? shown.substring(0, 64) + "..." : shown;
	}

}
