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

import org.springframework.util.Assert;

import dev.dispatch.ServiceInfo;
import dev.dispatch.ServiceOptions;
import dev.dispatch.ServiceRef;
import dev.dispatch.ServiceState;

/**
 * The changes that the application makes to this node's services: adding one (its handler
 * bound to the transport, then its entry written), taking one online or offline, and
 * removing one.
 * <p>
 * Threads: the application's; what they change locks itself ({@link LocalServices}).
 *
 * @author Dispatch team
 */
final class ServiceChanges {

	private final String localNode;

	private final ServiceBinder binder;

	private final LocalServices localServices;

	private final RegistryView view;

	ServiceChanges(String localNode, ServiceBinder binder, LocalServices localServices, RegistryView view) {
		this.localNode = localNode;
		this.binder = binder;
		this.localServices = localServices;
		this.view = view;
	}

	ServiceRef add(String type, Object handler, ServiceOptions options) {
		RegistryEntry.validateType(type);
		Assert.notNull(handler, "'handler' must not be null");
		Assert.notNull(options, "'options' must not be null");
		ServiceInfo info = this.binder.bind(type, handler, options);
		try {
			this.localServices.add(info);
		}
		catch (RuntimeException ex) {
			this.binder.unbind(info.ref().id());
			throw ex;
		}
		this.localServices.show(info);
		return info.ref();
	}

	void changeState(ServiceRef service, ServiceState state) {
		Assert.notNull(service, "'service' must not be null");
		ServiceInfo changed = this.localServices.changeState(service.id(), state);
		Assert.isTrue(changed != null, () -> notLocal(service));
		this.localServices.show(changed);
	}

	/**
	 * Remove the service and its entry in one step for its id, so that no write of the
	 * entry can follow; if the entry cannot be removed now, upkeep removes it later since
	 * it names this node but no local service.
	 */
	void remove(ServiceRef service) {
		Assert.notNull(service, "'service' must not be null");
		Assert.isTrue(this.localServices.remove(service.id()), () -> notLocal(service));
		this.view.remove(service.id());
		this.binder.unbind(service.id());
	}

	private String notLocal(ServiceRef service) {
		return "Service " + service.id() + " of type '" + service.type() + "' is not registered on this node ("
				+ this.localNode + ")";
	}

}
