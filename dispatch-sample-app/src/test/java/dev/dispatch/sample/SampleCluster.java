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

package dev.dispatch.sample;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.dispatch.metrics.MicrometerDispatchMetrics;

import static org.awaitility.Awaitility.await;

/**
 * Nodes of the sample, as separate processes on loopback, that form one cluster: each
 * node keeps its member port and its HTTP port when it is started again, and gets its
 * cluster secret from the environment, as in production. Also what a node's endpoints
 * say: its view of both service types, where a key goes, and what the cluster secret
 * refused.
 *
 * @author Dispatch team
 */
final class SampleCluster implements AutoCloseable {

	/**
	 * The environment variable of {@code dispatch.security.secret}.
	 */
	static final String SECRET = "DISPATCH_SECURITY_SECRET";

	/**
	 * The environment variable of {@code dispatch.security.previous-secret}.
	 */
	static final String PREVIOUS_SECRET = "DISPATCH_SECURITY_PREVIOUSSECRET";

	/**
	 * The environment variable of {@code dispatch.pubsub.message-port}.
	 */
	static final String MESSAGE_PORT = "DISPATCH_PUBSUB_MESSAGEPORT";

	/**
	 * The service types of the sample.
	 */
	static final List<String> TYPES = List.of(FilesController.TYPE, CountersController.TYPE);

	private static final Duration POLL = Duration.ofMillis(50);

	private final String prefix;

	private final String name;

	private final int[] clusterPorts;

	private final int[] httpPorts;

	private final SampleNode[] nodes;

	private final List<SampleNode> started = new CopyOnWriteArrayList<>();

	/**
	 * Create a cluster of nodes not yet started.
	 * @param prefix the start of the cluster's name and of its nodes' labels
	 * @param size how many nodes it may have
	 */
	SampleCluster(String prefix, int size) {
		this.prefix = prefix;
		this.name = prefix + "-" + UUID.randomUUID();
		int[] ports = IntStream.generate(SampleNode::freePort).distinct().limit(2L * size).toArray();
		this.clusterPorts = Arrays.copyOfRange(ports, 0, size);
		this.httpPorts = Arrays.copyOfRange(ports, size, 2 * size);
		this.nodes = new SampleNode[size];
	}

	String name() {
		return this.name;
	}

	/**
	 * Return the member ports of some nodes.
	 * @param count how many, from the first
	 * @return the ports
	 */
	int[] clusterPorts(int count) {
		return Arrays.copyOf(this.clusterPorts, count);
	}

	SampleNode node(int index) {
		return this.nodes[index];
	}

	/**
	 * Start node {@code index} on its ports, listing every member port of the cluster.
	 * @param index the node's index
	 * @param environment its environment variables, such as {@link #SECRET}
	 * @return the node, launched
	 */
	SampleNode start(int index, Map<String, String> environment) {
		String members = Arrays.stream(this.clusterPorts)
			.mapToObj((port) -> "127.0.0.1:" + port)
			.collect(Collectors.joining(","));
		String label = this.prefix + "-" + (char) ('a' + index) + "-" + (this.started.size() + 1);
		SampleNode node = SampleNode.start(label, this.httpPorts[index], List.of(), environment,
				List.of("--dispatch.pubsub.name=" + this.name, "--dispatch.pubsub.port=" + this.clusterPorts[index],
						"--dispatch.pubsub.port-auto-increment=false", "--dispatch.pubsub.members=" + members,
						"--dispatch.registry.log-level=INFO"));
		this.started.add(node);
		this.nodes[index] = node;
		return node;
	}

	@Override
	public void close() {
		this.started.forEach(SampleNode::close);
	}

	/**
	 * Wait until every node of a group is up and lists the online services of both types
	 * of exactly the group's nodes.
	 * @param group the nodes
	 * @param atMost how long to wait
	 */
	static void awaitServing(List<SampleNode> group, Duration atMost) {
		await().atMost(atMost).pollInterval(POLL).until(() -> serving(group));
	}

	/**
	 * Return whether every node of a group is up and lists the online services of both
	 * types of exactly the group's nodes, and no other service.
	 * @param group the nodes
	 * @return whether the group serves as one cluster
	 */
	static boolean serving(List<SampleNode> group) {
		for (SampleNode node : group) {
			Optional<JsonNode> health = json(node, "/actuator/health");
			if (health.isEmpty() || !"UP".equals(health.get().path("status").asString())) {
				return false;
			}
		}
		return listExactly(group);
	}

	/**
	 * Return whether every node of a group lists exactly the services of the group's
	 * nodes, each type once per node and online, whatever its health says.
	 */
	static boolean listExactly(List<SampleNode> group) {
		List<String> nodeIds = new ArrayList<>();
		List<JsonNode> views = new ArrayList<>();
		for (SampleNode node : group) {
			Optional<JsonNode> view = json(node, "/actuator/dispatch");
			if (view.isEmpty()) {
				return false;
			}
			nodeIds.add(view.get().path("node").asString());
			views.add(view.get());
		}
		List<String> expected = nodeIds.stream().sorted().toList();
		for (JsonNode view : views) {
			if (!servicesOf(view).keySet().equals(Set.copyOf(TYPES))) {
				return false;
			}
			for (String type : TYPES) {
				List<String> listed = new ArrayList<>();
				for (JsonNode service : view.path("types").path(type).path("services")) {
					if (!"ONLINE".equals(service.path("state").asString())) {
						return false;
					}
					listed.add(service.path("node").asString());
				}
				if (!listed.stream().sorted().toList().equals(expected)) {
					return false;
				}
			}
		}
		return true;
	}

	/**
	 * Return the ids of the services a view lists, by type.
	 * @param view the body of {@code /actuator/dispatch}
	 * @return the service ids by type, sorted
	 */
	static Map<String, Set<String>> servicesOf(JsonNode view) {
		Map<String, Set<String>> services = new TreeMap<>();
		view.path("types").properties().forEach((type) -> {
			Set<String> ids = new TreeSet<>();
			type.getValue().path("services").forEach((service) -> ids.add(service.path("id").asString()));
			services.put(type.getKey(), ids);
		});
		return services;
	}

	/**
	 * Return the id of the service of a type that a node's view gives a node.
	 * @param view the body of {@code /actuator/dispatch}
	 * @param type the service type
	 * @param nodeId the node
	 * @return the service's id
	 */
	static String serviceOf(JsonNode view, String type, String nodeId) {
		for (JsonNode service : view.path("types").path(type).path("services")) {
			if (nodeId.equals(service.path("node").asString())) {
				return service.path("id").asString();
			}
		}
		throw new IllegalStateException("No " + type + " service of node " + nodeId + " in " + view);
	}

	/**
	 * Return a key that a node routes first to a service.
	 * @param node the node to ask
	 * @param type the service type
	 * @param serviceId the service
	 * @param prefix the start of the key
	 * @return a key of the form {@code prefix-n}
	 */
	static String keyOwnedBy(SampleNode node, String type, String serviceId, String prefix) {
		for (int i = 0; i < 1000; i++) {
			String key = prefix + "-" + i;
			Optional<JsonNode> route = json(node, "/actuator/dispatch/" + type + "/" + key);
			if (route.isPresent() && serviceId.equals(route.get().path("owner").path("id").asString())) {
				return key;
			}
		}
		throw new IllegalStateException("No key of the form " + prefix + "-n goes to " + serviceId);
	}

	/**
	 * Return how many things of a kind a node's cluster secret refused for a reason, from
	 * {@code /actuator/metrics}.
	 * @param node the node
	 * @param kind the {@code kind} tag, or {@code null} for every kind
	 * @param reason the {@code reason} tag, or {@code null} for every reason
	 * @return the count, zero when the node has refused none, empty when it does not
	 * answer
	 */
	static OptionalLong rejected(SampleNode node, String kind, String reason) {
		StringBuilder query = new StringBuilder(MicrometerDispatchMetrics.SECURITY_REJECTED);
		String separator = "?";
		if (kind != null) {
			query.append(separator).append("tag=kind:").append(kind);
			separator = "&";
		}
		if (reason != null) {
			query.append(separator).append("tag=reason:").append(reason);
		}
		return count(node, query.toString());
	}

	/**
	 * Return the count of a counter of a node, from {@code /actuator/metrics}.
	 * @param node the node
	 * @param metric the metric's name, with tags as {@code ?tag=name:value}
	 * @return the count, zero when the node has not counted any, empty when it does not
	 * answer
	 */
	static OptionalLong count(SampleNode node, String metric) {
		return node.get("/actuator/metrics/" + metric).map((response) -> {
			if (response.statusCode() == 404) {
				return OptionalLong.of(0);
			}
			if (response.statusCode() != 200) {
				return OptionalLong.empty();
			}
			for (JsonNode measurement : JsonMapper.shared().readTree(response.body()).path("measurements")) {
				if ("COUNT".equals(measurement.path("statistic").asString())) {
					return OptionalLong.of((long) measurement.path("value").asDouble());
				}
			}
			return OptionalLong.empty();
		}).orElse(OptionalLong.empty());
	}

	/**
	 * Return the body of a {@code 200} answer of a node as JSON.
	 * @param node the node
	 * @param path the path
	 * @return the body, empty when the node answers anything else or nothing
	 */
	static Optional<JsonNode> json(SampleNode node, String path) {
		return node.get(path)
			.filter((response) -> response.statusCode() == 200)
			.map((response) -> JsonMapper.shared().readTree(response.body()));
	}

}
