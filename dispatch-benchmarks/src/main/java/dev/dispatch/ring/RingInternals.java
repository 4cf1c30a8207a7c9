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

package dev.dispatch.ring;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Access to package-private parts of {@link HashRing} for the benchmarks and the balance
 * report.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
public final class RingInternals {

	private RingInternals() {
	}

	/**
	 * Return a ring built in one step, with {@link HashRing#POINTS_PER_MEMBER} points per
	 * member, whose members' values are their ids.
	 * @param ids the member ids
	 * @param groupOf the group of each member id
	 * @return the ring
	 */
	public static HashRing<String> of(List<String> ids, Function<String, String> groupOf) {
		List<HashRing.Member<String>> members = new ArrayList<>(ids.size());
		for (String id : ids) {
			members.add(new HashRing.Member<>(id, groupOf.apply(id), id));
		}
		return HashRing.of(HashRing.POINTS_PER_MEMBER, members);
	}

	/**
	 * Return the share of the key hash space that each member owns.
	 * @param ring the ring
	 * @return the shares, ordered like {@link HashRing#values()}
	 */
	public static double[] shares(HashRing<?> ring) {
		return ring.shares();
	}

	/**
	 * Return the number of virtual points of a ring.
	 * @param ring the ring
	 * @return the number of points
	 */
	public static int pointCount(HashRing<?> ring) {
		return ring.pointCount();
	}

	/**
	 * Return the number of buckets in the index of a ring.
	 * @param ring the ring
	 * @return the number of buckets
	 */
	public static int bucketCount(HashRing<?> ring) {
		return ring.bucketCount();
	}

}
