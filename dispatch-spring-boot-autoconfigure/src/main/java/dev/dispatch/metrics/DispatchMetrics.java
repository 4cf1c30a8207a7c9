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

package dev.dispatch.metrics;

import java.util.function.IntSupplier;

import org.jspecify.annotations.Nullable;

import dev.dispatch.DispatchRemoteException;
import dev.dispatch.DispatchTimeoutException;
import dev.dispatch.ServiceOverloadedException;
import dev.dispatch.ServiceRef;
import dev.dispatch.ServiceUnavailableException;

/**
 * Receives what Dispatch measures. The default records nothing; with Micrometer on the
 * classpath, {@link MicrometerDispatchMetrics} records meters.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
public interface DispatchMetrics {

	/**
	 * Records nothing.
	 */
	DispatchMetrics NONE = new DispatchMetrics() {
	};

	/**
	 * A call finished.
	 * @param service the service that was called
	 * @param local whether it is on this node
	 * @param outcome see {@link #outcome(Throwable)}
	 * @param nanos how long the caller waited
	 */
	default void call(ServiceRef service, boolean local, String outcome, long nanos) {
	}

	/**
	 * A cast was sent, or refused.
	 * @param service the service it was sent to
	 * @param local whether it is on this node
	 * @param outcome see {@link #outcome(Throwable)}
	 */
	default void cast(ServiceRef service, boolean local, String outcome) {
	}

	/**
	 * A multi-cast was sent.
	 * @param type the service type
	 * @param sent to how many services
	 */
	default void multiCast(String type, int sent) {
	}

	/**
	 * A handler of this node finished a message.
	 * @param service the service
	 * @param outcome {@code success} or {@code error}
	 * @param nanos how long the handler ran
	 */
	default void handled(ServiceRef service, String outcome, long nanos) {
	}

	/**
	 * The ring of a type changed on this node.
	 * @param type the service type
	 */
	default void ringChanged(String type) {
	}

	/**
	 * Keys of a stateful service were handed off, or failed or timed out.
	 * @param type the service type
	 * @param outcome {@code moved}, {@code timeout} or {@code failed}
	 * @param keys how many keys
	 */
	default void handoffs(String type, String outcome, int keys) {
	}

	/**
	 * Count keys whose state a service took over from its copy as a backup, after the
	 * key's owner left.
	 * @param type the service type
	 * @param keys how many keys
	 */
	default void backupsPromoted(String type, int keys) {
	}

	/**
	 * Count keys whose state was lost: their owner and every backup left together, or
	 * their copy could not be installed.
	 * @param type the service type
	 * @param keys how many keys
	 */
	default void backupsLost(String type, int keys) {
	}

	/**
	 * Watch how many states of a type's services wait for their backups to acknowledge
	 * them.
	 * @param type the service type
	 * @param lag the number of states not yet acknowledged
	 */
	default void backupLag(String type, IntSupplier lag) {
	}

	/**
	 * A service of this node handed off the keys it no longer owns.
	 * @param type the service type
	 * @param nanos how long it took, from the first {@code handOff} to the last state
	 * sent
	 */
	default void handoffBatch(String type, long nanos) {
	}

	/**
	 * A message routed by key went to a service other than the key's owner, because the
	 * owner had more than its bounded share of this node's messages in flight.
	 * @param type the service type
	 */
	default void spilled(String type) {
	}

	/**
	 * Name the outcome of an operation with a low-cardinality value.
	 * @param error what went wrong, or {@code null}
	 * @return {@code success}, {@code timeout}, {@code unavailable}, {@code overloaded},
	 * {@code remote_error} or {@code error}
	 */
	static String outcome(@Nullable Throwable error) {
		if (error == null) {
			return "success";
		}
		if (error instanceof DispatchTimeoutException) {
			return "timeout";
		}
		if (error instanceof ServiceUnavailableException) {
			return "unavailable";
		}
		if (error instanceof ServiceOverloadedException) {
			return "overloaded";
		}
		if (error instanceof DispatchRemoteException) {
			return "remote_error";
		}
		return "error";
	}

	/**
	 * Something another member sent was refused by the cluster secret.
	 * @param kind what it was: {@code frame}, {@code heartbeat}, {@code republish},
	 * {@code entry} or {@code address}
	 * @param reason why: {@code unauthenticated}, {@code replayed}, {@code expired} or
	 * {@code malformed}
	 */
	default void rejected(String kind, String reason) {
	}

}
