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
import dev.dispatch.benchmarks.reference.LibringStyleRing;
import dev.dispatch.ring.HashRing;
import dev.dispatch.ring.KeyHasher;
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
 * The time to route one string key, hashing included, with the Dispatch ring and with the
 * reference rings. Each invocation takes the next of {@code keyCount} random keys such as
 * {@code file-123456.png}: with the default of 1,048,576 keys, most lookups miss the CPU
 * caches on large rings; {@code -p keyCount=1024} measures a hot working set instead.
 * Forks run on a fixed, pre-touched heap, so that allocating lookups do not pay for the
 * first touch of fresh heap memory.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = { "-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch" })
@State(Scope.Thread)
public class RoutingBenchmark {

	@Param({ "100", "1000" })
	private int services;

	@Param({ "1048576" })
	private int keyCount;

	private HashRing<String> dispatch;

	private DubboStyleRing dubbo;

	private LibringStyleRing libring;

	private String[] keys;

	private int next;

	@Setup
	public void setUp() {
		List<String> ids = Workload.serviceIds(this.services);
		this.dispatch = RingInternals.of(ids, Workload::group);
		this.dubbo = new DubboStyleRing(ids);
		this.libring = LibringStyleRing.of(ids);
		if (Integer.bitCount(this.keyCount) != 1) {
			throw new IllegalArgumentException("keyCount must be a power of two but was " + this.keyCount);
		}
		this.keys = Workload.keys(this.keyCount, 42);
	}

	@Benchmark
	public long dispatchHashOnly() {
		return KeyHasher.hash(nextKey());
	}

	@Benchmark
	public String dispatchFind() {
		return this.dispatch.find(KeyHasher.hash(nextKey()));
	}

	@Benchmark
	public List<String> dispatchFindMulti3() {
		return this.dispatch.findMulti(3, KeyHasher.hash(nextKey()));
	}

	@Benchmark
	public String dubboFind() {
		return this.dubbo.find(nextKey());
	}

	@Benchmark
	public String libringFind() {
		return this.libring.find(nextKey());
	}

	@Benchmark
	public List<String> libringFindMulti3() {
		return this.libring.findMulti(3, nextKey());
	}

	private String nextKey() {
		String key = this.keys[this.next];
		this.next = (this.next + 1) & (this.keys.length - 1);
		return key;
	}

}
