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

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The address a node binds on Kubernetes when {@code dispatch.pubsub.interface} is not
 * set: its pod's own address, which the other pods reach it at. A pod has its loopback
 * device and one network interface; the address is the first IPv4 address, else the first
 * IPv6 address that is not link-local, of the interfaces that are up and are not
 * loopback, taken in the order of their index.
 *
 * @author Dispatch team
 */
final class PodAddress {

	private PodAddress() {
	}

	/**
	 * Find this pod's address.
	 * @return the address, empty when no interface other than loopback has one
	 */
	static Optional<InetAddress> find() {
		try {
			return first(NetworkInterface.networkInterfaces()
				.filter(PodAddress::isUpAndNotLoopback)
				.sorted(Comparator.comparingInt(NetworkInterface::getIndex))
				.flatMap(NetworkInterface::inetAddresses)
				.toList());
		}
		catch (SocketException ex) {
			return Optional.empty();
		}
	}

	/**
	 * Choose the address to bind among the addresses of the interfaces, in order.
	 * @param addresses the addresses
	 * @return the first IPv4 address, else the first IPv6 address, that is not loopback,
	 * link-local, multicast or the wildcard
	 */
	static Optional<InetAddress> first(List<InetAddress> addresses) {
		List<InetAddress> usable = addresses.stream()
			.filter((address) -> !address.isLoopbackAddress() && !address.isLinkLocalAddress()
					&& !address.isMulticastAddress() && !address.isAnyLocalAddress())
			.toList();
		return Stream
			.concat(usable.stream().filter(Inet4Address.class::isInstance),
					usable.stream().filter((address) -> !(address instanceof Inet4Address)))
			.findFirst();
	}

	/**
	 * Return the textual form of an address that Hazelcast's interface setting accepts:
	 * without the scope of an IPv6 address.
	 * @param address the address
	 * @return the address as text
	 */
	static String text(InetAddress address) {
		String text = address.getHostAddress();
		int scope = text.indexOf('%');
		return (scope >= 0) ? text.substring(0, scope) : text;
	}

	private static boolean isUpAndNotLoopback(NetworkInterface networkInterface) {
		try {
			return networkInterface.isUp() && !networkInterface.isLoopback();
		}
		catch (SocketException ex) {
			return false;
		}
	}

}
