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

package dev.dispatch.actuate.endpoint;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.dispatch.ServiceInfo;
import dev.dispatch.ring.HashRing;
import dev.dispatch.ring.RingSectors;

/**
 * The pictures of the types' rings that the {@link DispatchEndpoint} shows: each online
 * service's share of the keys, and its arcs, the sectors of the ring where it owns the
 * most keys. A ring is a function of its members' ids, so a type's ring is built again
 * from its online services, and its picture kept while the type's ring checksum stays the
 * same.
 *
 * @author Dispatch team
 */
final class RingPictures {

	/**
	 * How many sectors the ring is cut into.
	 */
	static final int SECTORS = 256;

	private final Map<String, Picture> pictures = new ConcurrentHashMap<>();

	/**
	 * Return the picture of a type's ring.
	 * @param type the type
	 * @param checksum the type's ring checksum
	 * @param online the type's online services
	 * @return the picture
	 */
	Picture of(String type, long checksum, List<ServiceInfo> online) {
		Picture picture = this.pictures.get(type);
		if (picture != null && picture.checksum() == checksum) {
			return picture;
		}
		picture = draw(online);
		this.pictures.put(type, picture);
		return picture;
	}

	/**
	 * Forget the pictures of other types than these.
	 * @param types the types to keep
	 */
	void retain(Collection<String> types) {
		this.pictures.keySet().retainAll(types);
	}

	private static Picture draw(List<ServiceInfo> online) {
		HashRing<String> ring = HashRing.of(online.stream()
			.map((info) -> new HashRing.Member<>(info.ref().id(), info.ref().node(), info.ref().id()))
			.toList());
		List<String> ids = ring.values();
		double[] fractions = RingSectors.shares(ring);
		Map<String, Double> shares = new HashMap<>();
		for (int m = 0; m < ids.size(); m++) {
			shares.put(ids.get(m), fractions[m]);
		}
		int[] owners = RingSectors.owners(ring, SECTORS);
		Map<String, List<double[]>> arcs = new HashMap<>();
		int start = 0;
		for (int sector = 1; sector <= SECTORS; sector++) {
			if (sector == SECTORS || owners[sector] != owners[start]) {
				if (owners[start] >= 0) {
					arcs.computeIfAbsent(ids.get(owners[start]), (id) -> new ArrayList<>())
						.add(new double[] { start / (double) SECTORS, sector / (double) SECTORS });
				}
				start = sector;
			}
		}
		return new Picture(ring.checksum(), shares, arcs);
	}

	/**
	 * The picture of one ring.
	 *
	 * @param checksum the ring's checksum
	 * @param shares the share of the keys of each service, by id
	 * @param arcs the arcs of each service, by id, as fractions of a turn from key hash 0
	 */
	record Picture(long checksum, Map<String, Double> shares, Map<String, List<double[]>> arcs) {

		double share(String id) {
			return this.shares.getOrDefault(id, 0.0);
		}

		List<double[]> arcs(String id) {
			return this.arcs.getOrDefault(id, List.of());
		}

	}

}
