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

import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A connection to a node that stops reading never holds the thread that sends on it: what
 * the node does not take at once waits for the next batch or a flush.
 *
 * @author Dispatch team
 */
class OutboundLinkTests {

	private static final byte[] HELLO = { 'h', 'e', 'l', 'l', 'o' };

	private final ServerSocket server;

	private final CountDownLatch startReading = new CountDownLatch(1);

	private final AtomicLong received = new AtomicLong();

	OutboundLinkTests() throws IOException {
		this.server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
	}

	@AfterEach
	void close() throws IOException {
		this.startReading.countDown();
		this.server.close();
	}

	@Test
	void aNodeThatStopsReadingNeverHoldsTheSenderAndWhatItLeftIsSentOnceItReadsAgain() throws Exception {
		CompletableFuture<Void> node = CompletableFuture.runAsync(this::takeTheHelloThenReadWhenAllowed);
		OutboundLink link = new OutboundLink("node", new Loopback(this.server.getLocalPort()), 1 << 20);
		byte[] batch = new byte[256 * 1024];
		CompletableFuture<Long> sender = CompletableFuture.supplyAsync(() -> {
			long sent = 0;
			for (int i = 0; i < 1000 && (sent == 0 || link.isReady()); i++) {
				link.accept(batch);
				sent += 4 + batch.length;
			}
			return sent;
		});
		await().atMost(5, TimeUnit.SECONDS).until(sender::isDone);
		long sent = sender.get();
		assertThat(link.isReady()).as("a batch left waiting for the node").isFalse();
		assertThat(sent).isLessThan(1000L * (4 + batch.length));
		this.startReading.countDown();
		link.flush();
		assertThat(link.isReady()).isTrue();
		await().atMost(5, TimeUnit.SECONDS).until(() -> this.received.get() == sent);
		link.close();
		node.get(5, TimeUnit.SECONDS);
	}

	private void takeTheHelloThenReadWhenAllowed() {
		try (Socket socket = this.server.accept()) {
			DataInputStream in = new DataInputStream(socket.getInputStream());
			in.readFully(new byte[HELLO.length]);
			socket.getOutputStream().write(LinkHello.TAKEN);
			this.startReading.await();
			byte[] buffer = new byte[64 * 1024];
			int read;
			while ((read = in.read(buffer)) >= 0) {
				this.received.addAndGet(read);
			}
		}
		catch (IOException ex) {
			// the link closed
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private record Loopback(int port) implements OutboundLink.Target {

		@Override
		public InetSocketAddress[] addresses() {
			return new InetSocketAddress[] { new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
					new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port) };
		}

		@Override
		public byte[] hello() {
			return HELLO;
		}

		@Override
		public List<Integer> outboundPorts() {
			return List.of();
		}

	}

}
