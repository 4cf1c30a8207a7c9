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

import java.lang.management.ManagementFactory;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The heap that registered services cost: two nodes (two Hazelcast members in this JVM),
 * {@code types x perType} services added on the first, heap used after a full GC once the
 * second node sees them all, minus before. Both nodes hold every entry and every ring;
 * the first also holds each service's endpoint.
 * <p>
 * {@code java -Xmx4g -cp dispatch-benchmarks/target/benchmarks.jar dev.dispatch.benchmarks.RegistryFootprint [types] [perType]}
 *
 * @author Dispatch team
 */
public final class RegistryFootprint {

	private RegistryFootprint() {
	}

	public static void main(String[] args) throws Exception {
		int types = (args.length > 0) ? Integer.parseInt(args[0]) : 10;
		int perType = (args.length > 1) ? Integer.parseInt(args[1]) : 100;
		String cluster = "footprint-" + UUID.randomUUID();
		try (Node writer = Node.start(cluster, 16901, 16902); Node reader = Node.start(cluster, 16902, 16901)) {
			long before = usedAfterGc();
			Services handler = new Services();
			for (int type = 0; type < types; type++) {
				for (int i = 0; i < perType; i++) {
					writer.registry.addService("footprint-" + type, handler);
				}
			}
			long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
			while (reader.registry.getTypes().size() < types
					|| reader.registry.getOnlineServices("footprint-" + (types - 1)).size() < perType) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("The second node did not see every service within 5 minutes");
				}
				Thread.sleep(100);
			}
			long after = usedAfterGc();
			int services = types * perType;
			System.out.printf("%d services (%d types x %d) on two nodes: %,d B of heap, %,d B per service and node%n",
					services, types, perType, after - before, (after - before) / services / 2);
		}
	}

	private static long usedAfterGc() {
		for (int i = 0; i < 3; i++) {
			System.gc();
		}
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

}
