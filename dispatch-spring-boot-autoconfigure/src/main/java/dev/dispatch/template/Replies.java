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

package dev.dispatch.template;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jspecify.annotations.Nullable;

import dev.dispatch.DispatchException;
import dev.dispatch.DispatchTimeoutException;
import dev.dispatch.Reply;
import dev.dispatch.ServiceRef;

/**
 * Waits for the reply of a call, turning every way it can fail into a
 * {@link DispatchException}.
 *
 * @author Dispatch team
 */
final class Replies {

	private Replies() {
	}

	static <R> R await(CompletableFuture<R> future, ServiceRef target, Duration timeout) {
		try {
			// the transport fails the future at the timeout; the margin only guards
			// against a lost timer
			return future.get(timeout.toNanos() + TimeUnit.SECONDS.toNanos(1), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new DispatchException("Interrupted while waiting for service " + target.id(), ex);
		}
		catch (ExecutionException | CompletionException ex) {
			throw asDispatchException(ex.getCause(), target);
		}
		catch (TimeoutException ex) {
			throw new DispatchTimeoutException(target, timeout);
		}
		catch (CancellationException ex) {
			throw new DispatchException("The call to service " + target.id() + " was cancelled", ex);
		}
	}

	private static DispatchException asDispatchException(@Nullable Throwable error, ServiceRef target) {
		if (error instanceof DispatchException dispatchException) {
			return dispatchException;
		}
		return new DispatchException("The call to service " + target.id() + " failed: " + error, error);
	}

	/**
	 * Wait for the replies of several services, each within the timeout.
	 * @return a reply or an error per service, in their order
	 */
	static <R> List<Reply<R>> awaitAll(List<ServiceRef> targets, List<CompletableFuture<R>> futures, Duration timeout) {
		List<Reply<R>> replies = new ArrayList<>(targets.size());
		for (int i = 0; i < targets.size(); i++) {
			ServiceRef target = targets.get(i);
			try {
				replies.add(new Reply<>(target, await(futures.get(i), target, timeout), null));
			}
			catch (DispatchException ex) {
				replies.add(new Reply<>(target, null, ex));
			}
		}
		return replies;
	}

}
