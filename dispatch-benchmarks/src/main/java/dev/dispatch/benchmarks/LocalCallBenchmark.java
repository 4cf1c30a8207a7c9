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

package dev.dispatch.benchmarks;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import dev.dispatch.ServiceRef;

/**
 * A {@code call} to a service on the same node ({@code concurrency} 1) against calling
 * the handler method directly; also routed by key, which adds the ring lookup.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = { "-Xms512m", "-Xmx512m" })
@State(Scope.Benchmark)
public class LocalCallBenchmark {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private Node node;

	private Services services;

	private ServiceRef local;

	/**
	 * Whether an idle service runs the handler on the caller's thread
	 * ({@code dispatch.registry.local-calls-on-caller-thread}, off by default).
	 */
	@Param({ "false", "true" })
	public boolean onCallerThread;

	@Setup
	public void start() {
		int port = 17701 + (int) (ProcessHandle.current().pid() % 1000);
		this.node = Node.start("local-" + UUID.randomUUID(), port, port);
		this.node.template.setLocalCallsOnCallerThread(this.onCallerThread);
		this.services = new Services();
		this.local = this.node.registry.addService(MessagingComparison.ECHO, this.services, 1, Map.of());
	}

	@TearDown
	public void stop() {
		this.node.close();
	}

	@Benchmark
	public String direct() {
		return this.services.echo("ping");
	}

	@Benchmark
	public String callService() {
		return this.node.template.call(this.local, "ping", String.class, TIMEOUT);
	}

	@Benchmark
	public String callByKey() {
		return this.node.template.call(MessagingComparison.ECHO, "file-123.png", "ping", String.class, TIMEOUT);
	}

}
