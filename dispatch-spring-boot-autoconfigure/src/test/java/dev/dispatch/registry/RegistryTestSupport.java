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

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import com.hazelcast.config.Config;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import org.jspecify.annotations.Nullable;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.dispatch.ServiceInfo;
import dev.dispatch.ServiceRef;
import dev.dispatch.ServiceState;
import dev.dispatch.autoconfigure.DispatchHazelcastConfigCustomizer;
import dev.dispatch.messaging.NodeIds;
import dev.dispatch.test.TestCluster;

import static org.awaitility.Awaitility.await;

/**
 * Helpers for the registry's multi-node tests.
 *
 * @author Dispatch team
 */
final class RegistryTestSupport {

	static final Duration PATIENCE = Duration.ofSeconds(10);

	private RegistryTestSupport() {
	}

	/**
	 * Start a plain Hazelcast member of a test cluster, with no Dispatch on it.
	 * @param cluster the cluster
	 * @param index the member's index
	 * @param nodeId the node id it claims, or {@code null} for none
	 * @return the member
	 */
	static HazelcastInstance plainMember(TestCluster cluster, int index, @Nullable String nodeId) {
		Config config = binary(cluster.memberConfig(index));
		if (nodeId != null) {
			config.getMemberAttributeConfig().setAttribute(NodeIds.ATTRIBUTE, nodeId);
		}
		return Hazelcast.newHazelcastInstance(config);
	}

	static Config binary(Config config) {
		config.getReplicatedMapConfig(ClusterRegistry.SERVICES_MAP).setInMemoryFormat(InMemoryFormat.BINARY);
		return config;
	}

	static byte[] entry(String type, String id, String node) {
		return RegistryEntry.encode(new ServiceInfo(new ServiceRef(type, id, node), ServiceState.ONLINE, Map.of()));
	}

	/**
	 * Run an action on a thread of its own while another thread is held at a gate, and
	 * open the gate once the action has finished or is blocked behind the held thread.
	 * @param name the name of the new thread
	 * @param action the action
	 * @param gate the gate the other thread waits at
	 * @return what the action threw, or {@code null}
	 */
	static @Nullable Throwable raceWith(String name, Runnable action, CountDownLatch gate) throws InterruptedException {
		AtomicReference<Throwable> failure = new AtomicReference<>();
		Thread thread = new Thread(() -> {
			try {
				action.run();
			}
			catch (Throwable ex) {
				failure.set(ex);
			}
		}, name);
		thread.start();
		await().atMost(PATIENCE).until(() -> !thread.isAlive() || thread.getState() == Thread.State.BLOCKED);
		gate.countDown();
		thread.join(PATIENCE.toMillis());
		return failure.get();
	}

	static boolean awaitLatch(CountDownLatch latch) {
		try {
			return latch.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * Stores the services map of a Dispatch node in binary form, as the
	 * auto-configuration does.
	 */
	@Configuration(proxyBeanMethods = false)
	static class BinaryServices {

		@Bean
		DispatchHazelcastConfigCustomizer binaryServices() {
			return RegistryTestSupport::binary;
		}

	}

}
