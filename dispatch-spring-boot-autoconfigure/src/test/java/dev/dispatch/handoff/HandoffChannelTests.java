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

package dev.dispatch.handoff;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.dispatch.DispatchException;
import dev.dispatch.ServiceRef;
import dev.dispatch.handoff.HandoffChannel.KeyState;
import dev.dispatch.handoff.HandoffListener.ArrivingState;
import dev.dispatch.messaging.FrameHooks;
import dev.dispatch.messaging.MessageCodec;
import dev.dispatch.messaging.TrustedTypes;
import dev.dispatch.messaging.trusted.Point;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * Tests for {@link HandoffChannel}: states survive their chunks, each rebuilt only when
 * asked for and only as a trusted class, and a chunk that lies about its size or count is
 * refused before anything reaches the listener.
 *
 * @author Dispatch team
 */
class HandoffChannelTests {

	private static final ServiceRef SOURCE = new ServiceRef("carts", "source", "node-a");

	private final Recording listener = new Recording();

	private final HandoffChannel channel = channel(1024 * 1024);

	private HandoffChannel channel(int maxMessageSize) {
		HandoffChannel channel = new HandoffChannel(FrameHooks.unconnected("node-b", codec(), maxMessageSize));
		channel.setListener(this.listener);
		return channel;
	}

	private static MessageCodec codec() {
		TrustedTypes trustedTypes = new TrustedTypes();
		trustedTypes.trustPackages(List.of(Point.class.getPackageName()));
		return MessageCodec.create(trustedTypes, HandoffChannelTests.class.getClassLoader());
	}

	private static DataInputStream in(byte[] chunk) {
		return new DataInputStream(new ByteArrayInputStream(chunk));
	}

	@Test
	void statesSurviveTheirChunksAndAreSplitAtTheChunkSize() throws IOException {
		List<KeyState> states = IntStream.range(0, 3000)
			.mapToObj((i) -> new KeyState("key-" + i, i, new Point(i, "x".repeat(100).length())))
			.toList();
		List<Object> failed = new ArrayList<>();
		List<byte[]> chunks = this.channel.chunks(SOURCE, states, failed);
		assertThat(failed).isEmpty();
		assertThat(chunks).hasSizeGreaterThan(0);
		assertThat(chunks)
			.allSatisfy((chunk) -> assertThat(chunk.length).isLessThan(HandoffChannel.CHUNK_BYTES + 1024));
		for (byte[] chunk : chunks) {
			this.channel.received("node-a", "target", SOURCE.id(), in(chunk));
		}
		assertThat(this.listener.states).hasSize(3000);
		ArrivingState last = this.listener.states.get(2999);
		assertThat(last.keyHash()).isEqualTo(2999);
		assertThat(last.key()).isEqualTo("key-2999");
		assertThat(last.state()).isEqualTo(new Point(2999, 100));
	}

	@Test
	void aStateOfAnUntrustedClassFailsOnlyWhenItIsRebuilt() throws IOException {
		List<KeyState> states = List.of(new KeyState("a", 1, new AtomicInteger(7)),
				new KeyState("b", 2, new Point(1, 2)));
		for (byte[] chunk : this.channel.chunks(SOURCE, states, new ArrayList<>())) {
			this.channel.received("node-a", "target", SOURCE.id(), in(chunk));
		}
		assertThat(this.listener.states).hasSize(2);
		assertThat(this.listener.states.get(0).keyHash()).isEqualTo(1);
		assertThatExceptionOfType(DispatchException.class).isThrownBy(() -> this.listener.states.get(0).state())
			.withMessageContaining(AtomicInteger.class.getName());
		assertThat(this.listener.states.get(1).state()).isEqualTo(new Point(1, 2));
	}

	@Test
	void aStateLargerThanTheMessageSizeIsNotSentAndFailsItsKeyOnly() {
		HandoffChannel small = channel(64);
		List<Object> failed = new ArrayList<>();
		List<byte[]> chunks = small.chunks(SOURCE,
				List.of(new KeyState("big", 1, "x".repeat(100)), new KeyState("small", 2, "y")), failed);
		assertThat(failed).containsExactly("big");
		assertThat(chunks).hasSize(1);
	}

	@Test
	void aChunkThatClaimsMoreStatesThanAllowedIsRefused() throws IOException {
		byte[] chunk = chunk(Integer.MAX_VALUE, new byte[0]);
		assertThatIOException().isThrownBy(() -> this.channel.received("node-a", "target", "source", in(chunk)));
		assertThat(this.listener.states).isEmpty();
	}

	@Test
	void aChunkWhoseStateIsLongerThanTheChunkIsRefused() throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			out.writeLong(1);
			out.writeUTF("java.lang.String");
			out.writeInt(1_000_000_000);
		}
		assertThatIOException()
			.isThrownBy(() -> this.channel.received("node-a", "target", "source", in(chunk(1, bytes.toByteArray()))));
		assertThat(this.listener.states).isEmpty();
	}

	private static byte[] chunk(int count, byte[] body) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			out.writeInt(count);
			out.write(body);
		}
		return bytes.toByteArray();
	}

	private static final class Recording implements HandoffListener {

		final List<ArrivingState> states = new ArrayList<>();

		@Override
		public void statesArrived(String targetId, String sourceId, String sender, List<ArrivingState> states) {
			this.states.addAll(states);
		}

		@Override
		public void doneArrived(String targetId, String sourceId, String sender, long ringChecksum) {
		}

	}

}
