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

import java.lang.ref.Reference;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import dev.dispatch.benchmarks.reference.DubboStyleRing;
import dev.dispatch.benchmarks.reference.LibringStyleRing;
import dev.dispatch.ring.HashRing;
import dev.dispatch.ring.KeyHasher;
import dev.dispatch.ring.RingInternals;

/**
 * Prints, for 100 and 1,000 services, how evenly the Dispatch ring and the reference
 * rings spread keys, how many keys change owner when one service joins or leaves, how
 * often a multi-service lookup comes back short, and how much memory each ring retains.
 * Run with {@code java -cp target/benchmarks.jar dev.dispatch.benchmarks.BalanceReport}.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
public final class BalanceReport {

	private static final int SAMPLE_KEYS = 1_000_000;

	private static final int[] SERVICE_COUNTS = { 100, 1000 };

	private static final int REPLICAS = 3;

	private BalanceReport() {
	}

	public static void main(String[] args) {
		String[] keys = Workload.keys(SAMPLE_KEYS, 7);
		System.out.printf("Balance and disruption report: %,d sample keys such as %s, services spread over %d nodes%n",
				SAMPLE_KEYS, keys[0], Workload.NODES);
		for (int services : SERVICE_COUNTS) {
			report(services, keys);
		}
	}

	private static void report(int services, String[] keys) {
		List<String> ids = Workload.serviceIds(services);
		String leaving = ids.get(services / 2);
		List<Router> routers = List.of(Router.dispatch(ids), Router.dubbo(ids), Router.libring(ids));
		System.out.printf("%n### %,d services%n%n", services);
		System.out.println("Share per service relative to the mean (1.000 = perfectly even): sampled with the keys, "
				+ "and exact over the hash space. The last row splits the keys evenly (key hash modulo the number of "
				+ "services), so its sampled spread is the noise of sampling alone.");
		System.out.println();
		System.out.println("| ring | points | sampled max | sampled min | exact max | exact min |");
		System.out.println("|---|---:|---:|---:|---:|---:|");
		for (Router router : routers) {
			double[] sampled = sampledShares(router, ids, keys);
			double[] exact = router.exactShares(ids);
			System.out.printf("| %s | %,d | %.3f | %.3f | %.3f | %.3f |%n", router.name(), router.pointCount(),
					max(sampled) * services, min(sampled) * services, max(exact) * services, min(exact) * services);
		}
		double[] uniform = uniformShares(services, keys);
		System.out.printf("| even split, sampled (sampling noise alone) | | %.3f | %.3f | 1.000 | 1.000 |%n",
				max(uniform) * services, min(uniform) * services);
		System.out.println();
		System.out.printf("Keys that change owner when %s joins (ideal: %.3f%% move, all to it):%n%n", Workload.JOINING,
				100.0 / (services + 1));
		System.out.println("| ring | moved | moved to the joining service | moved between staying services |");
		System.out.println("|---|---:|---:|---:|");
		for (Router router : routers) {
			Router joined = router.with(Workload.JOINING);
			printMoves(router.name(), owners(router, keys), owners(joined, keys), Workload.JOINING, false);
		}
		System.out.println();
		System.out.printf("Keys that change owner when %s leaves (ideal: its keys, %.3f%% on average):%n%n", leaving,
				100.0 / services);
		System.out.println("| ring | moved | moved from the leaving service | moved between staying services |");
		System.out.println("|---|---:|---:|---:|");
		for (Router router : routers) {
			Router left = router.without(leaving);
			printMoves(router.name(), owners(router, keys), owners(left, keys), leaving, true);
		}
		System.out.println();
		System.out.printf("findMulti(%d): keys that get fewer than %d distinct services%n%n", REPLICAS, REPLICAS);
		System.out.println("| ring | fewer than 3 | only 1 |");
		System.out.println("|---|---:|---:|");
		for (Router router : routers) {
			if (router.supportsFindMulti()) {
				int short3 = 0;
				int single = 0;
				for (String key : keys) {
					int size = router.findMulti(REPLICAS, key).size();
					short3 += (size < REPLICAS) ? 1 : 0;
					single += (size == 1) ? 1 : 0;
				}
				System.out.printf("| %s | %s | %s |%n", router.name(), ofKeys(short3), ofKeys(single));
			}
			else {
				System.out.printf("| %s | n/a (no multi-service lookup) | |%n", router.name());
			}
		}
		System.out.println();
		System.out.println("Memory retained by the ring (heap used after a full GC, minus before):");
		System.out.println();
		System.out.println("| ring | points | retained | per point |");
		System.out.println("|---|---:|---:|---:|");
		for (Router router : routers) {
			long bytes = retained(() -> router.rebuild(ids));
			System.out.printf("| %s | %,d | %,d B | %.1f B |%n", router.name(), router.pointCount(), bytes,
					(double) bytes / router.pointCount());
		}
		HashRing<String> dispatch = RingInternals.of(ids, Workload::group);
		int points = RingInternals.pointCount(dispatch);
		int buckets = RingInternals.bucketCount(dispatch);
		System.out.printf(
				"%nDispatch arrays: %,d points x 8 B (position and owner) + %,d buckets x 4 B = %,d B, "
						+ "%.2f B per point%n",
				points, buckets, points * 8L + buckets * 4L, (points * 8.0 + buckets * 4.0) / points);
	}

	private static double[] sampledShares(Router router, List<String> ids, String[] keys) {
		Map<String, Integer> index = new HashMap<>();
		for (int i = 0; i < ids.size(); i++) {
			index.put(ids.get(i), i);
		}
		double[] shares = new double[ids.size()];
		for (String owner : owners(router, keys)) {
			shares[index.get(owner)] += 1.0 / keys.length;
		}
		return shares;
	}

	private static double[] uniformShares(int services, String[] keys) {
		double[] shares = new double[services];
		for (String key : keys) {
			shares[(int) Long.remainderUnsigned(KeyHasher.hash(key), services)] += 1.0 / keys.length;
		}
		return shares;
	}

	private static String[] owners(Router router, String[] keys) {
		String[] owners = new String[keys.length];
		for (int i = 0; i < keys.length; i++) {
			owners[i] = router.find(keys[i]);
		}
		return owners;
	}

	private static void printMoves(String name, String[] before, String[] after, String changed, boolean leave) {
		int moved = 0;
		int changedService = 0;
		for (int i = 0; i < before.length; i++) {
			if (!before[i].equals(after[i])) {
				moved++;
				if ((leave ? before[i] : after[i]).equals(changed)) {
					changedService++;
				}
			}
		}
		System.out.printf("| %s | %s | %s | %s |%n", name, ofKeys(moved), ofKeys(changedService),
				ofKeys(moved - changedService));
	}

	private static String ofKeys(int count) {
		return String.format("%,d (%.3f%%)", count, 100.0 * count / SAMPLE_KEYS);
	}

	private static double max(double[] values) {
		return Arrays.stream(values).max().orElse(Double.NaN);
	}

	private static double min(double[] values) {
		return Arrays.stream(values).min().orElse(Double.NaN);
	}

	private static long retained(Supplier<Object> build) {
		long before = usedAfterGc();
		Object ring = build.get();
		long after = usedAfterGc();
		Reference.reachabilityFence(ring);
		return after - before;
	}

	private static long usedAfterGc() {
		Runtime runtime = Runtime.getRuntime();
		for (int i = 0; i < 3; i++) {
			System.gc();
		}
		return runtime.totalMemory() - runtime.freeMemory();
	}

	/**
	 * A ring under test, routing string keys to service ids.
	 */
	private abstract static class Router {

		private final String name;

		Router(String name) {
			this.name = name;
		}

		String name() {
			return this.name;
		}

		abstract String find(String key);

		boolean supportsFindMulti() {
			return true;
		}

		abstract List<String> findMulti(int count, String key);

		abstract Router with(String id);

		abstract Router without(String id);

		abstract Object rebuild(List<String> ids);

		abstract int pointCount();

		abstract Map<String, Double> shares();

		double[] exactShares(List<String> ids) {
			Map<String, Double> shares = shares();
			double[] result = new double[ids.size()];
			for (int i = 0; i < ids.size(); i++) {
				result[i] = shares.get(ids.get(i));
			}
			return result;
		}

		static Router dispatch(List<String> ids) {
			return dispatch(RingInternals.of(ids, Workload::group));
		}

		static Router dispatch(HashRing<String> ring) {
			return new Router("Dispatch") {

				@Override
				String find(String key) {
					return ring.find(KeyHasher.hash(key));
				}

				@Override
				List<String> findMulti(int count, String key) {
					return ring.findMulti(count, KeyHasher.hash(key));
				}

				@Override
				Router with(String id) {
					return dispatch(ring.with(id, Workload.group(id), id));
				}

				@Override
				Router without(String id) {
					return dispatch(ring.without(id));
				}

				@Override
				Object rebuild(List<String> ids) {
					return RingInternals.of(ids, Workload::group);
				}

				@Override
				int pointCount() {
					return RingInternals.pointCount(ring);
				}

				@Override
				Map<String, Double> shares() {
					double[] shares = RingInternals.shares(ring);
					Map<String, Double> result = new LinkedHashMap<>();
					for (int i = 0; i < shares.length; i++) {
						result.put(ring.values().get(i), shares[i]);
					}
					return result;
				}

			};
		}

		static Router dubbo(List<String> ids) {
			return dubbo(new DubboStyleRing(ids));
		}

		static Router dubbo(DubboStyleRing ring) {
			return new Router("Dubbo-style") {

				@Override
				String find(String key) {
					return ring.find(key);
				}

				@Override
				boolean supportsFindMulti() {
					return false;
				}

				@Override
				List<String> findMulti(int count, String key) {
					throw new UnsupportedOperationException();
				}

				@Override
				Router with(String id) {
					return dubbo(ring.with(id));
				}

				@Override
				Router without(String id) {
					return dubbo(ring.without(id));
				}

				@Override
				Object rebuild(List<String> ids) {
					return new DubboStyleRing(ids);
				}

				@Override
				int pointCount() {
					return ring.pointCount();
				}

				@Override
				Map<String, Double> shares() {
					return ring.shares();
				}

			};
		}

		static Router libring(List<String> ids) {
			return libring(LibringStyleRing.of(ids));
		}

		static Router libring(LibringStyleRing ring) {
			return new Router("libring-style") {

				@Override
				String find(String key) {
					return ring.find(key);
				}

				@Override
				List<String> findMulti(int count, String key) {
					return ring.findMulti(count, key);
				}

				@Override
				Router with(String id) {
					return libring(ring.with(id));
				}

				@Override
				Router without(String id) {
					return libring(ring.without(id));
				}

				@Override
				Object rebuild(List<String> ids) {
					return LibringStyleRing.of(ids);
				}

				@Override
				int pointCount() {
					return ring.pointCount();
				}

				@Override
				Map<String, Double> shares() {
					return ring.shares();
				}

			};
		}

	}

}
