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

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import com.hazelcast.core.HazelcastInstance;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.Assert;

import dev.dispatch.ServiceRef;
import dev.dispatch.registry.ClusterState;
import dev.dispatch.test.autoconfigure.NodeLauncher.Node;

/**
 * Nodes of the application under test in this JVM, forming a Dispatch cluster of their
 * own: each node is a Spring Boot application of the given configuration classes, with no
 * web server unless asked for, bound to 127.0.0.1 on a free port, and the cluster has a
 * unique name and an explicit member list, so that parallel test runs never meet. The
 * nodes send heartbeats every 100 ms, so that the others notice a killed node within half
 * a second.
 * <p>
 * A JUnit extension: in a {@code static} field annotated with {@code @RegisterExtension}
 * it closes after all tests of the class, in an instance field after each test; or use it
 * with try-with-resources.
 *
 * <pre class="code">
 * &#064;RegisterExtension
 * static DispatchTestCluster cluster = DispatchTestCluster.of(MyApplication.class);
 *
 * &#064;Test
 * void stateSurvivesTheCrashOfItsOwner() {
 *     cluster.start(3);
 *     cluster.awaitConverged();
 *     // call the services through any node's DispatchTemplate
 *     cluster.kill(cluster.owner("counters", "visits"));
 *     cluster.awaitConverged();
 *     // and call them again
 * }
 * </pre>
 * <p>
 * Threads: its methods may be called from any thread; those that start or stop nodes run
 * one at a time.
 *
 * @author Dispatch team
 * @since 0.1.0
 * @see AutoConfigureDispatch
 */
public final class DispatchTestCluster
		implements AutoCloseable, BeforeAllCallback, AfterEachCallback, AfterAllCallback {

	private final String name = "test-" + UUID.randomUUID();

	private final NodeLauncher launcher;

	private final Duration convergenceTimeout;

	private final List<Node> nodes = new CopyOnWriteArrayList<>();

	private volatile boolean perClass;

	private DispatchTestCluster(Builder builder) {
		this.launcher = new NodeLauncher(this.name, builder.sources, builder.webApplicationType, builder.properties);
		this.convergenceTimeout = builder.convergenceTimeout;
	}

	/**
	 * Return a cluster of nodes of the given configuration classes, with the defaults.
	 * @param sources the application's configuration classes, typically its
	 * {@code @SpringBootApplication} class
	 * @return the cluster, with no node yet
	 */
	public static DispatchTestCluster of(Class<?>... sources) {
		return builder(sources).build();
	}

	/**
	 * Return a builder of a cluster of nodes of the given configuration classes.
	 * @param sources the application's configuration classes, typically its
	 * {@code @SpringBootApplication} class
	 * @return the builder
	 */
	public static Builder builder(Class<?>... sources) {
		return new Builder(sources);
	}

	/**
	 * Return the cluster's name, {@code test-} and a random UUID.
	 * @return the name
	 */
	public String getName() {
		return this.name;
	}

	/**
	 * Start a node and return once its context is refreshed: its member has joined the
	 * running nodes and its services are registered. The other nodes see them a moment
	 * later; see {@link #awaitConverged()}. It first waits, for at most the convergence
	 * timeout, until the running members have finished moving partitions after an earlier
	 * start or kill.
	 * @return the node's context
	 */
	public synchronized ConfigurableApplicationContext start() {
		awaitPartitionsSettled();
		Node node = this.launcher.launch(this.nodes.stream().map(Node::port).toList());
		this.nodes.add(node);
		return node.context();
	}

	/**
	 * Start nodes one after the other.
	 * @param count how many
	 * @return their contexts, in the order they started
	 */
	public synchronized List<ConfigurableApplicationContext> start(int count) {
		List<ConfigurableApplicationContext> started = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			started.add(start());
		}
		return started;
	}

	/**
	 * Wait, for at most the convergence timeout, until the running members have finished
	 * moving partitions: a member that joins while they move may miss entries of the
	 * registry's replicated map until Hazelcast's anti-entropy, up to 30 seconds later.
	 */
	private void awaitPartitionsSettled() {
		Convergence.poll(
				() -> this.nodes.stream()
					.allMatch((node) -> hazelcast(node.context()).getPartitionService().isClusterSafe()),
				this.convergenceTimeout);
	}

	/**
	 * Stop a node as a deployment does: its services go offline, finish what they
	 * accepted and hand their keys' state to the keys' new owners, then its context
	 * closes.
	 * @param node a running node of this cluster
	 */
	public synchronized void stopGracefully(ConfigurableApplicationContext node) {
		remove(node);
		node.close();
	}

	/**
	 * Kill a node as a crash does: its Hazelcast member terminates at once, with no
	 * goodbye to the others and no hand-off, then its context closes. The others notice
	 * within about half a second; the state its services held survives only in their
	 * backups.
	 * @param node a running node of this cluster
	 */
	public synchronized void kill(ConfigurableApplicationContext node) {
		remove(node);
		try {
			terminate(node);
		}
		finally {
			node.close();
		}
	}

	private static void terminate(ConfigurableApplicationContext node) {
		hazelcast(node).getLifecycleService().terminate();
	}

	private static HazelcastInstance hazelcast(ConfigurableApplicationContext node) {
		return node.getBean(HazelcastInstance.class);
	}

	private void remove(ConfigurableApplicationContext context) {
		Node node = this.nodes.stream()
			.filter((candidate) -> candidate.context() == context)
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException("Not a running node of cluster " + this.name));
		this.nodes.remove(node);
	}

	/**
	 * Wait until the running nodes agree: each is a member with all the others, and for
	 * every service type each sees exactly the services online on the running nodes, on
	 * the same ring.
	 * @throws AssertionError when they do not agree within the cluster's convergence
	 * timeout
	 */
	public void awaitConverged() {
		awaitConverged(this.convergenceTimeout);
	}

	/**
	 * Wait until the running nodes agree, as {@link #awaitConverged()} does.
	 * @param timeout how long to wait
	 * @throws AssertionError when they do not agree within the timeout
	 */
	public void awaitConverged(Duration timeout) {
		Convergence.await(() -> nodes().stream().map(DispatchTestCluster::state).toList(), timeout);
	}

	/**
	 * Return the running nodes.
	 * @return their contexts, in the order they started
	 */
	public List<ConfigurableApplicationContext> nodes() {
		return this.nodes.stream().map(Node::context).toList();
	}

	/**
	 * Return the node of the service that a key routes to, as the first running node sees
	 * it.
	 * @param type the service type
	 * @param key the key
	 * @return the node's context
	 * @throws IllegalStateException when no service of the type is online
	 */
	public ConfigurableApplicationContext owner(String type, Object key) {
		List<ConfigurableApplicationContext> running = nodes();
		Assert.state(!running.isEmpty(), "No node of cluster " + this.name + " is running");
		List<ServiceRef> owners = state(running.get(0)).findMultiService(1, type, key);
		Assert.state(!owners.isEmpty(), () -> "No service of type '" + type + "' is online");
		String owner = owners.get(0).node();
		return running.stream()
			.filter((node) -> state(node).getLocalNode().equals(owner))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException(
					"The owner of '" + key + "', node " + owner + ", is not a running node of cluster " + this.name));
	}

	private static ClusterState state(ConfigurableApplicationContext node) {
		return node.getBean(ClusterState.class);
	}

	/**
	 * Stop every running node at once: as the whole cluster goes, nothing is handed off,
	 * so each node's member terminates, then its context closes. The cluster can start
	 * nodes again afterwards.
	 */
	@Override
	public synchronized void close() {
		List<Node> running = new ArrayList<>(this.nodes);
		this.nodes.clear();
		for (Node node : running) {
			if (node.context().isActive()) {
				terminate(node.context());
			}
		}
		for (Node node : running) {
			node.context().close();
		}
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		this.perClass = true;
	}

	@Override
	public void afterEach(ExtensionContext context) {
		if (!this.perClass) {
			close();
		}
	}

	@Override
	public void afterAll(ExtensionContext context) {
		close();
	}

	/**
	 * A builder of a {@link DispatchTestCluster}.
	 *
	 * @since 0.1.0
	 */
	public static final class Builder {

		private final Class<?>[] sources;

		private final Map<String, String> properties = new LinkedHashMap<>();

		private WebApplicationType webApplicationType = WebApplicationType.NONE;

		private Duration convergenceTimeout = Duration.ofSeconds(30);

		private Builder(Class<?>[] sources) {
			Assert.notEmpty(sources, "'sources' must not be empty");
			this.sources = sources.clone();
		}

		/**
		 * Add properties of every node, which override the cluster's own.
		 * @param properties properties as {@code key=value}
		 * @return this builder
		 */
		public Builder properties(String... properties) {
			Arrays.stream(properties).forEach((property) -> {
				int separator = property.indexOf('=');
				Assert.isTrue(separator > 0, () -> "A property must be key=value but was '" + property + "'");
				this.properties.put(property.substring(0, separator).trim(), property.substring(separator + 1));
			});
			return this;
		}

		/**
		 * Give every node a web application of this type (on a free port); none by
		 * default.
		 * @param webApplicationType the type
		 * @return this builder
		 */
		public Builder web(WebApplicationType webApplicationType) {
			this.webApplicationType = webApplicationType;
			return this;
		}

		/**
		 * Set how long {@link DispatchTestCluster#awaitConverged()} waits; 30 seconds by
		 * default.
		 * @param timeout the timeout
		 * @return this builder
		 */
		public Builder convergenceTimeout(Duration timeout) {
			this.convergenceTimeout = timeout;
			return this;
		}

		/**
		 * Build the cluster.
		 * @return the cluster, with no node yet
		 */
		public DispatchTestCluster build() {
			return new DispatchTestCluster(this);
		}

	}

}
