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

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * A consistent-hash ring written from the algorithm of the Elixir library libring
 * ({@code HashRing}): each service is placed at {@link #POINTS_PER_SERVICE} points
 * {@code hash({service, i})} in a 32-bit hash space, and a key is owned by the service of
 * the first point at or after the key's hash, wrapping around to the smallest point.
 * <p>
 * libring uses {@code :erlang.phash2(term, 2^32 - 1)}; this ring uses the 32-bit
 * MurmurHash3 of the string's UTF-16 code units reduced modulo {@code 2^32 - 1}, a hash
 * of the same width and range. As in libring, a point that collides with an existing one
 * is dropped (the first service keeps it), and {@link #findMulti(int, String)} walks only
 * the points after the key's hash without wrapping around, so it may return fewer
 * services than asked for near the top of the ring (only the owner when the key's hash is
 * above every point).
 * <p>
 * Instances are immutable; changes copy the tree.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
public final class LibringStyleRing {

	/**
	 * The number of points per service, libring's default weight.
	 */
	public static final int POINTS_PER_SERVICE = 128;

	/**
	 * The size of the hash space: hashes are in {@code [0, HASH_SPACE)}.
	 */
	public static final long HASH_SPACE = 0xFFFFFFFFL;

	private final TreeMap<Long, String> points;

	private final Set<String> services;

	private LibringStyleRing(TreeMap<Long, String> points, Set<String> services) {
		this.points = points;
		this.services = services;
	}

	/**
	 * Return a ring with the given services, added in order.
	 * @param services the services
	 * @return the ring
	 */
	public static LibringStyleRing of(Collection<String> services) {
		TreeMap<Long, String> points = new TreeMap<>();
		Set<String> added = new LinkedHashSet<>();
		for (String service : services) {
			if (added.add(service)) {
				addPoints(points, service);
			}
		}
		return new LibringStyleRing(points, Collections.unmodifiableSet(added));
	}

	/**
	 * Return a ring with the given service added.
	 * @param service the service
	 * @return the new ring, or this ring if the service is present
	 */
	public LibringStyleRing with(String service) {
		if (this.services.contains(service)) {
			return this;
		}
		TreeMap<Long, String> points = new TreeMap<>(this.points);
		addPoints(points, service);
		Set<String> services = new LinkedHashSet<>(this.services);
		services.add(service);
		return new LibringStyleRing(points, Collections.unmodifiableSet(services));
	}

	/**
	 * Return a ring without the given service: its points are removed and no other point
	 * is added.
	 * @param service the service
	 * @return the new ring, or this ring if the service is absent
	 */
	public LibringStyleRing without(String service) {
		if (!this.services.contains(service)) {
			return this;
		}
		TreeMap<Long, String> points = new TreeMap<>();
		for (Map.Entry<Long, String> point : this.points.entrySet()) {
			if (!point.getValue().equals(service)) {
				points.put(point.getKey(), point.getValue());
			}
		}
		Set<String> services = new LinkedHashSet<>(this.services);
		services.remove(service);
		return new LibringStyleRing(points, Collections.unmodifiableSet(services));
	}

	/**
	 * Return the service that owns the given key.
	 * @param key the key
	 * @return the owner, or {@code null} if the ring is empty
	 */
	public String find(String key) {
		if (this.points.isEmpty()) {
			return null;
		}
		Map.Entry<Long, String> point = this.points.ceilingEntry(hash(key));
		return (point != null) ? point.getValue() : this.points.firstEntry().getValue();
	}

	/**
	 * Return up to {@code count} distinct services for the given key, walking the points
	 * after the key's hash up to the top of the ring, as libring's {@code key_to_nodes}
	 * does. When the key's hash is above every point, only the owner is returned.
	 * @param count the number of services wanted
	 * @param key the key
	 * @return the services, in ring order, the owner first
	 */
	public List<String> findMulti(int count, String key) {
		if (this.points.isEmpty()) {
			return List.of();
		}
		int wanted = Math.min(count, this.services.size());
		NavigableMap<Long, String> tail = this.points.tailMap(hash(key), true);
		if (tail.isEmpty()) {
			return List.of(this.points.firstEntry().getValue());
		}
		List<String> result = new ArrayList<>(wanted);
		for (String service : tail.values()) {
			if (!result.contains(service)) {
				result.add(service);
				if (result.size() == wanted) {
					break;
				}
			}
		}
		return result;
	}

	/**
	 * Return the number of services.
	 * @return the number of services
	 */
	public int size() {
		return this.services.size();
	}

	/**
	 * Return the number of points on the ring, after dropping colliding ones.
	 * @return the number of points
	 */
	public int pointCount() {
		return this.points.size();
	}

	/**
	 * Return the share of the hash space that each service owns.
	 * @return the shares by service, in the order the services were added
	 */
	public Map<String, Double> shares() {
		return ArcShares.of(this.points, HASH_SPACE, this.services);
	}

	/**
	 * Return the hash of the given string in {@code [0, HASH_SPACE)}.
	 * @param string the string
	 * @return the hash
	 */
	public static long hash(String string) {
		return Integer.toUnsignedLong(murmur3(string)) % HASH_SPACE;
	}

	private static void addPoints(TreeMap<Long, String> points, String service) {
		for (int i = 1; i <= POINTS_PER_SERVICE; i++) {
			points.putIfAbsent(hash(service + '\u0000' + i), service);
		}
	}

	private static int murmur3(String string) {
		int length = string.length();
		int h = 0;
		int i = 0;
		for (; i + 1 < length; i += 2) {
			h ^= mixBlock(string.charAt(i) | (string.charAt(i + 1) << 16));
			h = Integer.rotateLeft(h, 13) * 5 + 0xE6546B64;
		}
		if (i < length) {
			h ^= mixBlock(string.charAt(i));
		}
		h ^= length * 2;
		h ^= h >>> 16;
		h *= 0x85EBCA6B;
		h ^= h >>> 13;
		h *= 0xC2B2AE35;
		return h ^ (h >>> 16);
	}

	private static int mixBlock(int block) {
		return Integer.rotateLeft(block * 0xCC9E2D51, 15) * 0x1B873593;
	}

}
