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

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.hazelcast.config.Config;
import com.hazelcast.config.KubernetesConfig;
import com.hazelcast.core.HazelcastInstance;

import org.springframework.util.StringUtils;

/**
 * Fails start-up when a node that finds the others by the DNS name of a Kubernetes
 * Service is alone and the name resolves to no address at all: Hazelcast then starts a
 * cluster of one, which would split the application silently. The name is looked up once
 * more, as Hazelcast does, within {@code service-dns-timeout}; a name that resolves, even
 * to this pod alone, passes.
 *
 * @author Dispatch team
 */
final class ServiceDnsCheck {

	/**
	 * Looks a name up.
	 */
	@FunctionalInterface
	interface Resolver {

		InetAddress[] resolve(String name) throws UnknownHostException;

	}

	private final Resolver resolver;

	ServiceDnsCheck(Resolver resolver) {
		this.resolver = resolver;
	}

	/**
	 * Check a member that Dispatch configured and started, with the system's resolver.
	 * @param config the member's configuration
	 * @param member the member
	 */
	static void verify(Config config, HazelcastInstance member) {
		new ServiceDnsCheck(InetAddress::getAllByName).check(config, member);
	}

	/**
	 * Check a member: when it is alone and its service name resolves to nothing, shut it
	 * down and fail.
	 * @param config the member's configuration
	 * @param member the member
	 */
	void check(Config config, HazelcastInstance member) {
		KubernetesConfig kubernetes = config.getNetworkConfig().getJoin().getKubernetesConfig();
		String serviceDns = kubernetes.getProperty("service-dns");
		if (!kubernetes.isEnabled() || !StringUtils.hasText(serviceDns)
				|| member.getCluster().getMembers().size() > 1) {
			return;
		}
		String timeoutProperty = kubernetes.getProperty("service-dns-timeout");
		int timeout = StringUtils.hasText(timeoutProperty) ? Integer.parseInt(timeoutProperty.trim()) : 5;
		List<InetAddress> addresses = lookUp(serviceDns.trim(), timeout);
		if (addresses.isEmpty()) {
			member.shutdown();
			throw new InvalidDispatchPropertyException("dispatch.pubsub.kubernetes.service-dns", serviceDns,
					"the name resolved to no address within " + timeout
							+ " s (dispatch.pubsub.kubernetes.service-dns-timeout), so this node could find no "
							+ "other node and would have started a cluster of its own",
					"Set the DNS name of the headless Service that selects the cluster's pods, such as "
							+ "dispatch.default.svc.cluster.local, and give that Service publishNotReadyAddresses: "
							+ "true so that pods are listed while they start.");
		}
	}

	private List<InetAddress> lookUp(String name, int timeoutSeconds) {
		CompletableFuture<InetAddress[]> lookup = new CompletableFuture<>();
		Thread thread = new Thread(() -> {
			try {
				lookup.complete(this.resolver.resolve(name));
			}
			catch (UnknownHostException | RuntimeException ex) {
				lookup.completeExceptionally(ex);
			}
		}, "dispatch-service-dns-check");
		thread.setDaemon(true);
		thread.start();
		try {
			InetAddress[] addresses = lookup.get(timeoutSeconds, TimeUnit.SECONDS);
			return (addresses != null) ? List.of(addresses) : List.of();
		}
		catch (ExecutionException | TimeoutException ex) {
			return List.of();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while looking up " + name, ex);
		}
	}

}
