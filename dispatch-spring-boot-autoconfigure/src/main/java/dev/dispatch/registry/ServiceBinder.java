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

package dev.dispatch.registry;

import java.util.Map;
import java.util.UUID;

import dev.dispatch.ServiceInfo;
import dev.dispatch.ServiceOptions;
import dev.dispatch.ServiceRef;
import dev.dispatch.ServiceState;
import dev.dispatch.annotation.HandlerMethods;
import dev.dispatch.handoff.KeyedStates;
import dev.dispatch.handoff.StateKeeping;
import dev.dispatch.messaging.ClusterTransport;
import dev.dispatch.messaging.KeyGate;

/**
 * Makes a handler a service of this node: binds it to the transport, with a gate and a
 * place among the keyed states when it keeps state per key, and describes it for the
 * registry; a stateful service says so in its metadata.
 * <p>
 * Threads: the threads that add and remove services.
 *
 * @author Dispatch team
 */
final class ServiceBinder {

	private final String localNode;

	private final ClusterTransport transport;

	private final KeyedStates keyedStates;

	ServiceBinder(String localNode, ClusterTransport transport, KeyedStates keyedStates) {
		this.localNode = localNode;
		this.transport = transport;
		this.keyedStates = keyedStates;
	}

	/**
	 * Bind a handler as a new online service of this node.
	 * @return the service, as the registry holds it
	 * @throws IllegalArgumentException if the handler cannot be a service with these
	 * options
	 */
	ServiceInfo bind(String type, Object handler, ServiceOptions options) {
		RegistryEntry.validateMetadata(options.metadata());
		HandlerMethods handlerMethods = HandlerMethods.of(handler);
		StateKeeping keeping = StateKeeping.of(handler, options.backups());
		ServiceRef ref = new ServiceRef(type, UUID.randomUUID().toString(), this.localNode);
		Map<String, String> described = keeping.describe(options.metadata());
		RegistryEntry.validateMetadata(described);
		KeyGate gate = this.keyedStates.gate(ref, handler, keeping);
		this.keyedStates.bound(ref, handler, this.transport.bind(ref, handlerMethods, options.concurrency(), gate));
		return new ServiceInfo(ref, ServiceState.ONLINE, described);
	}

	/**
	 * Unbind a service; once it has handed off its keys, it is forgotten.
	 * @param serviceId the service id
	 */
	void unbind(String serviceId) {
		this.transport.unbind(serviceId);
		this.keyedStates.removed(serviceId);
	}

}
