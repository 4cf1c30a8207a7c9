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

import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import dev.dispatch.DispatchTimeoutException;
import dev.dispatch.ServiceRef;

/**
 * The calls to other nodes that wait for a reply, each failed at its timeout or as soon
 * as its node is known to be gone.
 *
 * @author Dispatch team
 */
final class PendingCalls {

	private final Map<Long, PendingCall> calls = new ConcurrentHashMap<>();

	private final AtomicLong ids = new AtomicLong();

	private final ScheduledExecutorService timer;

	PendingCalls(ScheduledExecutorService timer) {
		this.timer = timer;
	}

	long register(ServiceRef target, Class<?> replyType, CompletableFuture<Object> future, Duration timeout) {
		long id = this.ids.incrementAndGet();
		PendingCall call = new PendingCall(target, replyType, future);
		this.calls.put(id, call);
		call.timeout = this.timer.schedule(() -> {
			if (this.calls.remove(id) != null) {
				future.completeExceptionally(new DispatchTimeoutException(target, timeout));
			}
		}, timeout.toNanos(), TimeUnit.NANOSECONDS);
		return id;
	}

	@Nullable PendingCall remove(long id) {
		PendingCall call = this.calls.remove(id);
		if (call != null) {
			ScheduledFuture<?> timeout = call.timeout;
			if (timeout != null) {
				timeout.cancel(false);
			}
		}
		return call;
	}

	/**
	 * Fail every call that waits for a node.
	 * @param node the node
	 * @param error the error for a call
	 */
	void failNode(String node, Function<ServiceRef, ? extends Throwable> error) {
		for (Iterator<Map.Entry<Long, PendingCall>> it = this.calls.entrySet().iterator(); it.hasNext();) {
			Map.Entry<Long, PendingCall> entry = it.next();
			if (entry.getValue().target.node().equals(node)) {
				PendingCall call = remove(entry.getKey());
				if (call != null) {
					call.future.completeExceptionally(error.apply(call.target));
				}
			}
		}
	}

	void failAll(Function<ServiceRef, ? extends Throwable> error) {
		for (Long id : this.calls.keySet()) {
			PendingCall call = remove(id);
			if (call != null) {
				call.future.completeExceptionally(error.apply(call.target));
			}
		}
	}

	int size() {
		return this.calls.size();
	}

	static final class PendingCall {

		final ServiceRef target;

		final Class<?> replyType;

		final CompletableFuture<Object> future;

		volatile @Nullable ScheduledFuture<?> timeout;

		PendingCall(ServiceRef target, Class<?> replyType, CompletableFuture<Object> future) {
			this.target = target;
			this.replyType = replyType;
			this.future = future;
		}

	}

}
