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

package dev.dispatch.benchmarks.reference;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Exact shares of a hash space owned by the services of a sorted map of points, where a
 * hash is owned by the first point at or after it, wrapping around.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
final class ArcShares {

	private ArcShares() {
	}

	/**
	 * Return the share of the hash space {@code [0, space)} that each service owns.
	 * @param points the points and their services
	 * @param space the size of the hash space
	 * @param services the services, in the order of the result
	 * @return the shares by service
	 */
	static Map<String, Double> of(TreeMap<Long, String> points, long space, Collection<String> services) {
		Map<String, Double> shares = new LinkedHashMap<>();
		for (String service : services) {
			shares.put(service, 0.0);
		}
		if (points.isEmpty()) {
			return shares;
		}
		long previous = points.lastKey() - space;
		for (Map.Entry<Long, String> point : points.entrySet()) {
			shares.merge(point.getValue(), (double) (point.getKey() - previous) / space, Double::sum);
			previous = point.getKey();
		}
		return shares;
	}

}
