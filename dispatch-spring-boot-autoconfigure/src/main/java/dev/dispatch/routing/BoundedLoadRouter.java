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

package dev.dispatch.routing;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import dev.dispatch.DispatchRegistry;
import dev.dispatch.ServiceInfo;
import dev.dispatch.ServiceRef;
import dev.dispatch.ServiceUnavailableException;
import dev.dispatch.handoff.StateKeeping;
import dev.dispatch.metrics.DispatchMetrics;
import dev.dispatch.registry.ClusterState;

/**
 * Chooses the service that a message routed by key goes to: consistent hashing with
 * bounded loads, for hot keys only. With a balance factor {@code f} for the type, a
 * message goes to the key's owner unless its key is hot and the message would put more
 * than {@code ⌈f × (m + 1) / n⌉} messages in flight from this node at the owner, where
 * {@code m} is this node's messages in flight to the type's {@code n} online services
 * (the new message counted, so that an idle cluster never spills); then to the first
 * service after it in the key's replica order ({@code findMultiService}) that is under
 * the bound. A key is hot when it alone made at least an eighth of a service's fair
 * share, {@code 1 / (8n)} but at least {@code 1 / 64}, of this node's recent messages to
 * the type ({@link HotKeySketch}): a busy owner keeps its other keys, which only met a
 * busy moment. Since the bound is at least the mean, some service is under it; should
 * concurrent sends leave none, the owner takes the message. Probing looks at each service
 * once.
 * <p>
 * A type with a service that keeps state per key ({@code KeyedState}) never spills: its
 * messages must run where the key's state is. Without a factor for the type, every
 * message goes to the owner. Ownership itself never changes: {@code findService} and
 * {@code findMultiService} stay pure functions of the set of services.
 * <p>
 * Threads: the calling threads of the template; the router's only state is a sketch of
 * hot keys per type, which locks itself.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
public final class BoundedLoadRouter {

	private static final double ROUNDING = 1e-9;

	/**
	 * The most types whose hot keys are followed at once; past it, all start afresh.
	 */
	private static final int MAX_SKETCHES = 1024;

	private final DispatchRegistry registry;

	private final @Nullable ClusterState hashedRegistry;

	private final InFlightMessages inFlight;

	private final BalanceFactors factors;

	private final Map<String, HotKeySketch> sketches = new ConcurrentHashMap<>();

	private volatile DispatchMetrics metrics = DispatchMetrics.NONE;

	/**
	 * Create a router.
	 * @param registry where services are found
	 * @param inFlight this node's messages in flight
	 * @param factors the balance factor of each type
	 */
	public BoundedLoadRouter(DispatchRegistry registry, InFlightMessages inFlight, BalanceFactors factors) {
		this.registry = registry;
		this.hashedRegistry = (registry instanceof ClusterState state) ? state : null;
		this.inFlight = inFlight;
		this.factors = factors;
	}

	/**
	 * Set where spills are counted; nowhere by default.
	 * @param metrics the metrics
	 */
	public void setMetrics(DispatchMetrics metrics) {
		this.metrics = metrics;
	}

	/**
	 * Return the messages in flight that this router reads.
	 * @return the messages in flight
	 */
	public InFlightMessages getInFlight() {
		return this.inFlight;
	}

	/**
	 * Choose the service for a message routed by key.
	 * @param type the service type
	 * @param key the key
	 * @return the key's owner, or the next service in its replica order under the bound
	 * @throws ServiceUnavailableException if the type has no online service
	 */
	public ServiceRef route(String type, RoutingKey key) {
		ServiceRef owner = findOwner(type, key).orElseThrow(() -> new ServiceUnavailableException(type));
		double factor = this.factors.of(type);
		if (factor == 0) {
			return owner;
		}
		List<ServiceInfo> online = this.registry.getOnlineServices(type);
		int n = online.size();
		if (n < 2) {
			return owner;
		}
		long inFlightToType = 0;
		for (ServiceInfo service : online) {
			if (StateKeeping.of(service.metadata()).keyed()) {
				return owner;
			}
			inFlightToType += this.inFlight.count(service.ref().id());
		}
		// less a hair, so that a decimal factor such as 1.1 that lands on a whole number
		// is not rounded up past it
		if (this.sketches.size() > MAX_SKETCHES && !this.sketches.containsKey(type)) {
			this.sketches.clear();
		}
		boolean hot = this.sketches.computeIfAbsent(type, (unused) -> new HotKeySketch())
			.recordAndIsHot(key.hash(), HotKeySketch.shareOfAHotKey(n));
		long bound = (long) Math.ceil(factor * (inFlightToType + 1) / n - ROUNDING);
		if (!hot || this.inFlight.count(owner.id()) + 1 <= bound) {
			return owner;
		}
		for (ServiceRef next : findReplicas(n, type, key)) {
			if (!next.equals(owner) && this.inFlight.count(next.id()) + 1 <= bound) {
				this.metrics.spilled(type);
				return next;
			}
		}
		return owner;
	}

	/**
	 * Return the owner of a key, looked up by the hash already taken when the registry is
	 * Dispatch's own.
	 * @param type the service type
	 * @param key the key
	 * @return the owner, or empty if the type has no online service
	 */
	public Optional<ServiceRef> findOwner(String type, RoutingKey key) {
		return (this.hashedRegistry != null)
				? Optional.ofNullable(this.hashedRegistry.findServiceByHash(type, key.hash()))
				: this.registry.findService(type, key.value());
	}

	private List<ServiceRef> findReplicas(int count, String type, RoutingKey key) {
		return (this.hashedRegistry != null) ? this.hashedRegistry.findMultiServiceByHash(count, type, key.hash())
				: this.registry.findMultiService(count, type, key.value());
	}

}
