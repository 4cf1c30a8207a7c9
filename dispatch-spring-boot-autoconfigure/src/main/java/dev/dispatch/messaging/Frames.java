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

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.dispatch.security.ThrottledLog;

/**
 * The binary frames that nodes exchange. A batch is a version byte, the sender's node id
 * and a count, followed by that many frames; each frame starts with its kind. Casts and
 * calls carry headers, such as the caller's trace context.
 *
 * @author Dispatch team
 */
final class Frames {

	static final byte VERSION = 1;

	static final byte CAST = 1;

	static final byte CALL = 2;

	static final byte REPLY = 3;

	static final byte ACK = 4;

	static final byte HOOK = 7;

	static final byte OK = 0;

	static final byte HANDLER_FAILED = 1;

	static final byte FAILED = 2;

	static final byte UNAVAILABLE = 3;

	static final byte OVERLOADED = 4;

	private static final int MAX_TEXT = 4000;

	private static final int MAX_HEADERS = 64;

	private static final int MAX_HEADER_CHARS = 8192;

	private static final ThrottledLog failures = new ThrottledLog(LogFactory.getLog(Frames.class));

	private Frames() {
	}

	static byte[] cast(String serviceId, Map<String, String> headers, String typeName, byte[] payload) {
		return write((out) -> {
			out.writeByte(CAST);
			out.writeUTF(serviceId);
			writeHeaders(out, headers);
			writePayload(out, typeName, payload);
		});
	}

	static byte[] call(long callId, String serviceId, Map<String, String> headers, String typeName, byte[] payload) {
		return write((out) -> {
			out.writeByte(CALL);
			out.writeLong(callId);
			out.writeUTF(serviceId);
			writeHeaders(out, headers);
			writePayload(out, typeName, payload);
		});
	}

	static byte[] reply(long callId, String typeName, byte[] payload) {
		return write((out) -> {
			out.writeByte(REPLY);
			out.writeLong(callId);
			out.writeByte(OK);
			writePayload(out, typeName, payload);
		});
	}

	static byte[] error(long callId, byte status, String errorType, @Nullable String message) {
		return write((out) -> {
			out.writeByte(REPLY);
			out.writeLong(callId);
			out.writeByte(status);
			out.writeUTF(truncate(errorType));
			out.writeUTF((message != null) ? truncate(message) : "");
		});
	}

	static byte[] ack(String serviceId, int count) {
		return write((out) -> {
			out.writeByte(ACK);
			out.writeUTF(serviceId);
			out.writeInt(count);
		});
	}

	static byte[] hook(byte kind, byte[] payload) {
		return write((out) -> {
			out.writeByte(HOOK);
			out.writeByte(kind);
			out.writeInt(payload.length);
			out.write(payload);
		});
	}

	static byte[] batch(String sender, List<byte[]> frames) {
		int size = 0;
		for (byte[] frame : frames) {
			size += frame.length;
		}
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(size + sender.length() + 16);
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			out.writeByte(VERSION);
			out.writeUTF(sender);
			out.writeInt(frames.size());
			for (byte[] frame : frames) {
				out.write(frame);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	/**
	 * Return the sender that a batch names.
	 * @param batch the bytes, as published
	 * @return the sender
	 * @throws IOException if the bytes do not start as a batch does
	 */
	static String readSender(byte[] batch) throws IOException {
		DataInputStream in = new DataInputStream(new ByteArrayInputStream(batch));
		in.readByte();
		return in.readUTF();
	}

	/**
	 * Read a batch and hand each frame to the visitor.
	 * @param batch the bytes, as published
	 * @param publisher the node of the member that published them: the batch must name it
	 * as its sender
	 * @param visitor receives the frames
	 * @throws IOException if the bytes are not a well-formed batch from that node
	 */
	static void read(byte[] batch, String publisher, Visitor visitor) throws IOException {
		DataInputStream in = new DataInputStream(new ByteArrayInputStream(batch));
		byte version = in.readByte();
		if (version != VERSION) {
			throw new IOException("Unknown frame version " + version);
		}
		String sender = in.readUTF();
		if (!sender.equals(publisher)) {
			throw new IOException("A batch published by node " + publisher + " claims to come from " + sender);
		}
		int count = in.readInt();
		for (int i = 0; i < count; i++) {
			try {
				readFrame(in, sender, visitor);
			}
			catch (RuntimeException ex) {
				// one frame that its handling refuses does not cost the frames after it
				failures.warn("A frame from node " + sender + " could not be handled: " + ex);
			}
		}
	}

	private static void readFrame(DataInputStream in, String sender, Visitor visitor) throws IOException {
		byte kind = in.readByte();
		switch (kind) {
			case CAST -> visitor.onCast(sender, in.readUTF(), readHeaders(in), in.readUTF(), readBytes(in));
			case CALL ->
				visitor.onCall(sender, in.readLong(), in.readUTF(), readHeaders(in), in.readUTF(), readBytes(in));
			case REPLY -> {
				long callId = in.readLong();
				byte status = in.readByte();
				if (status == OK) {
					visitor.onReply(sender, callId, in.readUTF(), readBytes(in));
				}
				else {
					visitor.onError(sender, callId, status, in.readUTF(), in.readUTF());
				}
			}
			case ACK -> visitor.onAck(sender, in.readUTF(), in.readInt());
			case HOOK -> visitor.onHook(sender, in.readByte(), readBytes(in));
			default -> throw new IOException("Unknown frame kind " + kind);
		}
	}

	/**
	 * Check that headers fit in a frame: at most 64, of at most 8,192 characters in all.
	 * @param headers the headers
	 * @throws IllegalArgumentException if they do not
	 */
	static void checkHeaders(Map<String, String> headers) {
		int chars = 0;
		for (Map.Entry<String, String> header : headers.entrySet()) {
			chars += header.getKey().length() + header.getValue().length();
		}
		if (headers.size() > MAX_HEADERS || chars > MAX_HEADER_CHARS) {
			throw new IllegalArgumentException("A message's headers must be at most " + MAX_HEADERS + " of at most "
					+ MAX_HEADER_CHARS + " characters in all, but were " + headers.size() + " of " + chars);
		}
	}

	private static void writeHeaders(DataOutputStream out, Map<String, String> headers) throws IOException {
		out.writeShort(headers.size());
		for (Map.Entry<String, String> header : headers.entrySet()) {
			out.writeUTF(header.getKey());
			out.writeUTF(header.getValue());
		}
	}

	private static Map<String, String> readHeaders(DataInputStream in) throws IOException {
		int count = in.readUnsignedShort();
		if (count == 0) {
			return Map.of();
		}
		if (count > MAX_HEADERS) {
			throw new IOException("A frame with " + count + " headers exceeds the limit of " + MAX_HEADERS);
		}
		Map<String, String> headers = new HashMap<>(count * 2);
		int chars = 0;
		for (int i = 0; i < count; i++) {
			String name = in.readUTF();
			String value = in.readUTF();
			chars += name.length() + value.length();
			if (chars > MAX_HEADER_CHARS) {
				throw new IOException("A frame's headers exceed " + MAX_HEADER_CHARS + " characters");
			}
			headers.put(name, value);
		}
		return headers;
	}

	private static void writePayload(DataOutputStream out, String typeName, byte[] payload) throws IOException {
		out.writeUTF(typeName);
		out.writeInt(payload.length);
		out.write(payload);
	}

	private static byte[] readBytes(DataInputStream in) throws IOException {
		int length = in.readInt();
		if (length < 0 || length > in.available()) {
			throw new IOException("Frame payload of " + length + " bytes exceeds the batch");
		}
		return in.readNBytes(length);
	}

	private static String truncate(String text) {
		return (text.length() <= MAX_TEXT) ? text : text.substring(0, MAX_TEXT);
	}

	private static byte[] write(FrameWriter writer) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			writer.write(out);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	@FunctionalInterface
	private interface FrameWriter {

		void write(DataOutputStream out) throws IOException;

	}

	/**
	 * Receives the frames of a batch.
	 */
	interface Visitor {

		void onCast(String sender, String serviceId, Map<String, String> headers, String typeName, byte[] payload);

		void onCall(String sender, long callId, String serviceId, Map<String, String> headers, String typeName,
				byte[] payload);

		void onReply(String sender, long callId, String typeName, byte[] payload);

		void onError(String sender, long callId, byte status, String errorType, String message);

		void onAck(String sender, String serviceId, int count);

		default void onHook(String sender, byte kind, byte[] payload) {
		}

	}

}
