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

package dev.dispatch.discovery;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.cloud.client.DefaultServiceInstance;

import dev.dispatch.ServiceInfo;

/**
 * A Dispatch service as a Spring Cloud service instance: its service id is the type, its
 * instance id the service's id, its host and port those of its node's web server, and its
 * metadata the service's own plus {@code dispatch.id}, {@code dispatch.node} and
 * {@code dispatch.state}.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
public class DispatchServiceInstance extends DefaultServiceInstance {

	private final ServiceInfo service;

	public DispatchServiceInstance(ServiceInfo service, String host, int port) {
		super(service.ref().id(), service.ref().type(), host, port, false, metadata(service));
		this.service = service;
	}

	private static Map<String, String> metadata(ServiceInfo service) {
		Map<String, String> metadata = new LinkedHashMap<>(service.metadata());
		metadata.put("dispatch.id", service.ref().id());
		metadata.put("dispatch.node", service.ref().node());
		metadata.put("dispatch.state", service.state().name());
		return metadata;
	}

	/**
	 * Return the Dispatch service behind this instance.
	 * @return the service
	 */
	public ServiceInfo getService() {
		return this.service;
	}

}
