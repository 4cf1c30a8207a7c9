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

import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.dispatch.benchmarks.reference.DubboStyleRing;
import dev.dispatch.ring.HashRing;
import dev.dispatch.ring.RingInternals;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The time to apply one join or one leave to a ring of {@code services} services.
 * Dispatch derives a new ring from the old one; Dubbo rebuilds its selector from the new
 * list of addresses. Forks run on a fixed, pre-touched heap.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = { "-Xms4g", "-Xmx4g", "-XX:+AlwaysPreTouch" })
@State(Scope.Thread)
public class RingChangeBenchmark {

	@Param({ "100", "1000" })
	private int services;

	private HashRing<String> dispatch;

	private DubboStyleRing dubbo;

	private String joiningGroup;

	private String leaving;

	@Setup
	public void setUp() {
		List<String> ids = Workload.serviceIds(this.services);
		this.dispatch = RingInternals.of(ids, Workload::group);
		this.dubbo = new DubboStyleRing(ids);
		this.joiningGroup = Workload.group(Workload.JOINING);
		this.leaving = ids.get(ids.size() / 2);
	}

	@Benchmark
	public HashRing<String> dispatchJoin() {
		return this.dispatch.with(Workload.JOINING, this.joiningGroup, Workload.JOINING);
	}

	@Benchmark
	public HashRing<String> dispatchLeave() {
		return this.dispatch.without(this.leaving);
	}

	@Benchmark
	public DubboStyleRing dubboJoin() {
		return this.dubbo.with(Workload.JOINING);
	}

	@Benchmark
	public DubboStyleRing dubboLeave() {
		return this.dubbo.without(this.leaving);
	}

}
