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

package dev.dispatch;

import java.util.Map;

import org.springframework.util.Assert;

/**
 * What the registry knows of a service: its reference, its state and its metadata.
 *
 * @param ref the service reference
 * @param state whether the service is online or offline
 * @param metadata metadata given when the service was added, never {@code null}
 * @author Dispatch team
 * @since 0.1.0
 */
public record ServiceInfo(ServiceRef ref, ServiceState state, Map<String, String> metadata) {

	public ServiceInfo {
		Assert.notNull(ref, "'ref' must not be null");
		Assert.notNull(state, "'state' must not be null");
		metadata = (metadata != null) ? Map.copyOf(metadata) : Map.of();
	}

	/**
	 * Return whether the service takes part in routing.
	 * @return {@code true} when the service is {@link ServiceState#ONLINE online}
	 */
	public boolean isOnline() {
		return this.state == ServiceState.ONLINE;
	}

	/**
	 * Return a copy of this info with another state.
	 * @param state the new state
	 * @return the copy
	 */
	public ServiceInfo withState(ServiceState state) {
		return new ServiceInfo(this.ref, state, this.metadata);
	}

}
