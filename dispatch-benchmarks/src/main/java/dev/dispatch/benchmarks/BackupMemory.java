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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.hazelcast.config.MapConfig;
import com.hazelcast.map.IMap;
import com.hazelcast.map.LocalMapStats;

import dev.dispatch.ServiceRef;

/**
 * The memory that a backed-up key costs: {@link #KEYS} keys of one of the two
 * {@link BackupsComparison#MEMORY_TYPE} services (one on each serving JVM, backups = 1),
 * counted once each, so that the other service holds a copy of each. Live objects
 * ({@link HeapHistogram}) and heap used after a GC on both serving JVMs before and after,
 * per key, beside the encoded copy (key and state as JSON with their type names) that the
 * backup holds; and Hazelcast's own estimate of a backup entry's cost
 * ({@code LocalMapStats}) for the same keys in a map with {@code backup-count} 1.
 *
 * @param heapPerKey heap used per key at the backup
 * @param livePerKey live objects per key at the backup
 * @param encodedPerKey bytes of an encoded copy
 * @param ownerPerKey heap used per key at the owner
 * @param hazelcastPerKey Hazelcast's estimate of a backup entry
 * @author Dispatch team
 */
record BackupMemory(double heapPerKey, double livePerKey, double encodedPerKey, double ownerPerKey,
		double hazelcastPerKey) {

	static final int KEYS = 100_000;

	static BackupMemory measure(Node node, CounterPeer b, CounterPeer c) throws Exception {
		double loadBefore = BackupsComparison.load();
		long[] beforeB = b.heap(0);
		long[] beforeC = c.heap(0);
		ServiceRef owner = node.registry.getOnlineServices(BackupsComparison.MEMORY_TYPE).get(0).ref();
		String[] keys = keys(node, owner);
		long start = System.nanoTime();
		long failed = fill(node, keys);
		double seconds = (System.nanoTime() - start) / 1e9;
		long[] afterB = b.heap(KEYS);
		long[] afterC = c.heap(KEYS);
		boolean backupIsC = afterC[1] - beforeC[1] > afterB[1] - beforeB[1];
		long[] before = backupIsC ? beforeC : beforeB;
		long[] after = backupIsC ? afterC : afterB;
		long[] ownerBefore = backupIsC ? beforeB : beforeC;
		long[] ownerAfter = backupIsC ? afterB : afterC;
		System.out.printf(
				"%nFilled %,d keys with backups = 1 in %.1f s from %d threads, %,d calls failed "
						+ "(load %.2f → %.2f)%n",
				keys.length, seconds, BackupsComparison.THREADS, failed, loadBefore, BackupsComparison.load());
		return new BackupMemory((after[0] - before[0]) / (double) keys.length, after[2] / (double) keys.length,
				(after[1] - before[1]) / (double) keys.length, (ownerAfter[0] - ownerBefore[0]) / (double) keys.length,
				hazelcastPerKey(node));
	}

	private static String[] keys(Node node, ServiceRef owner) {
		String[] keys = new String[KEYS];
		int count = 0;
		for (long i = 0; count < keys.length; i++) {
			String key = "m-" + i;
			if (owner.equals(node.registry.findService(BackupsComparison.MEMORY_TYPE, key).orElse(null))) {
				keys[count++] = key;
			}
		}
		return keys;
	}

	private static long fill(Node node, String[] keys) throws InterruptedException {
		AtomicInteger next = new AtomicInteger();
		AtomicLong failed = new AtomicLong();
		List<Thread> threads = new ArrayList<>();
		for (int i = 0; i < BackupsComparison.THREADS; i++) {
			Thread thread = new Thread(() -> {
				for (int index; (index = next.getAndIncrement()) < keys.length;) {
					try {
						node.template.call(BackupsComparison.MEMORY_TYPE, keys[index], new Counters.Add(keys[index]),
								Long.class, Duration.ofSeconds(10));
					}
					catch (RuntimeException ex) {
						if (failed.getAndIncrement() == 0) {
							System.out.println("First failed call: " + ex);
						}
					}
				}
			});
			thread.start();
			threads.add(thread);
		}
		for (Thread thread : threads) {
			thread.join();
		}
		return failed.get();
	}

	private static double hazelcastPerKey(Node node) {
		String name = "bench-counters-memory";
		node.hazelcast.getConfig().addMapConfig(new MapConfig(name).setBackupCount(1));
		IMap<String, Long> map = node.hazelcast.getMap(name);
		Map<String, Long> batch = new HashMap<>();
		for (int i = 0; i < KEYS; i++) {
			batch.put("m-" + i, 1L);
			if (batch.size() == 1000) {
				map.putAll(batch);
				batch.clear();
			}
		}
		LocalMapStats stats = map.getLocalMapStats();
		return stats.getBackupEntryMemoryCost() / (double) stats.getBackupEntryCount();
	}

	void print() {
		System.out.println();
		System.out.println("| per backed-up key | bytes |");
		System.out.println("|---|---:|");
		System.out.printf("| encoded copy (key + state as JSON, with type names) | %.1f |%n", this.encodedPerKey);
		System.out.printf("| live objects at the backup (`GC.class_histogram`) | %.1f |%n", this.livePerKey);
		System.out.printf(
				"| heap used at the backup, after a GC (G1 regions, so humongous arrays count whole) | %.1f |%n",
				this.heapPerKey);
		System.out.printf("| heap used at the owner (its state, and the version it keeps for its backups) | %.1f |%n",
				this.ownerPerKey);
		System.out.printf("| Hazelcast backup entry, backup-count 1 (its own estimate, `LocalMapStats`) | %.1f |%n",
				this.hazelcastPerKey);
	}

}
