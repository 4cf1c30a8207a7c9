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

package dev.dispatch.test.autoconfigure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The properties of a node of a {@link DispatchTestCluster}, as command line arguments so
 * that they rank above the application's configuration files: the cluster's name, the
 * node's port on 127.0.0.1, the running nodes as members, no multicast or Kubernetes
 * discovery, heartbeats every 100 ms and a short drain, any free web server port.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
final class NodeArguments {

	private NodeArguments() {
	}

	/**
	 * Return the arguments of a node.
	 * @param cluster the cluster's name
	 * @param port the node's member port
	 * @param members the member ports of the running nodes
	 * @param overrides properties that override these
	 * @return the arguments, as {@code --key=value}
	 */
	static String[] of(String cluster, int port, List<Integer> members, Map<String, String> overrides) {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("dispatch.pubsub.name", cluster);
		properties.put("dispatch.pubsub.port", String.valueOf(port));
		properties.put("dispatch.pubsub.port-auto-increment", "false");
		properties.put("dispatch.pubsub.interface", "127.0.0.1");
		properties.put("dispatch.pubsub.members",
				Stream.concat(members.stream(), Stream.of(port))
					.map((member) -> "127.0.0.1:" + member)
					.collect(Collectors.joining(",")));
		properties.put("dispatch.pubsub.multicast", "false");
		properties.put("dispatch.pubsub.kubernetes.enabled", "false");
		properties.put("dispatch.registry.broadcast-period", "100ms");
		properties.put("dispatch.registry.max-silent-periods", "5");
		properties.put("dispatch.registry.shutdown-drain", "2s");
		properties.put("server.port", "0");
		properties.putAll(overrides);
		return properties.entrySet()
			.stream()
			.map((entry) -> "--" + entry.getKey() + "=" + entry.getValue())
			.toArray(String[]::new);
	}

}
