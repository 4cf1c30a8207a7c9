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
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import dev.dispatch.DispatchException;

/**
 * The connection on which this node sends its batches of frames to one other node's
 * {@link MessagePort}, opened at the first batch and again after a failure. Each batch
 * goes as its length and its bytes, written by the one thread that publishes the node's
 * {@link Outbox} at a time, so batches arrive in the order published.
 * <p>
 * Nothing waits without a bound: a connection must be made within 2 s, and its hello
 * taken and each batch written within 10 s (a node that stops reading), or the connection
 * is closed and the batch fails.
 * <p>
 * Threads: the outbox's publishing thread sends; the membership thread or the transport
 * closes.
 *
 * @author Dispatch team
 */
final class OutboundLink implements Consumer<byte[]>, AutoCloseable {

	private static final int CONNECT_TIMEOUT_MILLIS = 2000;

	private static final long WRITE_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);

	private final String node;

	private final Target target;

	private final int maxBatchBytes;

	private final ByteBuffer probe = ByteBuffer.allocate(1);

	private volatile @Nullable SocketChannel channel;

	private volatile @Nullable Selector selector;

	private @Nullable SelectionKey key;

	private ByteBuffer @Nullable [] unsent;

	private long unsentDeadline;

	private volatile boolean closed;

	/**
	 * Create the link to a node, not yet connected.
	 * @param node the node id
	 * @param target where the node is, and the hello to greet it with
	 * @param maxBatchBytes the longest batch the node takes
	 */
	OutboundLink(String node, Target target, int maxBatchBytes) {
		this.node = node;
		this.target = target;
		this.maxBatchBytes = maxBatchBytes;
	}

	@Override
	public void accept(byte[] batch) {
		if (batch.length > this.maxBatchBytes) {
			throw new DispatchException("A batch of " + batch.length + " bytes is longer than the " + this.maxBatchBytes
					+ " that node " + this.node + " takes");
		}
		try {
			if (this.channel != null && closedByPeer()) {
				disconnect();
			}
			if (this.channel == null) {
				connect();
			}
			finishUnsent();
			ByteBuffer[] buffers = { ByteBuffer.allocate(4).putInt(0, batch.length), ByteBuffer.wrap(batch) };
			channel().write(buffers);
			if (buffers[1].hasRemaining()) {
				// the node does not take it all now: the rest waits for the next batch or
				// flush(), not on this thread
				this.unsent = buffers;
				this.unsentDeadline = System.nanoTime() + WRITE_TIMEOUT_NANOS;
			}
		}
		catch (IOException | ClosedSelectorException ex) {
			disconnect();
			throw new DispatchException("The connection to node " + this.node + " failed: " + ex.getMessage(), ex);
		}
	}

	/**
	 * Return whether a batch sent now goes at once: the connection is made and nothing
	 * sent before still waits for the node to take it.
	 */
	boolean isReady() {
		return this.channel != null && this.unsent == null;
	}

	/**
	 * Wait, within its deadline, for the node to take what an earlier batch left unsent.
	 * @throws DispatchException if the node does not take it in time
	 */
	void flush() {
		try {
			finishUnsent();
		}
		catch (IOException | ClosedSelectorException ex) {
			disconnect();
			throw new DispatchException("The connection to node " + this.node + " failed: " + ex.getMessage(), ex);
		}
	}

	private void finishUnsent() throws IOException {
		ByteBuffer[] rest = this.unsent;
		if (rest != null) {
			this.unsent = null;
			write(rest, this.unsentDeadline);
		}
	}

	/**
	 * Return whether the node closed the connection: it never writes on it after the
	 * hello's answer, so anything to read is its end.
	 */
	private boolean closedByPeer() throws IOException {
		try {
			this.probe.clear();
			return channel().read(this.probe) != 0;
		}
		catch (IOException ex) {
			return true;
		}
	}

	private void connect() throws IOException {
		if (this.closed) {
			throw new IOException("the link is closed");
		}
		InetSocketAddress[] addresses = this.target.addresses();
		SocketChannel opened = SocketChannel.open();
		Selector ready = null;
		try {
			opened.setOption(StandardSocketOptions.TCP_NODELAY, true);
			opened.setOption(StandardSocketOptions.SO_REUSEADDR, true);
			bind(opened, addresses[0]);
			opened.socket().connect(addresses[1], CONNECT_TIMEOUT_MILLIS);
			opened.configureBlocking(false);
			ready = Selector.open();
			this.key = opened.register(ready, 0);
			this.channel = opened;
			this.selector = ready;
			if (this.closed) {
				throw new IOException("the link is closed");
			}
			long deadline = System.nanoTime() + WRITE_TIMEOUT_NANOS;
			write(new ByteBuffer[] { ByteBuffer.wrap(this.target.hello()) }, deadline);
			awaitTaken(deadline);
		}
		catch (IOException | RuntimeException ex) {
			this.channel = null;
			this.selector = null;
			opened.close();
			if (ready != null) {
				ready.close();
			}
			throw ex;
		}
	}

	private void bind(SocketChannel opened, InetSocketAddress local) throws IOException {
		List<Integer> ports = this.target.outboundPorts();
		if (ports.isEmpty()) {
			opened.bind(local);
			return;
		}
		int start = ThreadLocalRandom.current().nextInt(ports.size());
		for (int i = 0; i < ports.size(); i++) {
			try {
				opened.bind(new InetSocketAddress(local.getAddress(), ports.get((start + i) % ports.size())));
				return;
			}
			catch (BindException ex) {
				// taken: try the next
			}
		}
		throw new BindException("none of the " + ports.size() + " outbound ports is free");
	}

	private void write(ByteBuffer[] buffers, long deadline) throws IOException {
		SocketChannel open = channel();
		ByteBuffer last = buffers[buffers.length - 1];
		open.write(buffers);
		while (last.hasRemaining()) {
			await(SelectionKey.OP_WRITE, deadline, "take what was sent");
			open.write(buffers);
		}
	}

	private void awaitTaken(long deadline) throws IOException {
		ByteBuffer answer = ByteBuffer.allocate(1);
		SocketChannel open = channel();
		while (open.read(answer) == 0) {
			await(SelectionKey.OP_READ, deadline, "answer the hello");
		}
		if (answer.position() == 0 || answer.get(0) != LinkHello.TAKEN) {
			throw new IOException("node " + this.node + " refused the connection (see its log)");
		}
	}

	private void await(int operation, long deadline, String what) throws IOException {
		long left = deadline - System.nanoTime();
		Selector ready = this.selector;
		SelectionKey waiting = this.key;
		if (left <= 0 || ready == null || waiting == null) {
			throw new IOException("node " + this.node + " did not " + what + " within "
					+ TimeUnit.NANOSECONDS.toSeconds(WRITE_TIMEOUT_NANOS) + " s");
		}
		waiting.interestOps(operation);
		ready.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
		ready.selectedKeys().clear();
	}

	private SocketChannel channel() throws IOException {
		SocketChannel open = this.channel;
		if (open == null || this.closed) {
			throw new IOException("the link is closed");
		}
		return open;
	}

	private void disconnect() {
		this.unsent = null;
		SocketChannel open = this.channel;
		Selector ready = this.selector;
		this.channel = null;
		this.selector = null;
		closeQuietly(open, ready);
	}

	/**
	 * Close the connection for good; a batch being written fails.
	 */
	@Override
	public void close() {
		this.closed = true;
		closeQuietly(this.channel, this.selector);
	}

	private static void closeQuietly(@Nullable SocketChannel open, @Nullable Selector ready) {
		try {
			if (open != null) {
				open.close();
			}
			if (ready != null) {
				ready.close();
			}
		}
		catch (IOException ex) {
			// nothing more to do
		}
	}

	/**
	 * Where a node is found, and what greets it.
	 */
	interface Target {

		/**
		 * Return the local address to connect from and the node's message port.
		 * @return the two addresses, local first
		 * @throws IOException if the node is not a member or announces no port
		 */
		InetSocketAddress[] addresses() throws IOException;

		/**
		 * Return a new hello for the node.
		 * @return the hello's bytes
		 */
		byte[] hello();

		/**
		 * Return the ports to connect from.
		 * @return the ports, empty for any
		 */
		List<Integer> outboundPorts();

	}

}
