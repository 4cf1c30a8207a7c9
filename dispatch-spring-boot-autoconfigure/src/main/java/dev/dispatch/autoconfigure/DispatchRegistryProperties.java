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

package dev.dispatch.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.logging.LogLevel;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties of the registry: liveness, calls and mailboxes.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
@ConfigurationProperties("dispatch.registry")
public class DispatchRegistryProperties {

	/**
	 * Level at which services joining and leaving this node's view are logged.
	 */
	private LogLevel logLevel = LogLevel.DEBUG;

	/**
	 * How often each node asserts its liveness and its services.
	 */
	private Duration broadcastPeriod = Duration.ofMillis(500);

	/**
	 * How many broadcast periods a node may stay silent before its services are dropped
	 * from every other node's view.
	 */
	private int maxSilentPeriods = 3;

	/**
	 * How long a call waits for its reply when it names no timeout.
	 */
	private Duration callTimeout = Duration.ofSeconds(5);

	/**
	 * How long a stopping node lets its services, already offline, finish the messages
	 * they have accepted before it removes them.
	 */
	private Duration shutdownDrain = Duration.ofSeconds(10);

	/**
	 * How long a service that keeps state per key holds the messages of a key it gained
	 * while the key's state is on its way from its old owner; then they run without it.
	 */
	private Duration handoffTimeout = Duration.ofSeconds(5);

	/**
	 * How many messages a service may hold waiting, and how many one node may have
	 * outstanding to one service of another node.
	 */
	private int mailboxCapacity = 10_000;

	/**
	 * Largest encoded message or reply that may be sent to another node.
	 */
	private DataSize maxMessageSize = DataSize.ofMegabytes(1);

	/**
	 * Whether a blocking call to an idle service on this node runs its handler on the
	 * calling thread, like a direct method call, instead of handing it to the service's
	 * worker. Off by default: the call's timeout cannot interrupt a handler running on
	 * the caller's thread.
	 */
	private boolean localCallsOnCallerThread;

	/**
	 * Whether a call from another node to an idle service runs its handler on the thread
	 * that read it from that node's connection, with no hand-off to the service's worker,
	 * as gRPC's direct executor does. For handlers that never wait: while one runs,
	 * nothing else from that node is read, and a blocking call or multiCall from it fails
	 * at once. Off by default.
	 */
	private boolean handlersOnReaderThread;

	public LogLevel getLogLevel() {
		return this.logLevel;
	}

	public void setLogLevel(LogLevel logLevel) {
		this.logLevel = logLevel;
	}

	public Duration getBroadcastPeriod() {
		return this.broadcastPeriod;
	}

	public void setBroadcastPeriod(Duration broadcastPeriod) {
		this.broadcastPeriod = broadcastPeriod;
	}

	public int getMaxSilentPeriods() {
		return this.maxSilentPeriods;
	}

	public void setMaxSilentPeriods(int maxSilentPeriods) {
		this.maxSilentPeriods = maxSilentPeriods;
	}

	public Duration getCallTimeout() {
		return this.callTimeout;
	}

	public void setCallTimeout(Duration callTimeout) {
		this.callTimeout = callTimeout;
	}

	public Duration getShutdownDrain() {
		return this.shutdownDrain;
	}

	public void setShutdownDrain(Duration shutdownDrain) {
		this.shutdownDrain = shutdownDrain;
	}

	public Duration getHandoffTimeout() {
		return this.handoffTimeout;
	}

	public void setHandoffTimeout(Duration handoffTimeout) {
		this.handoffTimeout = handoffTimeout;
	}

	public int getMailboxCapacity() {
		return this.mailboxCapacity;
	}

	public void setMailboxCapacity(int mailboxCapacity) {
		this.mailboxCapacity = mailboxCapacity;
	}

	public DataSize getMaxMessageSize() {
		return this.maxMessageSize;
	}

	public void setMaxMessageSize(DataSize maxMessageSize) {
		this.maxMessageSize = maxMessageSize;
	}

	public boolean isLocalCallsOnCallerThread() {
		return this.localCallsOnCallerThread;
	}

	public void setLocalCallsOnCallerThread(boolean localCallsOnCallerThread) {
		this.localCallsOnCallerThread = localCallsOnCallerThread;
	}

	public boolean isHandlersOnReaderThread() {
		return this.handlersOnReaderThread;
	}

	public void setHandlersOnReaderThread(boolean handlersOnReaderThread) {
		this.handlersOnReaderThread = handlersOnReaderThread;
	}

}
