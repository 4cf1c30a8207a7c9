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
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

import dev.dispatch.security.ThrottledLog;

/**
 * The one place where other parts of a node meet the wire: each registers a kind of frame
 * with its handler, and sends frames of that kind to other nodes, sealed, batched and
 * bounded like messages. A frame to this node is handed to its handler at once.
 * <p>
 * Threads: handlers are registered once at start-up; frames are received on the inbox
 * thread (or the sending thread, for this node) and sent from any thread.
 *
 * @author Dispatch team
 */
public final class FrameHooks {

	private static final ThrottledLog drops = new ThrottledLog(LogFactory.getLog(FrameHooks.class));

	private final String localNode;

	private final @Nullable RemoteDelivery remote;

	private final MessageCodec codec;

	private final int maxMessageSize;

	private final Map<Byte, FrameHandler> handlers = new ConcurrentHashMap<>();

	FrameHooks(String localNode, @Nullable RemoteDelivery remote, MessageCodec codec, int maxMessageSize) {
		this.localNode = localNode;
		this.remote = remote;
		this.codec = codec;
		this.maxMessageSize = maxMessageSize;
	}

	/**
	 * Return hooks that reach no other node: frames to another node are dropped. For a
	 * part tested on its own.
	 * @param localNode the id of this node
	 * @param codec the codec
	 * @param maxMessageSize the largest encoded message, in bytes
	 * @return the hooks
	 */
	public static FrameHooks unconnected(String localNode, MessageCodec codec, int maxMessageSize) {
		return new FrameHooks(localNode, null, codec, maxMessageSize);
	}

	/**
	 * Take the frames of a kind.
	 * @param kind the kind, not taken by another handler
	 * @param handler what receives them
	 */
	public void register(byte kind, FrameHandler handler) {
		Assert.state(this.handlers.putIfAbsent(kind, handler) == null, () -> "Frames of kind " + kind + " are taken");
	}

	/**
	 * Send a frame to a node, unless it has left.
	 * @param node the node
	 * @param kind the kind of frame
	 * @param payload its bytes
	 * @param what what it is, for the log if it cannot be sent
	 */
	public void send(String node, byte kind, byte[] payload, String what) {
		if (node.equals(this.localNode)) {
			received(node, kind, payload);
		}
		else if (this.remote != null) {
			this.remote.sendTo(node, Frames.hook(kind, payload), what);
		}
	}

	/**
	 * Return the name of a value's type, with which {@link #decode} rebuilds it.
	 * @param value the value
	 * @return the type name
	 */
	public String typeName(Object value) {
		return MessageCodec.typeName(value);
	}

	/**
	 * Encode a value as a message is encoded, refusing one larger than
	 * {@link #maxMessageSize()}.
	 * @param value the value
	 * @return its bytes
	 * @throws dev.dispatch.DispatchException if it cannot be encoded or is too large
	 */
	public byte[] encode(Object value) {
		return this.codec.encode(value, this.maxMessageSize);
	}

	/**
	 * Rebuild a value that another node encoded, with the trust of messages.
	 * @param typeName the type name given by the sender
	 * @param bytes the bytes
	 * @param sender the sending node, for the error message
	 * @return the value
	 * @throws dev.dispatch.DispatchException if its type is not trusted or the bytes do
	 * not fit it
	 */
	public @Nullable Object decode(String typeName, byte[] bytes, String sender) {
		return this.codec.decode(typeName, bytes, sender);
	}

	/**
	 * Trust the classes of a type's package, as a service's message types are.
	 * @param type the type
	 */
	public void trust(Class<?> type) {
		this.codec.getTrustedTypes().trustPackagesOf(List.of(type));
	}

	/**
	 * Return the largest encoded message, in bytes, that a node sends or accepts.
	 * @return the limit
	 */
	public int maxMessageSize() {
		return this.maxMessageSize;
	}

	/**
	 * Return the id of this node.
	 * @return the node id
	 */
	public String localNode() {
		return this.localNode;
	}

	void received(String sender, byte kind, byte[] payload) {
		FrameHandler handler = this.handlers.get(kind);
		if (handler == null) {
			drops.warn("Dropped a frame of unknown kind " + kind + " from node " + sender);
			return;
		}
		try {
			handler.received(sender, payload);
		}
		catch (IOException | RuntimeException ex) {
			drops.warn("Dropped a frame of kind " + kind + " from node " + sender + ": " + ex);
		}
	}

	/**
	 * Receives the frames of one kind.
	 */
	@FunctionalInterface
	public interface FrameHandler {

		/**
		 * Take a frame; an exception drops it, logged.
		 * @param sender the node that sent it
		 * @param payload its bytes, from a node that may be hostile
		 * @throws IOException if it is malformed
		 */
		void received(String sender, byte[] payload) throws IOException;

	}

}
