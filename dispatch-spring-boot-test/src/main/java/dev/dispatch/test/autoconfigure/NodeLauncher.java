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

import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.dispatch.autoconfigure.InvalidDispatchPropertyException;

/**
 * Starts the nodes of a {@link DispatchTestCluster}: Spring Boot applications of the
 * cluster's configuration classes, given their properties as command line arguments so
 * that they rank above the application's configuration files: the cluster's name, the
 * node's free port on 127.0.0.1, the running nodes as members, no multicast or Kubernetes
 * discovery, heartbeats every 100 ms, a short drain, and any free web server port; the
 * cluster's own properties override them.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
final class NodeLauncher {

	private static final int ATTEMPTS = 3;

	private final String cluster;

	private final Class<?>[] sources;

	private final WebApplicationType webApplicationType;

	private final Map<String, String> overrides;

	NodeLauncher(String cluster, Class<?>[] sources, WebApplicationType webApplicationType,
			Map<String, String> overrides) {
		this.cluster = cluster;
		this.sources = sources.clone();
		this.webApplicationType = webApplicationType;
		this.overrides = new LinkedHashMap<>(overrides);
	}

	/**
	 * Start a node on a free port, and on another one if that port was taken meanwhile.
	 * @param members the member ports of the running nodes
	 * @return the node
	 */
	Node launch(List<Integer> members) {
		for (int attempt = 1;; attempt++) {
			int port = MemberPorts.freePort();
			try {
				ConfigurableApplicationContext context = new SpringApplicationBuilder(this.sources)
					.web(this.webApplicationType)
					.bannerMode(Banner.Mode.OFF)
					.logStartupInfo(false)
					.run(arguments(port, members));
				return new Node(context, port);
			}
			catch (RuntimeException ex) {
				if (attempt == ATTEMPTS || !isPortTaken(ex)) {
					throw ex;
				}
			}
		}
	}

	String[] arguments(int port, List<Integer> members) {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("dispatch.pubsub.name", this.cluster);
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
		properties.putAll(this.overrides);
		return properties.entrySet()
			.stream()
			.map((entry) -> "--" + entry.getKey() + "=" + entry.getValue())
			.toArray(String[]::new);
	}

	private static boolean isPortTaken(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof InvalidDispatchPropertyException invalid
					&& invalid.getProperty().equals("dispatch.pubsub.port")) {
				return true;
			}
		}
		return false;
	}

	/**
	 * A running node.
	 *
	 * @param context its application context
	 * @param port its member port
	 */
	record Node(ConfigurableApplicationContext context, int port) {

	}

}
