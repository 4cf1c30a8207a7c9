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

package dev.dispatch.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import com.hazelcast.config.Config;
import com.hazelcast.config.NetworkConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import tools.jackson.databind.json.JsonMapper;

import dev.dispatch.ServiceRef;
import dev.dispatch.messaging.ClusterTransport;
import dev.dispatch.messaging.MessagePort;
import dev.dispatch.messaging.MessageCodec;
import dev.dispatch.messaging.NodeIds;
import dev.dispatch.messaging.TrustedTypes;
import dev.dispatch.registry.ClusterRegistry;
import dev.dispatch.security.ClusterSeal;
import dev.dispatch.template.DefaultDispatchTemplate;

/**
 * A Dispatch node of the benchmarks, without Spring Boot: a member, its transport,
 * registry and template.
 *
 * @author Dispatch team
 */
final class Node implements AutoCloseable {

	/**
	 * The system property that gives the nodes a cluster secret.
	 */
	static final String SECRET_PROPERTY = "bench.secret";

	/**
	 * The system property that runs handlers of idle services on the connection's reader
	 * thread, as {@code dispatch.registry.handlers-on-reader-thread} does.
	 */
	static final String READER_THREAD_PROPERTY = "bench.handlersOnReaderThread";

	final HazelcastInstance hazelcast;

	final ClusterTransport transport;

	final ClusterRegistry registry;

	final DefaultDispatchTemplate template;

	private Node(Started started, Consumer<Object> events, boolean virtualThreads) {
		this(started, events, virtualThreads, Duration.ofMillis(500), 3);
	}

	private Node(Started started, Consumer<Object> events, boolean virtualThreads, Duration broadcastPeriod,
			int maxSilentPeriods) {
		HazelcastInstance hazelcast = started.hazelcast();
		this.hazelcast = hazelcast;
		TrustedTypes trusted = new TrustedTypes();
		trusted.trustPackages(List.of(MessagingComparison.class.getPackageName()));
		MessageCodec codec = new MessageCodec(JsonMapper.builder().build(), trusted,
				MessagingComparison.class.getClassLoader());
		String secret = System.getProperty(SECRET_PROPERTY);
		ClusterSeal seal = (secret != null) ? ClusterSeal.withSecret(secret, null, System::currentTimeMillis)
				: ClusterSeal.open();
		this.transport = new ClusterTransport(hazelcast, seal, codec, 10_000, 1024 * 1024, virtualThreads,
				started.port());
		this.transport.setHandlersOnReaderThread(Boolean.getBoolean(READER_THREAD_PROPERTY));
		this.registry = new ClusterRegistry(hazelcast, this.transport, broadcastPeriod, maxSilentPeriods,
				Duration.ofSeconds(1), events);
		this.registry.start();
		this.template = new DefaultDispatchTemplate(this.registry, this.transport, Duration.ofSeconds(10));
		// as the auto-configuration does: calls by key to a service with backups carry
		// the key
		this.template.setBackedUp(this.registry::hasBackups);
	}

	static Node start(String cluster, int port, int otherPort) {
		return start(cluster, port, otherPort, (event) -> {
		});
	}

	static Node start(String cluster, int port, int otherPort, Consumer<Object> events) {
		return start(cluster, port, otherPort, events, false);
	}

	static Node start(String cluster, int port, int otherPort, Consumer<Object> events, boolean virtualThreads) {
		return new Node(Started.member(config(cluster, port, otherPort)), events, virtualThreads);
	}

	/**
	 * Start a node with the given liveness settings.
	 */
	static Node start(String cluster, int port, int otherPort, Consumer<Object> events, Duration broadcastPeriod,
			int maxSilentPeriods) {
		return new Node(Started.member(config(cluster, port, otherPort)), events, false, broadcastPeriod,
				maxSilentPeriods);
	}

	/**
	 * A member started with its message port, as the auto-configuration starts it: any
	 * free port, or none with {@code -Dbench.messagePort=-1} (messages over Hazelcast's
	 * topics).
	 */
	private record Started(HazelcastInstance hazelcast, MessagePort port) {

		static Started member(Config config) {
			MessagePort port = new MessagePort(Integer.getInteger("bench.messagePort", 0));
			try {
				port.bindBeside(config);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			return new Started(Hazelcast.newHazelcastInstance(config), port);
		}

	}

	private static Config config(String cluster, int port, int otherPort) {
		Config config = new Config();
		config.setClusterName(cluster);
		config.setProperty("hazelcast.phone.home.enabled", "false");
		config.setProperty("hazelcast.logging.type", "none");
		NodeIds.assign(config, UUID.randomUUID().toString());
		NetworkConfig network = config.getNetworkConfig();
		network.setPort(port).setPortAutoIncrement(false);
		network.getInterfaces().setEnabled(true).addInterface("127.0.0.1");
		network.getJoin().getMulticastConfig().setEnabled(false);
		network.getJoin().getAutoDetectionConfig().setEnabled(false);
		network.getJoin()
			.getTcpIpConfig()
			.setEnabled(true)
			.addMember("127.0.0.1:" + port)
			.addMember("127.0.0.1:" + otherPort);
		return config;
	}

	ServiceRef await(String type) throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (System.nanoTime() < deadline) {
			var services = this.registry.getOnlineServices(type);
			if (!services.isEmpty()) {
				return services.get(0).ref();
			}
			Thread.sleep(50);
		}
		throw new IllegalStateException("No service of type " + type + " appeared within 60 s");
	}

	@Override
	public void close() {
		this.registry.close();
		this.transport.close();
		this.hazelcast.shutdown();
	}

}
