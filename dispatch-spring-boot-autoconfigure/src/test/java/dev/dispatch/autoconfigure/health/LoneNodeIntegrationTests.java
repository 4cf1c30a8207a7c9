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

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.dispatch.autoconfigure.DispatchAutoConfiguration;
import dev.dispatch.health.DispatchHealthIndicator;
import dev.dispatch.test.TestCluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node that has members to join but has reached none of them past its grace period says
 * so: a warning that names them, and the {@code alone} and {@code unreachableMembers}
 * details of its {@code dispatch} health, until one joins.
 *
 * @author Dispatch team
 */
@ExtendWith(OutputCaptureExtension.class)
class LoneNodeIntegrationTests {

	private final TestCluster cluster = new TestCluster(2);

	@AfterEach
	void stop() {
		this.cluster.close();
	}

	@Test
	void aNodeThatReachedNoneOfItsMembersWarnsAndShowsThemInItsHealthUntilOneJoins(CapturedOutput output) {
		String unreachable = "127.0.0.1:" + this.cluster.getPort(1);
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DispatchAutoConfiguration.class,
					DispatchHealthContributorAutoConfiguration.class))
			.withPropertyValues(this.cluster.properties(0))
			.withPropertyValues("dispatch.pubsub.join-grace-period=200ms")
			.run((context) -> {
				DispatchHealthIndicator indicator = context.getBean(DispatchHealthIndicator.class);
				await().untilAsserted(() -> assertThat(indicator.health(true).getDetails()).containsEntry("alone", true)
					.containsEntry("unreachableMembers", List.of(unreachable)));
				assertThat(indicator.health(true).getStatus()).isEqualTo(Status.UP);
				assertThat(output.getOut().lines().filter((line) -> line.contains("reached none of the members")))
					.singleElement()
					.asString()
					.contains("WARN")
					.contains(unreachable);
				this.cluster.start(1, List.of());
				await().untilAsserted(() -> {
					Health health = indicator.health(true);
					assertThat(health.getDetails()).containsEntry("members", 2)
						.doesNotContainKey("alone")
						.doesNotContainKey("unreachableMembers");
				});
			});
	}

}
