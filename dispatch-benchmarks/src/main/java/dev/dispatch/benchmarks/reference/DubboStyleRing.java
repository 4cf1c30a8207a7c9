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

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A consistent-hash ring written from the algorithm of Apache Dubbo's
 * {@code ConsistentHashLoadBalance}: each address gets {@link #VIRTUAL_NODES} virtual
 * nodes; for each group of four, the MD5 digest of {@code address + i} is cut into four
 * 32-bit little-endian slices, each a point in {@code [0, 2^32)}. A key is hashed with
 * MD5 and the first slice of its digest selects the first point at or after it, wrapping
 * around to the smallest point. Colliding points keep the address put last, as
 * {@code TreeMap.put} does.
 * <p>
 * Dubbo builds a new selector whenever the list of invokers changes, so
 * {@link #with(String)} and {@link #without(String)} build a new ring. Instances are
 * immutable and thread-safe: each thread uses its own {@link MessageDigest}.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
public final class DubboStyleRing {

	/**
	 * The number of virtual nodes per address, Dubbo's default {@code hash.nodes}.
	 */
	public static final int VIRTUAL_NODES = 160;

	/**
	 * The size of the hash space: points and key hashes are in {@code [0, HASH_SPACE)}.
	 */
	public static final long HASH_SPACE = 1L << 32;

	private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(DubboStyleRing::newMd5);

	private final TreeMap<Long, String> virtualNodes = new TreeMap<>();

	private final List<String> addresses;

	/**
	 * Create a ring with the given addresses.
	 * @param addresses the addresses
	 */
	public DubboStyleRing(Collection<String> addresses) {
		Set<String> distinct = new LinkedHashSet<>(addresses);
		for (String address : distinct) {
			for (int i = 0; i < VIRTUAL_NODES / 4; i++) {
				byte[] digest = md5(address + i);
				for (int slice = 0; slice < 4; slice++) {
					this.virtualNodes.put(slice(digest, slice), address);
				}
			}
		}
		this.addresses = Collections.unmodifiableList(new ArrayList<>(distinct));
	}

	/**
	 * Return a ring with the given address added at the end of the list of addresses.
	 * @param address the address
	 * @return the new ring, or this ring if the address is present
	 */
	public DubboStyleRing with(String address) {
		if (this.addresses.contains(address)) {
			return this;
		}
		List<String> addresses = new ArrayList<>(this.addresses);
		addresses.add(address);
		return new DubboStyleRing(addresses);
	}

	/**
	 * Return a ring without the given address.
	 * @param address the address
	 * @return the new ring, or this ring if the address is absent
	 */
	public DubboStyleRing without(String address) {
		if (!this.addresses.contains(address)) {
			return this;
		}
		List<String> addresses = new ArrayList<>(this.addresses);
		addresses.remove(address);
		return new DubboStyleRing(addresses);
	}

	/**
	 * Return the address that owns the given key.
	 * @param key the key
	 * @return the owner, or {@code null} if the ring is empty
	 */
	public String find(String key) {
		if (this.virtualNodes.isEmpty()) {
			return null;
		}
		Map.Entry<Long, String> node = this.virtualNodes.ceilingEntry(hash(key));
		return (node != null) ? node.getValue() : this.virtualNodes.firstEntry().getValue();
	}

	/**
	 * Return the number of addresses.
	 * @return the number of addresses
	 */
	public int size() {
		return this.addresses.size();
	}

	/**
	 * Return the number of virtual nodes on the ring, after collisions.
	 * @return the number of virtual nodes
	 */
	public int pointCount() {
		return this.virtualNodes.size();
	}

	/**
	 * Return the share of the hash space that each address owns.
	 * @return the shares by address, in the order of the addresses
	 */
	public Map<String, Double> shares() {
		return ArcShares.of(this.virtualNodes, HASH_SPACE, this.addresses);
	}

	/**
	 * Return the hash of the given key: the first 32-bit little-endian slice of its MD5
	 * digest.
	 * @param key the key
	 * @return the hash, in {@code [0, HASH_SPACE)}
	 */
	public static long hash(String key) {
		return slice(md5(key), 0);
	}

	private static byte[] md5(String value) {
		MessageDigest md5 = MD5.get();
		md5.reset();
		return md5.digest(value.getBytes(StandardCharsets.UTF_8));
	}

	private static long slice(byte[] digest, int slice) {
		int offset = slice * 4;
		return ((long) (digest[offset + 3] & 0xFF) << 24) | ((digest[offset + 2] & 0xFF) << 16)
				| ((digest[offset + 1] & 0xFF) << 8) | (digest[offset] & 0xFF);
	}

	private static MessageDigest newMd5() {
		try {
			return MessageDigest.getInstance("MD5");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("MD5 is not available", ex);
		}
	}

}
