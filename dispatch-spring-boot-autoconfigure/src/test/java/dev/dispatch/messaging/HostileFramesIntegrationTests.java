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
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.topic.ITopic;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import dev.dispatch.DispatchRegistry;
import dev.dispatch.ServiceRef;
import dev.dispatch.test.Counter;
import dev.dispatch.test.NestedSets;
import dev.dispatch.test.Probe;
import dev.dispatch.test.TestCluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a member that joins the cluster can do to two Dispatch nodes, A and B, through
 * their inbox topics. The attacker is a plain Hazelcast member; after each attack the
 * victim must still answer correct requests, and nothing the attacker sent may take
 * effect.
 *
 * @author Dispatch team
 */
class HostileFramesIntegrationTests {

	private static final Duration PATIENCE = Duration.ofSeconds(10);

	private static final int CAPACITY = 20;

	private static final int MAX_MESSAGE_SIZE = 64 * 1024;

	private static final Map<Long, String> replies = new ConcurrentHashMap<>();

	private static final Map<String, AtomicInteger> acknowledged = new ConcurrentHashMap<>();

	private static final Map<Long, String> overheardCalls = new ConcurrentHashMap<>();

	private static final AtomicLong callIds = new AtomicLong();

	private static TestCluster cluster;

	private static ConfigurableApplicationContext nodeA;

	private static ConfigurableApplicationContext nodeB;

	private static HazelcastInstance attacker;

	private static String attackerId;

	private static ServiceRef counterOnA;

	private static ServiceRef counterOnB;

	private static Counter counterOfB;

	@BeforeAll
	static void startNodesAndAttacker() {
		cluster = new TestCluster(3);
		// over Hazelcast's topics, on which the attacker can overhear a call's id
		String[] limits = { "dispatch.registry.mailbox-capacity=" + CAPACITY,
				"dispatch.registry.max-message-size=" + MAX_MESSAGE_SIZE + "B", "dispatch.pubsub.message-port=-1" };
		nodeA = cluster.start(0, List.of(), limits);
		nodeB = cluster.start(1, List.of(), limits);
		counterOnA = nodeA.getBean(DispatchRegistry.class).addService("counter", new Counter());
		counterOfB = new Counter();
		counterOnB = nodeB.getBean(DispatchRegistry.class).addService("counter", counterOfB);
		attacker = Hazelcast.newHazelcastInstance(cluster.memberConfig(2));
		attackerId = attacker.getCluster().getLocalMember().getUuid().toString();
		ITopic<byte[]> attackerInbox = attacker.getTopic(ClusterTransport.INBOX_PREFIX + attackerId);
		attackerInbox.addMessageListener((message) -> read(message.getMessageObject(), new Recorder()));
		ITopic<byte[]> inboxOfB = attacker.getTopic(ClusterTransport.INBOX_PREFIX + counterOnB.node());
		inboxOfB.addMessageListener((message) -> read(message.getMessageObject(), new Eavesdropper()));
		await().atMost(PATIENCE)
			.until(() -> nodeA.getBean(DispatchRegistry.class).getOnlineServices("counter").size() == 2);
	}

	@AfterAll
	static void stopAll() {
		attacker.shutdown();
		cluster.close();
	}

	private static ITopic<Object> inboxOf(ServiceRef service) {
		return attacker.getTopic(ClusterTransport.INBOX_PREFIX + service.node());
	}

	private static byte[] batch(String sender, byte[]... frames) {
		return Frames.batch(sender, Arrays.asList(frames));
	}

	private static long call(ServiceRef service, Object message) {
		long callId = callIds.incrementAndGet();
		inboxOf(service).publish(batch(attackerId,
				Frames.call(callId, service.id(), Map.of(), message.getClass().getName(), json(message))));
		return callId;
	}

	private static byte[] json(Object message) {
		return nodeA.getBean(MessageCodec.class).encode(message);
	}

	private static String awaitReply(long callId) {
		await().atMost(PATIENCE).until(() -> replies.containsKey(callId));
		return replies.get(callId);
	}

	private static void assertStillServing(ServiceRef service) {
		assertThat(awaitReply(call(service, new Counter.Get()))).startsWith("ok java.lang.Integer");
	}

	@Test
	void aTopicMessageThatIsNotABatchOfBytesIsNeverRebuilt() {
		inboxOf(counterOnA).publish(new Probe());
		assertStillServing(counterOnA);
		assertThat(Probe.rebuilt).hasValue(0);
	}

	@Test
	void aJavaSerializedGraphOfNestedSetsDoesNotStallTheInbox() {
		inboxOf(counterOnA).publish(NestedSets.billionLaughs(40));
		assertStillServing(counterOnA);
	}

	@Test
	void aMessageLargerThanTheMaxMessageSizeIsRefusedOnArrival() {
		byte[] padded = new byte[MAX_MESSAGE_SIZE + 1024];
		Arrays.fill(padded, (byte) ' ');
		padded[0] = '{';
		padded[padded.length - 1] = '}';
		long callId = callIds.incrementAndGet();
		inboxOf(counterOnA).publish(
				batch(attackerId, Frames.call(callId, counterOnA.id(), Map.of(), Counter.Get.class.getName(), padded)));
		assertThat(awaitReply(callId)).startsWith("error " + Frames.FAILED).contains("max-message-size");
		assertStillServing(counterOnA);
	}

	@Test
	void oneSenderCannotQueueMoreThanTheMailboxCapacityAtAService() throws Exception {
		Gate gate = new Gate();
		ServiceRef gated = nodeA.getBean(DispatchRegistry.class).addService("gate-" + callIds.incrementAndGet(), gate);
		ServiceEndpoint endpoint = nodeA.getBean(ClusterTransport.class).getEndpoint(gated.id());
		try {
			ITopic<Object> inbox = inboxOf(gated);
			inbox.publish(batch(attackerId, cast(gated, new Gate.Pass(0))));
			assertThat(gate.awaitEntered()).isTrue();
			int casts = 150;
			for (int i = 1; i <= casts; i++) {
				inbox.publish(batch(attackerId, cast(gated, new Gate.Pass(i))));
			}
			long overflowCall = callIds.incrementAndGet();
			inbox.publish(batch(attackerId, Frames.call(overflowCall, gated.id(), Map.of(), Gate.Pass.class.getName(),
					json(new Gate.Pass(-1)))));
			assertThat(awaitReply(overflowCall)).startsWith("error " + Frames.OVERLOADED);
			assertThat(endpoint.getQueued()).isEqualTo(CAPACITY);
			assertThat(acknowledged.get(gated.id())).hasValue(casts - CAPACITY);
		}
		finally {
			gate.open();
		}
		await().atMost(PATIENCE).until(endpoint::isIdle);
		assertThat(gate.getThreads()).hasSize(CAPACITY + 1);
	}

	private static byte[] cast(ServiceRef service, Object message) {
		return Frames.cast(service.id(), Map.of(), message.getClass().getName(), json(message));
	}

	@Test
	void aBatchThatNamesAnotherNodeAsItsSenderIsDropped() {
		long forged = callIds.incrementAndGet();
		inboxOf(counterOnA).publish(batch(counterOnB.node(),
				Frames.call(forged, counterOnA.id(), Map.of(), Counter.Get.class.getName(), json(new Counter.Get()))));
		long invented = callIds.incrementAndGet();
		inboxOf(counterOnA).publish(batch("invented-node", Frames.call(invented, counterOnA.id(), Map.of(),
				Counter.Get.class.getName(), json(new Counter.Get()))));
		assertStillServing(counterOnA);
		assertThat(overheardCalls).doesNotContainKey(forged);
		assertThat(replies).doesNotContainKeys(forged, invented);
	}

	@Test
	void aForgedReplyCannotCompleteACallToAnotherNode() throws Exception {
		Gate gate = new Gate();
		ServiceRef gated = nodeB.getBean(DispatchRegistry.class).addService("gate-" + callIds.incrementAndGet(), gate);
		try {
			CompletableFuture<@Nullable Object> future = nodeA.getBean(ClusterTransport.class)
				.call(gated, new Gate.Pass(7), String.class, PATIENCE);
			assertThat(gate.awaitEntered()).isTrue();
			// the attacker overhears the call on its own event thread, perhaps after it
			// ran
			long callId = await().atMost(PATIENCE)
				.until(() -> overheardCalls.entrySet()
					.stream()
					.filter((call) -> call.getValue().equals(gated.id()))
					.findFirst(), Optional::isPresent)
				.orElseThrow()
				.getKey();
			byte[] reply = Frames.reply(callId, "java.lang.String", "\"forged\"".getBytes(StandardCharsets.UTF_8));
			inboxOf(counterOnA).publish(batch(attackerId, reply));
			inboxOf(counterOnA).publish(batch(gated.node(), reply));
			assertStillServing(counterOnA);
			assertThat(future).isNotDone();
			gate.open();
			assertThat(future.get()).isEqualTo("passed 7");
		}
		finally {
			gate.open();
		}
	}

	@Test
	void aForgedAcknowledgementCannotTakeCreditsAway() throws Exception {
		Gate gate = new Gate();
		ServiceRef gated = nodeB.getBean(DispatchRegistry.class).addService("gate-" + callIds.incrementAndGet(), gate);
		ClusterTransport transportOfA = nodeA.getBean(ClusterTransport.class);
		try {
			transportOfA.cast(gated, new Gate.Pass(0));
			assertThat(gate.awaitEntered()).isTrue();
			inboxOf(counterOnA).publish(batch(attackerId, Frames.ack(gated.id(), -1000)));
			inboxOf(counterOnA).publish(batch(attackerId, Frames.ack(gated.id(), Integer.MIN_VALUE)));
			inboxOf(counterOnA).publish(batch(attackerId, Frames.ack(gated.id(), 1)));
			assertStillServing(counterOnA);
			assertThat(transportOfA.credits().outstanding(gated.id())).isEqualTo(1);
		}
		finally {
			gate.open();
		}
		for (int i = 1; i <= 3 * CAPACITY; i++) {
			transportOfA.cast(gated, new Gate.Pass(i));
			int handled = i + 1;
			await().atMost(PATIENCE).until(() -> gate.getThreads().size() >= handled);
		}
	}

	private static void read(byte[] batch, Frames.Visitor visitor) {
		try {
			Frames.read(batch, Frames.readSender(batch), visitor);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static class Recorder extends FrameVisitorAdapter {

		@Override
		public void onReply(String sender, long callId, String typeName, byte[] payload) {
			replies.put(callId, "ok " + typeName + " " + new String(payload, StandardCharsets.UTF_8));
		}

		@Override
		public void onError(String sender, long callId, byte status, String errorType, String message) {
			replies.put(callId, "error " + status + " " + errorType + " " + message);
		}

		@Override
		public void onAck(String sender, String serviceId, int count) {
			acknowledged.computeIfAbsent(serviceId, (id) -> new AtomicInteger()).addAndGet(count);
		}

	}

	private static final class Eavesdropper extends Recorder {

		@Override
		public void onCall(String sender, long callId, String serviceId, Map<String, String> headers, String typeName,
				byte[] payload) {
			overheardCalls.put(callId, serviceId);
		}

		@Override
		public void onReply(String sender, long callId, String typeName, byte[] payload) {
			overheardCalls.put(callId, "reply from " + sender);
		}

		@Override
		public void onError(String sender, long callId, byte status, String errorType, String message) {
			overheardCalls.put(callId, "error from " + sender);
		}

	}

}
