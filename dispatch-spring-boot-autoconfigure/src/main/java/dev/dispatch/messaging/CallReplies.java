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

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.dispatch.DispatchException;
import dev.dispatch.DispatchRemoteException;
import dev.dispatch.ServiceOverloadedException;
import dev.dispatch.ServiceRef;

/**
 * The replies of calls between nodes, both ways: the reply of a call that a service of
 * this node handled goes back to the calling node as a frame; a reply or an error that
 * comes back settles the call this node made, only if it came from the node called.
 * <p>
 * Threads: handler workers send replies, and the inbox thread sends refusals; the threads
 * that read other nodes' batches settle calls. Nothing here holds state of its own: the
 * calls are in {@link PendingCalls}.
 *
 * @author Dispatch team
 */
final class CallReplies {

	private static final Log logger = LogFactory.getLog(CallReplies.class);

	private final RemoteDelivery remote;

	private final MessageCodec codec;

	private final int maxMessageSize;

	private final int mailboxCapacity;

	CallReplies(RemoteDelivery remote, MessageCodec codec, int maxMessageSize, int mailboxCapacity) {
		this.remote = remote;
		this.codec = codec;
		this.maxMessageSize = maxMessageSize;
		this.mailboxCapacity = mailboxCapacity;
	}

	/**
	 * Send the outcome of a call that a service of this node handled.
	 * @param caller the calling node
	 * @param callId the call
	 * @param reply the handler's reply
	 * @param error why there is none
	 */
	void send(String caller, long callId, @Nullable Object reply, @Nullable Throwable error) {
		if (error instanceof MessageCodec.UntrustedTypeException) {
			logger.warn(error.getMessage());
		}
		this.remote.sendTo(caller, frame(callId, reply, error), "a reply");
	}

	/**
	 * Refuse a call that no service of this node takes.
	 * @param caller the calling node
	 * @param callId the call
	 * @param status why, one of the error statuses of {@link Frames}
	 * @param errorType the exception the caller throws
	 * @param message what it says
	 */
	void refuse(String caller, long callId, byte status, String errorType, String message) {
		this.remote.sendTo(caller, Frames.error(callId, status, errorType, message), "a reply");
	}

	private byte[] frame(long callId, @Nullable Object reply, @Nullable Throwable error) {
		if (error instanceof DispatchRemoteException remote) {
			Throwable cause = remote.getCause();
			return Frames.error(callId, Frames.HANDLER_FAILED, remote.getRemoteExceptionClassName(),
					(cause != null) ? cause.getMessage() : null);
		}
		if (error != null) {
			return Frames.error(callId, Frames.FAILED, error.getClass().getName(), error.getMessage());
		}
		try {
			return Frames.reply(callId, MessageCodec.typeName(reply),
					(reply != null) ? this.codec.encode(reply, this.maxMessageSize) : new byte[0]);
		}
		catch (RuntimeException | Error ex) {
			// an Error too (a getter that throws one): the caller is still answered, so
			// that its credit comes back
			logger.warn("A reply could not be sent: " + ex);
			return Frames.error(callId, Frames.FAILED, ex.getClass().getName(),
					"The reply could not be sent: " + ex.getMessage());
		}
	}

	/**
	 * Complete a call of this node with the reply that its node sent.
	 * @param sender the node the reply came from
	 * @param callId the call
	 * @param typeName the reply's type
	 * @param payload the encoded reply, not yet trusted
	 */
	void received(String sender, long callId, String typeName, byte[] payload) {
		PendingCalls.PendingCall call = this.remote.pendingCalls().settle(callId, sender);
		if (call == null) {
			return;
		}
		if (payload.length > this.maxMessageSize) {
			call.future.completeExceptionally(new DispatchException("The reply of service " + call.target.id() + " of "
					+ payload.length + " bytes exceeds dispatch.registry.max-message-size"));
			return;
		}
		try {
			call.future.complete(this.codec.decodeReply(typeName, payload, call.replyType, sender));
		}
		catch (DispatchException ex) {
			call.future.completeExceptionally(ex);
		}
	}

	/**
	 * Fail a call of this node with the error that its node sent.
	 * @param sender the node the error came from
	 * @param callId the call
	 * @param status why, one of the error statuses of {@link Frames}
	 * @param errorType the exception's class name
	 * @param message what it says
	 */
	void failed(String sender, long callId, byte status, String errorType, String message) {
		PendingCalls.PendingCall call = this.remote.pendingCalls().settle(callId, sender);
		if (call == null) {
			return;
		}
		ServiceRef target = call.target;
		DispatchException error = switch (status) {
			case Frames.HANDLER_FAILED ->
				new DispatchRemoteException(target, errorType, message.isEmpty() ? null : message, null);
			case Frames.UNAVAILABLE -> new ServiceGoneException(target, message);
			case Frames.OVERLOADED -> new ServiceOverloadedException(target, this.mailboxCapacity);
			default -> new DispatchException("Service " + target.id() + " of type '" + target.type() + "' on node "
					+ target.node() + " could not handle the call: " + message);
		};
		call.future.completeExceptionally(error);
	}

}
