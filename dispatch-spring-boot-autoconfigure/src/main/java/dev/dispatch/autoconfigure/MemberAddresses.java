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

package dev.dispatch.autoconfigure;

import java.util.ArrayList;
import java.util.List;

/**
 * The members of the TCP-IP join with a port each: a member given without one means its
 * host on ports 5701 to 5703. Hazelcast itself would try the port of the joining node and
 * the two after it, so that nodes of one host with a port each would never find the ones
 * on lower ports and would each form a cluster of their own.
 *
 * @author Dispatch team
 */
final class MemberAddresses {

	/**
	 * The first port of a member given without one.
	 */
	static final int FIRST_PORT = 5701;

	/**
	 * How many ports from the first one a member without a port means.
	 */
	static final int PORTS = 3;

	private MemberAddresses() {
	}

	/**
	 * Give every member a port: those without one become their host on each of
	 * {@link #PORTS} ports from {@code firstPort}.
	 * @param members the members, as host or host:port, IPv6 hosts bare or bracketed
	 * @param firstPort the first port of a member without one
	 * @return the members, as host:port
	 */
	static List<String> expand(List<String> members, int firstPort) {
		List<String> expanded = new ArrayList<>();
		for (String member : members) {
			String trimmed = member.trim();
			if (hasPort(trimmed)) {
				expanded.add(trimmed);
				continue;
			}
			String host = (trimmed.contains(":") && !trimmed.startsWith("[")) ? "[" + trimmed + "]" : trimmed;
			for (int i = 0; i < PORTS; i++) {
				expanded.add(host + ":" + (firstPort + i));
			}
		}
		return expanded;
	}

	private static boolean hasPort(String member) {
		if (member.startsWith("[")) {
			return member.contains("]:");
		}
		int colon = member.indexOf(':');
		return colon >= 0 && colon == member.lastIndexOf(':');
	}

}
