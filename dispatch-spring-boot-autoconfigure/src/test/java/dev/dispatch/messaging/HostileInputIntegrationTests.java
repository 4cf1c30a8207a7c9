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
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.OutputStream;
import java.io.Serial;
import java.io.Serializable;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.topic.ITopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import dev.dispatch.DispatchRegistry;
import dev.dispatch.ServiceRef;
import dev.dispatch.test.Counter;
import dev.dispatch.test.TestCluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * A Dispatch node under attack from a plain Hazelcast member of its own cluster, which
 * can publish anything to the node's inbox, and from a raw socket. After each attack the
 * node must still answer correct requests.
 *
 * @author Dispatch team
 */
class HostileInputIntegrationTests {

	private static final Duration PATIENCE = Duration.ofSeconds(10);

	private static final Map<Long, String> replies = new ConcurrentHashMap<>();

	private static final AtomicInteger callIds = new AtomicInteger();

	private static TestCluster cluster;

	private static ConfigurableApplicationContext victim;

	private static HazelcastInstance attacker;

	private static ServiceRef counter;

	private static ITopic<Object> victimInbox;

	@BeforeAll
	static void startVictimAndAttacker() {
		cluster = new TestCluster(3);
		victim = cluster.start(0, List.of());
		counter = victim.getBean(DispatchRegistry.class).addService("counter", new Counter());
		attacker = Hazelcast.newHazelcastInstance(cluster.memberConfig(1));
		String attackerId = attacker.getCluster().getLocalMember().getUuid().toString();
		ITopic<byte[]> attackerInbox = attacker.getTopic(ClusterTransport.INBOX_PREFIX + attackerId);
		attackerInbox.addMessageListener((message) -> readReplies(message.getMessageObject()));
		victimInbox = attacker.getTopic(ClusterTransport.INBOX_PREFIX + counter.node());
	}

	@AfterAll
	static void stopAll() {
		attacker.shutdown();
		cluster.close();
	}

	private static void readReplies(byte[] batch) {
		try {
			Frames.read(batch, Frames.readSender(batch), new RecordingVisitor());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static byte[] batch(byte[]... frames) {
		return Frames.batch(attacker.getCluster().getLocalMember().getUuid().toString(), Arrays.asList(frames));
	}

	private static long call(String serviceId, String typeName, String json) {
		long callId = callIds.incrementAndGet();
		victimInbox
			.publish(batch(Frames.call(callId, serviceId, Map.of(), typeName, json.getBytes(StandardCharsets.UTF_8))));
		return callId;
	}

	private static String awaitReply(long callId) {
		await().atMost(PATIENCE).until(() -> replies.containsKey(callId));
		return replies.get(callId);
	}

	private static void assertStillServing() {
		assertThat(awaitReply(call(counter.id(), Counter.Get.class.getName(), "{}")))
			.isEqualTo("ok java.lang.Integer 0");
	}

	@Test
	void gadgetClassNameIsRefusedWithTheClassAndTheProperty() {
		String gadget = "org.apache.commons.collections.functors.InvokerTransformer";
		String reply = awaitReply(call(counter.id(), gadget, "{\"iMethodName\":\"exec\"}"));
		assertThat(reply).startsWith("error").contains(gadget).contains("dispatch.serialization.trusted-packages");
		assertStillServing();
	}

	@Test
	void javaSerializedObjectOfAnUntrustedClassIsNeverRebuilt() {
		victimInbox.publish(new Gadget());
		assertStillServing();
		assertThat(Gadget.rebuilt).hasValue(0);
	}

	@Test
	void garbageTruncatedAndOversizedBatchesAreDroppedAndTheNodeKeepsServing() {
		byte[] garbage = new byte[4096];
		new Random(42).nextBytes(garbage);
		victimInbox.publish(garbage);
		byte[] valid = batch(Frames.call(callIds.incrementAndGet(), counter.id(), Map.of(), Counter.Get.class.getName(),
				"{}".getBytes(StandardCharsets.UTF_8)));
		victimInbox.publish(Arrays.copyOf(valid, valid.length / 2));
		byte[] oversized = batch(Frames.cast(counter.id(), Map.of(), Counter.Add.class.getName(), new byte[16]));
		oversized[oversized.length - 16 - 4] = 0x7f;
		victimInbox.publish(oversized);
		victimInbox.publish(new byte[0]);
		assertStillServing();
	}

	@Test
	void messagesToAServiceThatDoesNotExistAreAnsweredUnavailableOrDropped() {
		long callId = call("no-such-service", "java.lang.String", "\"x\"");
		assertThat(awaitReply(callId)).startsWith("error " + Frames.UNAVAILABLE).contains("no-such-service");
		victimInbox.publish(batch(Frames.cast("no-such-service", Map.of(), "java.lang.String",
				"\"x\"".getBytes(StandardCharsets.UTF_8))));
		assertStillServing();
	}

	@Test
	void rawBytesOnTheMemberPortDoNotHurtTheNode() throws IOException {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), cluster.getPort(0))) {
			socket.setSoTimeout(5000);
			byte[] garbage = new byte[64 * 1024];
			new Random(7).nextBytes(garbage);
			try {
				OutputStream out = socket.getOutputStream();
				out.write(garbage);
				out.flush();
				InputStream in = socket.getInputStream();
				while (in.read() != -1) {
					// read until the member closes the connection
				}
			}
			catch (IOException ex) {
				// the member closed the connection while we were writing
			}
		}
		assertStillServing();
	}

	@Test
	void memberOfAnotherClusterCannotJoinOrReadTheRegistry() {
		Config config = cluster.memberConfig(2);
		config.setClusterName("intruder-" + cluster.getName());
		HazelcastInstance intruder = Hazelcast.newHazelcastInstance(config);
		try {
			assertThat(intruder.getCluster().getMembers()).hasSize(1);
			assertThat(intruder.getReplicatedMap("dispatch.services").size()).isZero();
			assertThat(victim.getBean(HazelcastInstance.class).getCluster().getMembers()).hasSize(2);
		}
		finally {
			intruder.shutdown();
		}
		assertStillServing();
	}

	@Test
	void memberSocketListensOnLoopbackOnly() throws IOException {
		Path table = Path.of("/proc/net/tcp");
		Path table6 = Path.of("/proc/net/tcp6");
		assumeThat(Files.isReadable(table) && Files.isReadable(table6)).as("/proc/net/tcp and tcp6 are readable")
			.isTrue();
		String port = String.format(Locale.ROOT, ":%04X", cluster.getPort(0));
		List<String> listening = new ArrayList<>(listeningAddresses(table, port));
		listening.addAll(listeningAddresses(table6, port));
		assertThat(listening).isNotEmpty()
			.allSatisfy((address) -> assertThat(address).isIn("0100007F" + port,
					"0000000000000000FFFF00000100007F" + port, "00000000000000000000000001000000" + port));
	}

	private static List<String> listeningAddresses(Path table, String port) throws IOException {
		return Files.readAllLines(table)
			.stream()
			.skip(1)
			.map((line) -> line.trim().split("\\s+"))
			.filter((fields) -> fields[1].endsWith(port) && fields[3].equals("0A"))
			.map((fields) -> fields[1])
			.toList();
	}

	static final class Gadget implements Serializable {

		@Serial
		private static final long serialVersionUID = 1L;

		static final AtomicInteger rebuilt = new AtomicInteger();

		@Serial
		private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
			in.defaultReadObject();
			rebuilt.incrementAndGet();
		}

	}

	private static final class RecordingVisitor extends FrameVisitorAdapter {

		@Override
		public void onReply(String sender, long callId, String typeName, byte[] payload) {
			replies.put(callId, "ok " + typeName + " " + new String(payload, StandardCharsets.UTF_8));
		}

		@Override
		public void onError(String sender, long callId, byte status, String errorType, String message) {
			replies.put(callId, "error " + status + " " + errorType + " " + message);
		}

	}

}
