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

package dev.dispatch.messaging;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;

import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import dev.dispatch.ServiceRef;
import dev.dispatch.annotation.HandlerMethods;
import dev.dispatch.metrics.DispatchMetrics;
import dev.dispatch.observation.DispatchHandlerObservationConvention;

/**
 * The services of this node by id, each the {@link ServiceEndpoint} that takes its
 * messages, with what every new endpoint measures and observes its handlers with.
 * <p>
 * Threads: the registry binds and unbinds; senders on this node, the inbox's threads and
 * the membership thread look endpoints up; the transport closes.
 *
 * @author Dispatch team
 */
final class EndpointTable {

	private final Map<String, ServiceEndpoint> endpoints = new ConcurrentHashMap<>();

	private final ExecutorService handlerExecutor;

	private final int mailboxCapacity;

	private volatile DispatchMetrics metrics = DispatchMetrics.NONE;

	private volatile ObservationRegistry observationRegistry = ObservationRegistry.NOOP;

	private volatile @Nullable DispatchHandlerObservationConvention handlerObservationConvention;

	private volatile boolean closed;

	EndpointTable(ExecutorService handlerExecutor, int mailboxCapacity) {
		this.handlerExecutor = handlerExecutor;
		this.mailboxCapacity = mailboxCapacity;
	}

	void setMetrics(DispatchMetrics metrics) {
		this.metrics = metrics;
	}

	void setObservationRegistry(ObservationRegistry observationRegistry) {
		this.observationRegistry = observationRegistry;
	}

	void setHandlerObservationConvention(@Nullable DispatchHandlerObservationConvention convention) {
		this.handlerObservationConvention = convention;
	}

	ServiceEndpoint bind(ServiceRef ref, HandlerMethods handlerMethods, int concurrency, @Nullable KeyGate gate) {
		ServiceEndpoint endpoint = new ServiceEndpoint(ref, handlerMethods, this.handlerExecutor, concurrency,
				this.mailboxCapacity, this.metrics, this.observationRegistry, this.handlerObservationConvention);
		if (gate != null) {
			endpoint.setGate(gate);
		}
		this.endpoints.put(ref.id(), endpoint);
		return endpoint;
	}

	void unbind(String serviceId) {
		ServiceEndpoint endpoint = this.endpoints.remove(serviceId);
		if (endpoint != null) {
			endpoint.close();
		}
	}

	/**
	 * Return the endpoint of a service, closed or not.
	 */
	@Nullable ServiceEndpoint get(String serviceId) {
		return this.endpoints.get(serviceId);
	}

	/**
	 * Return the endpoint that a message from this node to one of its services goes to.
	 * @throws ServiceGoneException if the service is no longer bound, or closed
	 */
	ServiceEndpoint to(ServiceRef target) {
		ServiceEndpoint endpoint = this.endpoints.get(target.id());
		if (endpoint == null || endpoint.isClosed()) {
			throw new ServiceGoneException(target,
					"Service " + target.id() + " of type '" + target.type() + "' is no longer registered");
		}
		return endpoint;
	}

	/**
	 * Return whether a service has nothing to do, {@code true} if it is not bound.
	 */
	boolean isIdle(String serviceId) {
		ServiceEndpoint endpoint = this.endpoints.get(serviceId);
		return endpoint == null || endpoint.isIdle();
	}

	/**
	 * Return the endpoint of a service if it takes messages.
	 */
	@Nullable ServiceEndpoint open(String serviceId) {
		ServiceEndpoint endpoint = this.endpoints.get(serviceId);
		return (endpoint == null || endpoint.isClosed() || this.closed) ? null : endpoint;
	}

	void forgetSender(String node) {
		this.endpoints.values().forEach((endpoint) -> endpoint.forgetSender(node));
	}

	/**
	 * Take no more messages from other nodes.
	 */
	void close() {
		this.closed = true;
	}

}
