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

package dev.dispatch.autoconfigure.health;

import java.time.Duration;
import java.util.List;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.AvailabilityProbesAutoConfiguration;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.application.AvailabilityHealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.ConfigurableApplicationContext;

import dev.dispatch.actuate.endpoint.DispatchEndpoint;
import dev.dispatch.autoconfigure.endpoint.DispatchEndpointAutoConfiguration;
import dev.dispatch.health.DispatchHealthIndicator;
import dev.dispatch.registry.ClusterRegistry;
import dev.dispatch.test.TestCluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node started with another cluster secret than the others joins their Hazelcast
 * cluster but refuses every heartbeat it hears, and they refuse its: it must not look
 * healthy. Its {@code dispatch} health, and with it readiness, is DOWN, saying why, and
 * {@code /actuator/dispatch} lists the members it refuses; the nodes that share the
 * secret stay UP and list it. Nodes that all share the secret stay UP. The test cluster's
 * silence limit is 100 ms x 5.
 *
 * @author Dispatch team
 */
@Timeout(120)
class CutOffNodeIntegrationTests {

	private static final Duration PATIENCE = Duration.ofSeconds(10);

	private static final Duration SILENCE_LIMIT = Duration.ofMillis(500);

	private static final String SECRET = "dispatch.security.secret=s3cr3t-shared-by-the-cluster-0123456789";

	private static final String OTHER_SECRET = "dispatch.security.secret=another-secret-that-the-cluster-does-not-hold";

	private final TestCluster cluster = new TestCluster(3);

	@AfterEach
	void stop() {
		this.cluster.close();
	}

	@Test
	void aNodeWithAnotherSecretIsDownAndNotReadyAndListsTheMembersItRefuses() {
		ConfigurableApplicationContext nodeA = start(0, SECRET);
		ConfigurableApplicationContext nodeB = start(1, SECRET);
		ConfigurableApplicationContext stranger = start(2, OTHER_SECRET);
		String a = id(nodeA);
		String b = id(nodeB);
		String s = id(stranger);
		assertThat(endpoint(stranger).registry().getMembers()).hasSize(3);
		await().atMost(PATIENCE).untilAsserted(() -> {
			Health health = dispatchHealth(stranger);
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat(health.getDetails().get("reason")).asString()
				.contains("refuses the heartbeats")
				.contains("dispatch.security.secret");
			assertThat(health.getDetails().get("refusedMembers"))
				.asInstanceOf(InstanceOfAssertFactories.list(String.class))
				.containsExactlyInAnyOrder(a, b);
		});
		assertThat(readiness(stranger)).isEqualTo(Status.DOWN);
		assertThat(endpoint(stranger).registry().getRefusedMembers()).containsExactlyInAnyOrder(a, b);
		for (ConfigurableApplicationContext node : List.of(nodeA, nodeB)) {
			await().atMost(PATIENCE).until(() -> endpoint(node).registry().getRefusedMembers().equals(List.of(s)));
			assertThat(dispatchHealth(node).getStatus()).isEqualTo(Status.UP);
			assertThat(readiness(node)).isEqualTo(Status.UP);
		}
	}

	@Test
	void nodesThatShareTheSecretStayUpAndRefuseNobody() {
		List<ConfigurableApplicationContext> nodes = List.of(start(0, SECRET), start(1, SECRET), start(2, SECRET));
		await().atMost(PATIENCE).during(SILENCE_LIMIT.multipliedBy(4)).untilAsserted(() -> {
			for (ConfigurableApplicationContext node : nodes) {
				assertThat(dispatchHealth(node).getStatus()).isEqualTo(Status.UP);
				assertThat(readiness(node)).isEqualTo(Status.UP);
				assertThat(endpoint(node).registry().getRefusedMembers()).isEmpty();
				assertThat(endpoint(node).registry().getMembers()).hasSize(3);
			}
		});
	}

	private ConfigurableApplicationContext start(int index, String secret) {
		return this.cluster.start(index, List.of(Actuated.class), secret,
				"management.endpoints.web.exposure.include=health,dispatch",
				"management.endpoint.health.probes.enabled=true");
	}

	private static String id(ConfigurableApplicationContext node) {
		return node.getBean(ClusterRegistry.class).getLocalNode();
	}

	private static Health dispatchHealth(ConfigurableApplicationContext node) {
		return node.getBean(DispatchHealthIndicator.class).health();
	}

	private static Status readiness(ConfigurableApplicationContext node) {
		return node.getBean(HealthEndpoint.class).healthForPath("readiness").getStatus();
	}

	private static DispatchEndpoint endpoint(ConfigurableApplicationContext node) {
		return node.getBean(DispatchEndpoint.class);
	}

	@ImportAutoConfiguration({ DispatchHealthContributorAutoConfiguration.class,
			DispatchEndpointAutoConfiguration.class, ApplicationAvailabilityAutoConfiguration.class,
			HealthContributorAutoConfiguration.class, HealthContributorRegistryAutoConfiguration.class,
			HealthEndpointAutoConfiguration.class, AvailabilityHealthContributorAutoConfiguration.class,
			AvailabilityProbesAutoConfiguration.class })
	static class Actuated {

	}

}
