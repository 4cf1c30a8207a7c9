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
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.dispatch.DispatchException;
import dev.dispatch.ServiceRef;
import dev.dispatch.handoff.HandoffListener.ArrivingState;
import dev.dispatch.messaging.FrameHooks;

/**
 * How services hand the state of their keys to other services: to a service of this node
 * as objects, to another node's in chunks of JSON through that node's outbox, behind
 * everything sent there before. A chunk names its target and source services and holds,
 * for each key, its hash, and its key and state labelled with their classes; the receiver
 * rebuilds them on the target's worker, and only trusted classes.
 * <p>
 * Threads: a handing-off service's worker sends; the inbox thread receives.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
final class HandoffChannel {

	private static final Log logger = LogFactory.getLog(HandoffChannel.class);

	static final int CHUNK_BYTES = 256 * 1024;

	private static final int MAX_STATES_PER_CHUNK = 4096;

	/**
	 * The kind of frame that carries a chunk of states.
	 */
	static final byte STATES = 3;

	/**
	 * The kind of frame that says a source has handed off everything.
	 */
	static final byte DONE = 4;

	private final FrameHooks hooks;

	private volatile HandoffListener listener = new HandoffListener() {

		@Override
		public void statesArrived(String targetId, String sourceId, String sender, List<ArrivingState> states) {
			logger.debug("Dropped " + states.size() + " states for service " + targetId + ", which keeps none");
		}

		@Override
		public void doneArrived(String targetId, String sourceId, String sender, long ringChecksum) {
		}

	};

	HandoffChannel(FrameHooks hooks) {
		this.hooks = hooks;
		hooks.register(STATES, this::received);
		hooks.register(DONE, this::doneReceived);
	}

	/**
	 * Set what receives the states handed to this node's services.
	 * @param listener the listener
	 */
	public void setListener(HandoffListener listener) {
		this.listener = Objects.requireNonNull(listener, "'listener' must not be null");
	}

	/**
	 * Trust the classes of a state type's package, as a service's message types are.
	 * @param stateType the state type
	 */
	public void trust(Class<?> stateType) {
		this.hooks.trust(stateType);
	}

	/**
	 * Hand states to a service.
	 * @param source the service that hands them off
	 * @param target the service that takes them over
	 * @param states the keys and their states
	 * @return the keys that could not be sent (too large, or not writable as JSON),
	 * logged with their classes
	 */
	public List<Object> send(ServiceRef source, ServiceRef target, Collection<KeyState> states) {
		if (target.node().equals(this.hooks.localNode())) {
			this.listener.statesArrived(target.id(), source.id(), this.hooks.localNode(),
					states.stream().<ArrivingState>map(LocalState::new).toList());
			return List.of();
		}
		List<Object> failed = new ArrayList<>();
		for (byte[] chunk : chunks(source, states, failed)) {
			this.hooks.send(target.node(), STATES, addressed(target.id(), source.id(), chunk),
					"states of service " + source.id());
		}
		return failed;
	}

	/**
	 * Encode states in chunks of about {@link #CHUNK_BYTES}, each its count followed by
	 * its states; a state that cannot be encoded is logged and its key added to the
	 * failed ones.
	 */
	List<byte[]> chunks(ServiceRef source, Collection<KeyState> states, List<Object> failed) {
		List<byte[]> chunks = new ArrayList<>();
		ByteArrayOutputStream chunk = new ByteArrayOutputStream(CHUNK_BYTES + 1024);
		int count = 0;
		for (KeyState state : states) {
			byte[] entry;
			try {
				entry = encode(state);
			}
			catch (DispatchException ex) {
				logger.warn("The state of a key of service " + source.id() + " of type '" + source.type()
						+ "' could not be handed off: " + ex.getMessage());
				failed.add(state.key());
				continue;
			}
			chunk.writeBytes(entry);
			count++;
			if (chunk.size() >= CHUNK_BYTES || count == MAX_STATES_PER_CHUNK) {
				chunks.add(framed(chunk, count));
				chunk.reset();
				count = 0;
			}
		}
		if (count > 0) {
			chunks.add(framed(chunk, count));
		}
		return chunks;
	}

	/**
	 * Tell a service that the source handed off every key it holds and does not own on
	 * its ring.
	 * @param source the service that handed off
	 * @param target the service to tell
	 * @param ringChecksum the checksum of the source's ring
	 */
	public void sendDone(ServiceRef source, ServiceRef target, long ringChecksum) {
		if (target.node().equals(this.hooks.localNode())) {
			this.listener.doneArrived(target.id(), source.id(), this.hooks.localNode(), ringChecksum);
		}
		else {
			this.hooks.send(target.node(), DONE, done(target.id(), source.id(), ringChecksum), "the end of a hand-off");
		}
	}

	/**
	 * Return the payload of a frame that says a source has handed off everything.
	 */
	static byte[] done(String targetId, String sourceId, long ringChecksum) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(96);
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			out.writeUTF(targetId);
			out.writeUTF(sourceId);
			out.writeLong(ringChecksum);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	private static byte[] addressed(String targetId, String sourceId, byte[] chunk) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(chunk.length + 96);
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			out.writeUTF(targetId);
			out.writeUTF(sourceId);
			out.write(chunk);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	private static byte[] framed(ByteArrayOutputStream chunk, int count) {
		ByteArrayOutputStream framed = new ByteArrayOutputStream(chunk.size() + 4);
		try (DataOutputStream out = new DataOutputStream(framed)) {
			out.writeInt(count);
			chunk.writeTo(out);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return framed.toByteArray();
	}

	private byte[] encode(KeyState state) {
		byte[] key = this.hooks.encode(state.key());
		byte[] value = this.hooks.encode(state.state());
		if (key.length + value.length > this.hooks.maxMessageSize()) {
			throw new DispatchException("A key and " + state.state().getClass().getName() + " of "
					+ (key.length + value.length) + " bytes exceed dispatch.registry.max-message-size ("
					+ this.hooks.maxMessageSize() + " bytes)");
		}
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(key.length + value.length + 64);
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			out.writeLong(state.keyHash());
			out.writeLong(state.version());
			out.writeUTF(this.hooks.typeName(state.key()));
			out.writeInt(key.length);
			out.write(key);
			out.writeUTF(this.hooks.typeName(state.state()));
			out.writeInt(value.length);
			out.write(value);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	/**
	 * Read a chunk that another node sent; its states are rebuilt when asked for.
	 */
	private void received(String sender, byte[] payload) throws IOException {
		DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload));
		String targetId = in.readUTF();
		String sourceId = in.readUTF();
		received(sender, targetId, sourceId, in);
	}

	void received(String sender, String targetId, String sourceId, DataInputStream in) throws IOException {
		int count = in.readInt();
		if (count < 0 || count > MAX_STATES_PER_CHUNK) {
			throw new IOException("A chunk of " + count + " states exceeds the limit of " + MAX_STATES_PER_CHUNK);
		}
		List<ArrivingState> states = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			long keyHash = in.readLong();
			long version = in.readLong();
			String keyType = in.readUTF();
			byte[] key = readBytes(in);
			String stateType = in.readUTF();
			byte[] state = readBytes(in);
			states.add(new RemoteState(keyHash, version, keyType, key, stateType, state, sender));
		}
		this.listener.statesArrived(targetId, sourceId, sender, states);
	}

	private void doneReceived(String sender, byte[] payload) throws IOException {
		DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload));
		this.listener.doneArrived(in.readUTF(), in.readUTF(), sender, in.readLong());
	}

	private static Object required(@Nullable Object value, String what) {
		if (value == null) {
			throw new DispatchException("A hand-off sent a null " + what);
		}
		return value;
	}

	private static byte[] readBytes(DataInputStream in) throws IOException {
		int length = in.readInt();
		if (length < 0 || length > in.available()) {
			throw new IOException("A state of " + length + " bytes exceeds its chunk");
		}
		return in.readNBytes(length);
	}

	/**
	 * A key and its state, to hand off.
	 *
	 * @param key the key
	 * @param keyHash its hash
	 * @param version the version of its state that its backups hold, 0 without backups
	 * @param state its state
	 */
	public record KeyState(Object key, long keyHash, Object state, long version) {

		/**
		 * A key and its state, with no backups.
		 * @param key the key
		 * @param keyHash its hash
		 * @param state its state
		 */
		public KeyState(Object key, long keyHash, Object state) {
			this(key, keyHash, state, 0);
		}

	}

	private record LocalState(KeyState entry) implements ArrivingState {

		@Override
		public long keyHash() {
			return this.entry.keyHash();
		}

		@Override
		public long version() {
			return this.entry.version();
		}

		@Override
		public Object key() {
			return this.entry.key();
		}

		@Override
		public Object state() {
			return this.entry.state();
		}

	}

	private final class RemoteState implements ArrivingState {

		private final long keyHash;

		private final long version;

		private final String keyType;

		private final byte[] key;

		private final String stateType;

		private final byte[] state;

		private final String sender;

		RemoteState(long keyHash, long version, String keyType, byte[] key, String stateType, byte[] state,
				String sender) {
			this.keyHash = keyHash;
			this.version = version;
			this.keyType = keyType;
			this.key = key;
			this.stateType = stateType;
			this.state = state;
			this.sender = sender;
		}

		@Override
		public long keyHash() {
			return this.keyHash;
		}

		@Override
		public long version() {
			return this.version;
		}

		@Override
		public Object key() {
			return required(HandoffChannel.this.hooks.decode(this.keyType, this.key, this.sender), "key");
		}

		@Override
		public Object state() {
			return required(HandoffChannel.this.hooks.decode(this.stateType, this.state, this.sender), "state");
		}

	}

}
