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

package dev.dispatch.security;

/**
 * What the cluster secret costs per batch in one thread of one JVM: sealing and opening a
 * batch of 200 bytes, and signing and checking an entry, in rounds of 200,000.
 * <p>
 * {@code java -cp dispatch-benchmarks/target/benchmarks.jar dev.dispatch.security.SealCost [rounds]}
 *
 * @author Dispatch team
 */
public final class SealCost {

	private static final int PER_ROUND = 200_000;

	private SealCost() {
	}

	public static void main(String[] args) {
		int rounds = (args.length > 0) ? Integer.parseInt(args[0]) : 5;
		String secret = "a-secret-of-at-least-thirty-two-characters";
		ClusterSeal sender = ClusterSeal.withSecret(secret, null, System::currentTimeMillis);
		ClusterSeal receiver = ClusterSeal.withSecret(secret, null, System::currentTimeMillis);
		byte[] batch = new byte[200];
		byte[][] sealed = new byte[PER_ROUND][];
		for (int round = 1; round <= rounds; round++) {
			long start = System.nanoTime();
			for (int i = 0; i < PER_ROUND; i++) {
				sealed[i] = sender.sealFrames("node-a", "node-b", batch);
			}
			long sealing = System.nanoTime() - start;
			start = System.nanoTime();
			for (int i = 0; i < PER_ROUND; i++) {
				if (receiver.openFrames("node-a", "node-b", sealed[i]) == null) {
					throw new IllegalStateException("A batch did not open");
				}
			}
			long opening = System.nanoTime() - start;
			start = System.nanoTime();
			for (int i = 0; i < PER_ROUND; i++) {
				receiver.verify(Channel.SERVICE_ENTRY, "service", sender.sign(Channel.SERVICE_ENTRY, "service", batch),
						false);
			}
			long signing = System.nanoTime() - start;
			System.out.printf("round %d: seal %.2f µs, open %.2f µs, sign and check an entry %.2f µs%n", round,
					sealing / 1e3 / PER_ROUND, opening / 1e3 / PER_ROUND, signing / 1e3 / PER_ROUND);
		}
	}

}
