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

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import com.hazelcast.core.HazelcastInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.context.ConfigurableApplicationContext;

import dev.dispatch.DispatchRegistry;
import dev.dispatch.DispatchTemplate;
import dev.dispatch.ServiceRef;
import dev.dispatch.security.ClusterSeal;
import dev.dispatch.test.Counter;
import dev.dispatch.test.TestCluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Nodes send each other messages on connections of their own to each other's message
 * port, in order, and a connection that does not prove which member it speaks for is
 * refused before it costs anything.
 *
 * @author Dispatch team
 */
@Timeout(120)
class MessagePortIntegrationTests {

	private static final Duration PATIENCE = Duration.ofSeconds(10);

	private static final String SECRET = "dispatch.security.secret=s3cr3t-shared-by-the-cluster-0123456789";

	private final TestCluster cluster = new TestCluster(2);

	private final List<Socket> sockets = new ArrayList<>();

	@AfterEach
	void stop() throws IOException {
		for (Socket socket : this.sockets) {
			socket.close();
		}
		this.cluster.close();
	}

	@Test
	void castsAndCallsGoOnTheNodesOwnConnectionInTheOrderSentAndNotOverTheTopic() {
		TwoNodes nodes = twoNodesWithACounterOnB();
		ConfigurableApplicationContext nodeA = nodes.a();
		ConfigurableApplicationContext nodeB = nodes.b();
		String type = nodes.type();
		Counter counter = nodes.counter();
		ServiceRef onB = nodes.onB();
		AtomicInteger overTheTopic = new AtomicInteger();
		nodeB.getBean(HazelcastInstance.class)
			.getTopic(ClusterTransport.INBOX_PREFIX + onB.node())
			.addMessageListener((message) -> overTheTopic.incrementAndGet());
		DispatchTemplate templateA = nodeA.getBean(DispatchTemplate.class);
		IntStream.rangeClosed(1, 2000).forEach((value) -> templateA.cast(type, "k", new Counter.Add(value)));
		assertThat(templateA.call(type, "k", new Counter.Get(), Integer.class, PATIENCE)).isEqualTo(2000);
		assertThat(counter.getReceived()).containsExactlyElementsOf(IntStream.rangeClosed(1, 2000).boxed().toList());
		assertThat(nodeB.getBean(ClusterTransport.class).links().linkedNodes()).containsExactly(localNode(nodeA));
		assertThat(overTheTopic).hasValue(0);
	}

	@Test
	void aConnectionThatTheReceiverClosedIsOpenedAgainBeforeTheNextBatchSoThatNothingIsLost() {
		TwoNodes nodes = twoNodesWithACounterOnB();
		ConfigurableApplicationContext nodeA = nodes.a();
		ConfigurableApplicationContext nodeB = nodes.b();
		String type = nodes.type();
		Counter counter = nodes.counter();
		DispatchTemplate templateA = nodeA.getBean(DispatchTemplate.class);
		InboundLinks linksOfB = linkedByAFirstCast(nodes);
		linksOfB.forget(localNode(nodeA));
		await().atMost(PATIENCE).until(() -> linksOfB.linkedNodes().isEmpty());
		templateA.cast(type, "k", new Counter.Add(2));
		assertThat(templateA.call(type, "k", new Counter.Get(), Integer.class, PATIENCE)).isEqualTo(2);
		assertThat(counter.getReceived()).containsExactly(1, 2);
	}

	@Test
	void aConnectionThatDoesNotBeginWithAHelloIsClosed() throws IOException {
		ConfigurableApplicationContext node = this.cluster.start(0, List.of());
		Socket socket = connect(node);
		socket.getOutputStream().write("GET / HTTP/1.1\r\n\r\n".getBytes());
		assertThat(socket.getInputStream().read()).isEqualTo(-1);
		assertThat(node.getBean(ClusterTransport.class).links().linkedNodes()).isEmpty();
	}

	@Test
	void aHelloWithOversizedPartsIsRefusedBeforeAnythingIsAllocatedForThem() throws IOException {
		ConfigurableApplicationContext node = this.cluster.start(0, List.of());
		Socket longId = connect(node);
		DataOutputStream out = new DataOutputStream(longId.getOutputStream());
		out.writeInt(LinkHello.MAGIC);
		out.writeShort(65535);
		assertThat(longId.getInputStream().read()).isEqualTo(-1);
		Socket longSeal = connect(node);
		out = new DataOutputStream(longSeal.getOutputStream());
		out.writeInt(LinkHello.MAGIC);
		out.writeShort(1);
		out.write('a');
		out.writeInt(Integer.MAX_VALUE);
		assertThat(longSeal.getInputStream().read()).isEqualTo(-1);
	}

	@Test
	void aHelloThatDoesNotOpenWithTheSecretOrIsReplayedIsRefused() throws IOException {
		ConfigurableApplicationContext nodeA = this.cluster.start(0, List.of(), SECRET);
		ConfigurableApplicationContext nodeB = this.cluster.start(1, List.of(), SECRET);
		String a = localNode(nodeA);
		String b = localNode(nodeB);
		UUID memberA = nodeA.getBean(HazelcastInstance.class).getCluster().getLocalMember().getUuid();
		ClusterSeal sealOfB = nodeB.getBean(ClusterSeal.class);
		ClusterSeal otherSecret = ClusterSeal.withSecret("another-secret-that-the-cluster-does-not-hold", null,
				System::currentTimeMillis);
		Socket forged = connect(nodeB);
		forged.getOutputStream().write(LinkHello.write(a, memberA, otherSecret, b));
		assertThat(forged.getInputStream().read()).isEqualTo(-1);
		assertThat(sealOfB.rejected(ClusterSeal.FRAMES, ClusterSeal.UNAUTHENTICATED)).isEqualTo(1);

		byte[] captured = LinkHello.write(a, memberA, nodeA.getBean(ClusterSeal.class), b);
		Socket first = connect(nodeB);
		first.getOutputStream().write(captured);
		assertThat(first.getInputStream().read()).isEqualTo(LinkHello.TAKEN);
		Socket replayed = connect(nodeB);
		replayed.getOutputStream().write(captured);
		assertThat(replayed.getInputStream().read()).isEqualTo(-1);
		assertThat(sealOfB.rejected(ClusterSeal.FRAMES, ClusterSeal.REPLAYED)).isEqualTo(1);
	}

	@Test
	void aHelloInTheNameOfANodeThatNoMemberHoldsIsRefused() throws IOException {
		ConfigurableApplicationContext node = this.cluster.start(0, List.of());
		Socket socket = connect(node);
		socket.getOutputStream()
			.write(LinkHello.write("no-such-node", UUID.randomUUID(), ClusterSeal.open(), localNode(node)));
		assertThat(socket.getInputStream().read()).isEqualTo(-1);
		assertThat(node.getBean(ClusterTransport.class).links().linkedNodes()).isEmpty();
	}

	@Test
	void aBatchLongerThanAllowedEndsItsConnectionAndTheNodeStillServes() throws IOException {
		TwoNodes nodes = twoNodesWithACounterOnB();
		ConfigurableApplicationContext nodeA = nodes.a();
		ConfigurableApplicationContext nodeB = nodes.b();
		String type = nodes.type();
		Counter counter = nodes.counter();
		UUID memberA = nodeA.getBean(HazelcastInstance.class).getCluster().getLocalMember().getUuid();
		Socket impostor = connect(nodeB);
		impostor.getOutputStream()
			.write(LinkHello.write(localNode(nodeA), memberA, ClusterSeal.open(), localNode(nodeB)));
		InputStream in = impostor.getInputStream();
		assertThat(in.read()).isEqualTo(LinkHello.TAKEN);
		new DataOutputStream(impostor.getOutputStream()).writeInt(Integer.MAX_VALUE);
		assertThat(in.read()).isEqualTo(-1);
		DispatchTemplate templateA = nodeA.getBean(DispatchTemplate.class);
		await().atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> {
			templateA.cast(type, "k", new Counter.Add(1));
			assertThat(templateA.call(type, "k", new Counter.Get(), Integer.class, Duration.ofSeconds(1))).isPositive();
		});
	}

	@Test
	void whenTooManyConnectionsHaveNotSaidWhoTheyAreTheOldestIsClosedForTheNewest() throws IOException {
		ConfigurableApplicationContext node = this.cluster.start(0, List.of());
		List<Socket> silent = new ArrayList<>();
		for (int i = 0; i < InboundLinks.MAX_UNIDENTIFIED; i++) {
			silent.add(connect(node));
		}
		Socket newest = connect(node);
		assertThat(silent.get(0).getInputStream().read()).isEqualTo(-1);
		newest.setSoTimeout(200);
		assertThatIsStillOpen(newest);
	}

	@Test
	void aHelloOlderThanTheConnectionItWouldReplaceIsRefusedAndTheLiveOneKept() throws IOException {
		TwoNodes nodes = twoNodesWithACounterOnB();
		ConfigurableApplicationContext nodeA = nodes.a();
		ConfigurableApplicationContext nodeB = nodes.b();
		String type = nodes.type();
		Counter counter = nodes.counter();
		DispatchTemplate templateA = nodeA.getBean(DispatchTemplate.class);
		InboundLinks linksOfB = linkedByAFirstCast(nodes);
		UUID memberA = nodeA.getBean(HazelcastInstance.class).getCluster().getLocalMember().getUuid();
		Socket stale = connect(nodeB);
		stale.getOutputStream()
			.write(LinkHello.write(localNode(nodeA), memberA, System.nanoTime() - TimeUnit.HOURS.toNanos(1),
					ClusterSeal.open(), localNode(nodeB)));
		assertThat(stale.getInputStream().read()).isEqualTo(-1);
		templateA.cast(type, "k", new Counter.Add(2));
		assertThat(templateA.call(type, "k", new Counter.Get(), Integer.class, PATIENCE)).isEqualTo(2);
		assertThat(counter.getReceived()).containsExactly(1, 2);
	}

	private static void assertThatIsStillOpen(Socket socket) throws IOException {
		try {
			int read = socket.getInputStream().read();
			assertThat(read).as("a silent connection still waiting for its hello").isNotEqualTo(-1);
		}
		catch (SocketTimeoutException ex) {
			// still open, as it should be
		}
	}

	private TwoNodes twoNodesWithACounterOnB() {
		ConfigurableApplicationContext nodeA = this.cluster.start(0, List.of());
		ConfigurableApplicationContext nodeB = this.cluster.start(1, List.of());
		String type = TestCluster.uniqueType();
		Counter counter = new Counter();
		ServiceRef onB = nodeB.getBean(DispatchRegistry.class).addService(type, counter);
		await().atMost(PATIENCE).until(() -> nodeA.getBean(DispatchRegistry.class).findService(type, "k").isPresent());
		return new TwoNodes(nodeA, nodeB, type, counter, onB);
	}

	/**
	 * Cast one {@code Add(1)} from A to the counter on B, and return B's links once A's
	 * connection is among them.
	 */
	private static InboundLinks linkedByAFirstCast(TwoNodes nodes) {
		nodes.a().getBean(DispatchTemplate.class).cast(nodes.type(), "k", new Counter.Add(1));
		InboundLinks linksOfB = nodes.b().getBean(ClusterTransport.class).links();
		await().atMost(PATIENCE).until(() -> linksOfB.linkedNodes().contains(localNode(nodes.a())));
		return linksOfB;
	}

	private Socket connect(ConfigurableApplicationContext node) throws IOException {
		Socket socket = new Socket();
		this.sockets.add(socket);
		socket.connect(new InetSocketAddress("127.0.0.1", node.getBean(MessagePort.class).getLocalPort()), 2000);
		socket.setSoTimeout(10_000);
		return socket;
	}

	private static String localNode(ConfigurableApplicationContext node) {
		return node.getBean(ClusterTransport.class).getLocalNode();
	}

	private record TwoNodes(ConfigurableApplicationContext a, ConfigurableApplicationContext b, String type,
			Counter counter, ServiceRef onB) {
	}

}
