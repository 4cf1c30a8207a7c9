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

package dev.dispatch.actuate.info;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;

import dev.dispatch.registry.ClusterState;

/**
 * Adds {@code dispatch} to the {@code info} endpoint: the library's version, the local
 * node id, the cluster's member count and the service types this node sees.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
public class DispatchInfoContributor implements InfoContributor {

	private final ClusterState registry;

	public DispatchInfoContributor(ClusterState registry) {
		this.registry = registry;
	}

	@Override
	public void contribute(Info.Builder builder) {
		Map<String, Object> details = new LinkedHashMap<>();
		String version = ClusterState.class.getPackage().getImplementationVersion();
		details.put("version", (version != null) ? version : "unknown");
		details.put("node", this.registry.getLocalNode());
		details.put("members", this.registry.isClusterRunning() ? this.registry.getMembers().size() : 0);
		details.put("types", this.registry.getTypes());
		builder.withDetail("dispatch", details);
	}

}
