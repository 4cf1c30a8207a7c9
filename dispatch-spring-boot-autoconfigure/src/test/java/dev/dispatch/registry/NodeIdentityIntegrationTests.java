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
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import com.hazelcast.core.HazelcastInstance;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.dispatch.DispatchRegistry;
import dev.dispatch.ServiceRef;
import dev.dispatch.ServiceUnavailableException;
import dev.dispatch.autoconfigure.DispatchHazelcastConfigCustomizer;
import dev.dispatch.messaging.ClusterTransport;
import dev.dispatch.messaging.NodeIds;
import dev.dispatch.test.Counter;
import dev.dispatch.test.TestCluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.awaitility.Awaitility.await;

/**
 * Two members that claim one node id: the node stays reachable through the member that
 * holds the id, whatever the other does.
 *
 * @author Dispatch team
 */
@ExtendWith(OutputCaptureExtension.class)
class NodeIdentityIntegrationTests {

	private final TestCluster cluster = new TestCluster(3);

	private @Nullable HazelcastInstance impostor;

	@AfterEach
	void stopCluster() {
		if (this.impostor != null) {
			this.impostor.shutdown();
		}
		this.cluster.close();
	}

	@Test
	void impostorThatLeavesLeavesTheRealNodeReachable(CapturedOutput output) {
		ConfigurableApplicationContext caller = this.cluster.start(0,
				List.of(RegistryTestSupport.BinaryServices.class));
		ConfigurableApplicationContext server = this.cluster.start(1,
				List.of(RegistryTestSupport.BinaryServices.class));
		ServiceRef counter = server.getBean(DispatchRegistry.class).addService(TestCluster.uniqueType(), new Counter());
		ClusterRegistry registry = caller.getBean(ClusterRegistry.class);
		await().atMost(RegistryTestSupport.PATIENCE).until(() -> !registry.getServices(counter.type()).isEmpty());
		this.impostor = RegistryTestSupport.plainMember(this.cluster, 2, counter.node());
		String impostorUuid = this.impostor.getCluster().getLocalMember().getUuid().toString();
		String serverUuid = server.getBean(HazelcastInstance.class).getCluster().getLocalMember().getUuid().toString();
		await().atMost(RegistryTestSupport.PATIENCE).until(() -> registry.getMembers().size() == 3);
		this.impostor.shutdown();
		this.impostor = null;
		await().atMost(RegistryTestSupport.PATIENCE).until(() -> registry.getMembers().size() == 2);
		assertThat(caller.getBean(ClusterTransport.class)
			.call(counter, new Counter.Get(), Integer.class, Duration.ofSeconds(5)))
			.succeedsWithin(RegistryTestSupport.PATIENCE)
			.isEqualTo(0);
		assertThat(registry.findService(counter.type(), "key")).contains(counter);
		assertThat(output.getAll()
			.lines()
			.filter((line) -> line.contains("ERROR") && line.contains(impostorUuid) && line.contains(serverUuid)))
			.hasSizeGreaterThanOrEqualTo(1);
	}

	@Test
	void callsPendingOnTheHolderFailWhenItDiesAlthoughAnImpostorRemains() {
		ConfigurableApplicationContext caller = this.cluster.start(0,
				List.of(RegistryTestSupport.BinaryServices.class));
		ConfigurableApplicationContext server = this.cluster.start(1,
				List.of(RegistryTestSupport.BinaryServices.class));
		ServiceRef counter = server.getBean(DispatchRegistry.class).addService(TestCluster.uniqueType(), new Counter());
		ClusterRegistry registry = caller.getBean(ClusterRegistry.class);
		await().atMost(RegistryTestSupport.PATIENCE).until(() -> !registry.getServices(counter.type()).isEmpty());
		this.impostor = RegistryTestSupport.plainMember(this.cluster, 2, counter.node());
		await().atMost(RegistryTestSupport.PATIENCE).until(() -> registry.getMembers().size() == 3);
		CompletableFuture<@Nullable Object> pending = caller.getBean(ClusterTransport.class)
			.call(counter, new Counter.Sleep(60_000), String.class, Duration.ofSeconds(60));
		await().atMost(RegistryTestSupport.PATIENCE)
			.until(() -> !server.getBean(ClusterTransport.class).isIdle(counter.id()));
		server.getBean(HazelcastInstance.class).getLifecycleService().terminate();
		assertThat(pending).failsWithin(RegistryTestSupport.PATIENCE)
			.withThrowableOfType(ExecutionException.class)
			.withCauseInstanceOf(ServiceUnavailableException.class);
	}

	@Test
	void secondNodeWithTheSameIdIsRefused() {
		ConfigurableApplicationContext first = this.cluster.start(0, List.of(RegistryTestSupport.BinaryServices.class));
		SameNodeId.id = first.getBean(DispatchRegistry.class).getLocalNode();
		assertThatException()
			.isThrownBy(
					() -> this.cluster.start(1, List.of(RegistryTestSupport.BinaryServices.class, SameNodeId.class)))
			.satisfies((ex) -> assertThat(rootCause(ex)).isInstanceOf(IllegalStateException.class)
				.hasMessageContaining(SameNodeId.id)
				.hasMessageContaining(NodeIds.ATTRIBUTE)
				.hasMessageContaining("unique"));
		assertThat(first.getBean(ClusterRegistry.class).isRunning()).isTrue();
	}

	private static Throwable rootCause(Throwable ex) {
		Throwable cause = ex;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		return cause;
	}

	@Configuration(proxyBeanMethods = false)
	static class SameNodeId {

		static volatile String id = "";

		@Bean
		DispatchHazelcastConfigCustomizer sameNodeId() {
			return (config) -> config.getMemberAttributeConfig().setAttribute(NodeIds.ATTRIBUTE, id);
		}

	}

}
