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

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The services and keys that the benchmarks and the balance report route.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
final class Workload {

	/**
	 * The number of nodes that the services are spread over, each a group of the Dispatch
	 * ring.
	 */
	static final int NODES = 10;

	/**
	 * The id of a service that joins a ring.
	 */
	static final String JOINING = "service-joining";

	private Workload() {
	}

	/**
	 * Return the ids of the given number of services, {@code service-0000},
	 * {@code service-0001} and so on.
	 * @param count the number of services
	 * @return the ids
	 */
	static List<String> serviceIds(int count) {
		List<String> ids = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			ids.add(String.format("service-%04d", i));
		}
		return ids;
	}

	/**
	 * Return the node, and so the Dispatch group, of a service: services are spread
	 * round-robin over {@link #NODES} nodes by the number in their id.
	 * @param id the id of the service
	 * @return the group
	 */
	static String group(String id) {
		int dash = id.lastIndexOf('-');
		String suffix = id.substring(dash + 1);
		int number = suffix.chars().allMatch(Character::isDigit) ? Integer.parseInt(suffix) : 0;
		return "node-" + (number % NODES);
	}

	/**
	 * Return random keys such as {@code file-123456.png}.
	 * @param count the number of keys
	 * @param seed the seed of the random numbers
	 * @return the keys
	 */
	static String[] keys(int count, long seed) {
		SplittableRandom random = new SplittableRandom(seed);
		String[] keys = new String[count];
		for (int i = 0; i < count; i++) {
			keys[i] = "file-" + random.nextInt(1_000_000_000) + ".png";
		}
		return keys;
	}

}
