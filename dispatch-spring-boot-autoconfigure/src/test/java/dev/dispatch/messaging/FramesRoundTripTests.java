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

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * Tests for {@link Frames}: that every kind of frame reads back as it was written, and
 * that a batch that is cut short or lies about its contents is refused before any of its
 * garbage reaches the visitor.
 *
 * @author Dispatch team
 */
class FramesRoundTripTests {

	private static final Map<String, String> HEADERS = Map.of("traceparent",
			"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", "baggage", "région=€, user=😀");

	private final Recorder recorder = new Recorder();

	@Test
	void everyKindOfFrameReadsBackAsItWasWritten() throws IOException {
		byte[] batch = Frames.batch("node-b",
				List.of(Frames.cast("orders", HEADERS, "com.example.Order", new byte[] { 1, 2, 3 }),
						Frames.cast("ordérs-€", Map.of(), "com.example.Empty", new byte[0]),
						Frames.call(Long.MIN_VALUE, "orders", HEADERS, "com.example.Query", new byte[] { -1, 0, 127 }),
						Frames.reply(42, "com.example.Answer", new byte[] { 9 }),
						Frames.error(43, Frames.HANDLER_FAILED, "com.example.Boom", "went wrong"),
						Frames.error(44, Frames.FAILED, "java.lang.IllegalStateException", null),
						Frames.error(45, Frames.UNAVAILABLE, "dev.dispatch.ServiceUnavailableException", "gone"),
						Frames.error(46, Frames.OVERLOADED, "dev.dispatch.ServiceOverloadedException", "full"),
						Frames.ack("orders", Integer.MAX_VALUE)));
		assertThat(Frames.readSender(batch)).isEqualTo("node-b");
		Frames.read(batch, "node-b", this.recorder);
		assertThat(this.recorder.frames).containsExactly(
				"cast node-b orders " + new TreeMap<>(HEADERS) + " com.example.Order [1, 2, 3]",
				"cast node-b ordérs-€ {} com.example.Empty []",
				"call node-b " + Long.MIN_VALUE + " orders " + new TreeMap<>(HEADERS)
						+ " com.example.Query [-1, 0, 127]",
				"reply node-b 42 com.example.Answer [9]", "error node-b 43 1 com.example.Boom went wrong",
				"error node-b 44 2 java.lang.IllegalStateException ",
				"error node-b 45 3 dev.dispatch.ServiceUnavailableException gone",
				"error node-b 46 4 dev.dispatch.ServiceOverloadedException full",
				"ack node-b orders " + Integer.MAX_VALUE);
	}

	@Test
	void anEmptyBatchDeliversNothing() throws IOException {
		Frames.read(Frames.batch("node-b", List.of()), "node-b", this.recorder);
		assertThat(this.recorder.frames).isEmpty();
	}

	@Test
	void aBatchCutShortAnywhereIsRefusedAndDeliversOnlyTheFramesBeforeTheCut() throws IOException {
		byte[] batch = Frames.batch("node-b",
				List.of(Frames.cast("orders", HEADERS, "com.example.Order", new byte[] { 1, 2, 3 }),
						Frames.call(7, "orders", HEADERS, "com.example.Query", new byte[] { 4, 5 }),
						Frames.reply(7, "com.example.Answer", new byte[] { 6 }),
						Frames.error(8, Frames.FAILED, "com.example.Boom", "went wrong"), Frames.ack("orders", 3)));
		Recorder whole = new Recorder();
		Frames.read(batch, "node-b", whole);
		assertThat(whole.frames).hasSize(5);
		for (int length = 0; length < batch.length; length++) {
			byte[] prefix = Arrays.copyOf(batch, length);
			Recorder recorder = new Recorder();
			assertThatIOException().as("a batch cut to %d of %d bytes", length, batch.length)
				.isThrownBy(() -> Frames.read(prefix, "node-b", recorder));
			assertThat(recorder.frames).as("what a batch cut to %d bytes delivers", length)
				.isEqualTo(whole.frames.subList(0, recorder.frames.size()));
		}
	}

	@Test
	void aPayloadLongerThanTheBatchIsRefusedBeforeItIsRead() throws IOException {
		// Integer.MAX_VALUE could not even be allocated: the length is checked first
		for (int length : new int[] { Integer.MAX_VALUE, 4, -1 }) {
			for (byte[] frame : List.of(castWithPayloadLength(length), replyWithPayloadLength(length))) {
				byte[] batch = Frames.batch("node-b", List.of(frame));
				assertThatIOException().as("a payload length of %d", length)
					.isThrownBy(() -> Frames.read(batch, "node-b", this.recorder))
					.withMessageContaining("exceeds the batch");
			}
		}
		assertThat(this.recorder.frames).isEmpty();
		// the same frames with their true length are read
		Frames.read(Frames.batch("node-b", List.of(castWithPayloadLength(3), replyWithPayloadLength(3))), "node-b",
				this.recorder);
		assertThat(this.recorder.frames).containsExactly("cast node-b s {} t [1, 2, 3]", "reply node-b 1 t [1, 2, 3]");
	}

	@Test
	void anUnknownVersionIsRefused() {
		for (byte version : new byte[] { 0, 2, -1 }) {
			byte[] batch = Frames.batch("node-b", List.of(Frames.ack("orders", 1)));
			batch[0] = version;
			assertThatIOException().isThrownBy(() -> Frames.read(batch, "node-b", this.recorder))
				.withMessage("Unknown frame version " + version);
		}
		assertThat(this.recorder.frames).isEmpty();
	}

	@Test
	void framesOfOtherPartsRoundTrip() throws IOException {
		byte[] batch = Frames.batch("node-b", List.of(Frames.hook((byte) 3, new byte[] { 1, 2, 3 })));
		Frames.read(batch, "node-b", this.recorder);
		assertThat(this.recorder.frames).containsExactly("hook node-b 3 [1, 2, 3]");
	}

	@Test
	void aFrameOfAnotherPartLongerThanItsBatchIsRefused() {
		byte[] frame = Frames.hook((byte) 3, new byte[8]);
		byte[] truncated = Arrays.copyOf(frame, frame.length - 4);
		byte[] batch = Frames.batch("node-b", List.of(truncated));
		assertThatIOException().isThrownBy(() -> Frames.read(batch, "node-b", this.recorder));
		assertThat(this.recorder.frames).isEmpty();
	}

	@Test
	void anUnknownFrameKindIsRefusedAndNothingAfterItIsRead() {
		for (byte kind : new byte[] { 0, 5, 6, 8, -1 }) {
			byte[] batch = Frames.batch("node-b",
					List.of(Frames.ack("before", 1), new byte[] { kind }, Frames.ack("after", 1)));
			Recorder recorder = new Recorder();
			assertThatIOException().isThrownBy(() -> Frames.read(batch, "node-b", recorder))
				.withMessage("Unknown frame kind " + kind);
			assertThat(recorder.frames).containsExactly("ack node-b before 1");
		}
	}

	@Test
	void aFrameWithMoreThan64HeadersIsRefused() throws IOException {
		byte[] tooMany = Frames.batch("node-b", List.of(Frames.cast("orders", headers(65), "t", new byte[0]),
				Frames.call(1, "orders", headers(65), "t", new byte[0])));
		assertThatIOException().isThrownBy(() -> Frames.read(tooMany, "node-b", this.recorder))
			.withMessage("A frame with 65 headers exceeds the limit of 64");
		byte[] mostPossible = Frames.batch("node-b", List.of(castWithHeaderCount(0xFFFF)));
		assertThatIOException().isThrownBy(() -> Frames.read(mostPossible, "node-b", this.recorder))
			.withMessage("A frame with 65535 headers exceeds the limit of 64");
		assertThat(this.recorder.frames).isEmpty();
		Map<String, String> sixtyFour = headers(64);
		Frames.read(Frames.batch("node-b", List.of(Frames.cast("orders", sixtyFour, "t", new byte[0]))), "node-b",
				this.recorder);
		assertThat(this.recorder.frames).containsExactly("cast node-b orders " + new TreeMap<>(sixtyFour) + " t []");
	}

	@Test
	void anErrorsTypeAndMessageAreCutTo4000Characters() throws IOException {
		String exact = "e".repeat(4000);
		// 30,000 three-byte characters would not fit in a frame's string uncut
		String wide = "€".repeat(30_000);
		byte[] batch = Frames.batch("node-b",
				List.of(Frames.error(1, Frames.FAILED, "T".repeat(4001), "m".repeat(5000)),
						Frames.error(2, Frames.HANDLER_FAILED, exact, exact),
						Frames.error(3, Frames.FAILED, "T", wide)));
		Frames.read(batch, "node-b", this.recorder);
		assertThat(this.recorder.errors).containsExactly(new ErrorFrame(1, "T".repeat(4000), "m".repeat(4000)),
				new ErrorFrame(2, exact, exact), new ErrorFrame(3, "T", "€".repeat(4000)));
	}

	private static Map<String, String> headers(int count) {
		Map<String, String> headers = new HashMap<>();
		for (int i = 0; i < count; i++) {
			headers.put("h" + i, "v" + i);
		}
		return headers;
	}

	private static byte[] castWithPayloadLength(int length) throws IOException {
		return frame((out) -> {
			out.writeByte(Frames.CAST);
			out.writeUTF("s");
			out.writeShort(0);
			out.writeUTF("t");
			out.writeInt(length);
			out.write(new byte[] { 1, 2, 3 });
		});
	}

	private static byte[] replyWithPayloadLength(int length) throws IOException {
		return frame((out) -> {
			out.writeByte(Frames.REPLY);
			out.writeLong(1);
			out.writeByte(Frames.OK);
			out.writeUTF("t");
			out.writeInt(length);
			out.write(new byte[] { 1, 2, 3 });
		});
	}

	private static byte[] castWithHeaderCount(int count) throws IOException {
		return frame((out) -> {
			out.writeByte(Frames.CAST);
			out.writeUTF("s");
			out.writeShort(count);
			out.writeUTF("h");
			out.writeUTF("v");
		});
	}

	private static byte[] frame(FrameWriter writer) throws IOException {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			writer.write(out);
		}
		return bytes.toByteArray();
	}

	@FunctionalInterface
	private interface FrameWriter {

		void write(DataOutputStream out) throws IOException;

	}

	private record ErrorFrame(long callId, String errorType, String message) {

	}

	/**
	 * Records every frame it receives as one line.
	 */
	private static final class Recorder implements Frames.Visitor {

		private final List<String> frames = new ArrayList<>();

		private final List<ErrorFrame> errors = new ArrayList<>();

		@Override
		public void onCast(String sender, String serviceId, Map<String, String> headers, String typeName,
				byte[] payload) {
			this.frames.add("cast " + sender + " " + serviceId + " " + new TreeMap<>(headers) + " " + typeName + " "
					+ Arrays.toString(payload));
		}

		@Override
		public void onCall(String sender, long callId, String serviceId, Map<String, String> headers, String typeName,
				byte[] payload) {
			this.frames.add("call " + sender + " " + callId + " " + serviceId + " " + new TreeMap<>(headers) + " "
					+ typeName + " " + Arrays.toString(payload));
		}

		@Override
		public void onReply(String sender, long callId, String typeName, byte[] payload) {
			this.frames.add("reply " + sender + " " + callId + " " + typeName + " " + Arrays.toString(payload));
		}

		@Override
		public void onError(String sender, long callId, byte status, String errorType, String message) {
			this.frames.add("error " + sender + " " + callId + " " + status + " " + errorType + " " + message);
			this.errors.add(new ErrorFrame(callId, errorType, message));
		}

		@Override
		public void onAck(String sender, String serviceId, int count) {
			this.frames.add("ack " + sender + " " + serviceId + " " + count);
		}

		@Override
		public void onHook(String sender, byte kind, byte[] payload) {
			this.frames.add("hook " + sender + " " + kind + " " + Arrays.toString(payload));
		}

	}

}
