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

package dev.dispatch;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Sends messages to services chosen by consistent hashing of a key.
 * <p>
 * A message to a service on this node is handed over directly, without serialization; a
 * message to another node travels over the cluster's own member connections. Casts from
 * one thread to one service arrive in the order sent. A service's mailbox is bounded:
 * when it is full a cast or call fails at once with a {@link ServiceOverloadedException}.
 * <p>
 * Every operation throws {@link ServiceUnavailableException} when the type has no online
 * service, and {@link IllegalArgumentException} for an empty type, an unsupported key or
 * a count below 1.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
public interface DispatchTemplate {

	/**
	 * Send a message to the key's service without waiting for it to be handled.
	 * @param type the service type
	 * @param key the routing key
	 * @param message the message
	 */
	void cast(String type, Object key, Object message);

	/**
	 * Call the key's service and wait for its reply, up to the default call timeout
	 * ({@code dispatch.registry.call-timeout}).
	 * @param <R> the reply type
	 * @param type the service type
	 * @param key the routing key
	 * @param message the message
	 * @param replyType the expected type of the reply
	 * @return the reply, {@code null} when the handler returned nothing
	 * @throws DispatchTimeoutException if no reply came in time
	 * @throws DispatchRemoteException if the handler threw
	 */
	<R> R call(String type, Object key, Object message, Class<R> replyType);

	/**
	 * Call the key's service and wait for its reply.
	 * @param <R> the reply type
	 * @param type the service type
	 * @param key the routing key
	 * @param message the message
	 * @param replyType the expected type of the reply
	 * @param timeout how long to wait for the reply
	 * @return the reply, {@code null} when the handler returned nothing
	 * @throws DispatchTimeoutException if no reply came in time
	 * @throws DispatchRemoteException if the handler threw
	 */
	<R> R call(String type, Object key, Object message, Class<R> replyType, Duration timeout);

	/**
	 * Call the key's service without blocking, with the default call timeout.
	 * @param <R> the reply type
	 * @param type the service type
	 * @param key the routing key
	 * @param message the message
	 * @param replyType the expected type of the reply
	 * @return a future of the reply, completed exceptionally with a
	 * {@link DispatchException} when the call fails
	 */
	<R> CompletableFuture<R> callAsync(String type, Object key, Object message, Class<R> replyType);

	/**
	 * Call the key's service without blocking.
	 * @param <R> the reply type
	 * @param type the service type
	 * @param key the routing key
	 * @param message the message
	 * @param replyType the expected type of the reply
	 * @param timeout how long to wait for the reply
	 * @return a future of the reply, completed exceptionally with a
	 * {@link DispatchException} when the call fails
	 */
	<R> CompletableFuture<R> callAsync(String type, Object key, Object message, Class<R> replyType, Duration timeout);

	/**
	 * Call one given service, for example the next replica from
	 * {@link DispatchRegistry#findMultiService(int, String, Object)} when the first
	 * failed.
	 * @param <R> the reply type
	 * @param service the service
	 * @param message the message
	 * @param replyType the expected type of the reply
	 * @param timeout how long to wait for the reply
	 * @return the reply, {@code null} when the handler returned nothing
	 * @throws ServiceUnavailableException if the service is gone
	 * @throws DispatchTimeoutException if no reply came in time
	 * @throws DispatchRemoteException if the handler threw
	 */
	<R> R call(ServiceRef service, Object message, Class<R> replyType, Duration timeout);

	/**
	 * Send a message to one given service without waiting for it to be handled.
	 * @param service the service
	 * @param message the message
	 * @throws ServiceUnavailableException if the service is gone
	 */
	void cast(ServiceRef service, Object message);

	/**
	 * Send a message to up to {@code count} distinct services for the key (see
	 * {@link DispatchRegistry#findMultiService(int, String, Object)}).
	 * @param count how many services should get the message, at least 1
	 * @param type the service type
	 * @param key the routing key
	 * @param message the message
	 * @return how many services the message was sent to
	 */
	int multiCast(int count, String type, Object key, Object message);

	/**
	 * Call up to {@code count} distinct services for the key in parallel and wait for all
	 * of them, up to the default call timeout. A failing service does not fail the
	 * others.
	 * @param <R> the reply type
	 * @param count how many services to call, at least 1
	 * @param type the service type
	 * @param key the routing key
	 * @param message the message
	 * @param replyType the expected type of the replies
	 * @return one reply per service, in ring order
	 */
	<R> List<Reply<R>> multiCall(int count, String type, Object key, Object message, Class<R> replyType);

	/**
	 * Call up to {@code count} distinct services for the key in parallel and wait for all
	 * of them. A failing service does not fail the others.
	 * @param <R> the reply type
	 * @param count how many services to call, at least 1
	 * @param type the service type
	 * @param key the routing key
	 * @param message the message
	 * @param replyType the expected type of the replies
	 * @param timeout how long to wait for each reply
	 * @return one reply per service, in ring order
	 */
	<R> List<Reply<R>> multiCall(int count, String type, Object key, Object message, Class<R> replyType,
			Duration timeout);

}
