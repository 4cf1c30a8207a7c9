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

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import dev.dispatch.ServiceRef;

/**
 * What a remote call's bookkeeping costs: registering it and settling it on its reply,
 * with its timeout on the {@link TimeoutWheel} against the former way, a task scheduled
 * and cancelled on a {@link ScheduledThreadPoolExecutor} and a {@link SecureRandom} call
 * id.
 * <p>
 * Run with
 * {@code java -jar dispatch-benchmarks/target/benchmarks.jar PendingCallsBenchmark}.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = { "-Xms512m", "-Xmx512m" })
@State(Scope.Benchmark)
public class PendingCallsBenchmark {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final ServiceRef TARGET = new ServiceRef("echo", "echo-1", "node-b");

	private ScheduledThreadPoolExecutor timer;

	private PendingCalls pendingCalls;

	private final Map<Long, Former> formerCalls = new ConcurrentHashMap<>();

	private final SecureRandom ids = new SecureRandom();

	@Setup
	public void start() {
		this.timer = TransportThreads.timer();
		this.pendingCalls = new PendingCalls(this.timer, (target) -> {
		});
	}

	@TearDown
	public void stop() {
		this.timer.shutdownNow();
	}

	@Benchmark
	public @Nullable Object timeoutWheel() {
		long id = this.pendingCalls.register(TARGET, String.class, new CompletableFuture<>(), TIMEOUT);
		return this.pendingCalls.settle(id, TARGET.node());
	}

	@Benchmark
	public @Nullable Object scheduledTask() {
		Former call = new Former(new CompletableFuture<>());
		long id = this.ids.nextLong();
		while (this.formerCalls.putIfAbsent(id, call) != null) {
			id = this.ids.nextLong();
		}
		call.timeout = this.timer.schedule(() -> call.future.complete(null), TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
		Former settled = this.formerCalls.get(id);
		if (settled == null || !this.formerCalls.remove(id, settled)) {
			return null;
		}
		ScheduledFuture<?> timeout = settled.timeout;
		if (timeout != null) {
			timeout.cancel(false);
		}
		return settled;
	}

	/**
	 * A pending call as it was kept before the wheel.
	 */
	static final class Former {

		final CompletableFuture<@Nullable Object> future;

		volatile @Nullable ScheduledFuture<?> timeout;

		Former(CompletableFuture<@Nullable Object> future) {
			this.future = future;
		}

	}

}
