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

package dev.dispatch.autoconfigure.info;

import java.util.List;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.dispatch.DispatchRegistry;
import dev.dispatch.actuate.info.DispatchInfoContributor;
import dev.dispatch.autoconfigure.DispatchAutoConfiguration;
import dev.dispatch.test.Counter;
import dev.dispatch.test.TestCluster;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DispatchInfoContributorAutoConfiguration}.
 *
 * @author Dispatch team
 */
class DispatchInfoContributorAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(DispatchAutoConfiguration.class, DispatchInfoContributorAutoConfiguration.class))
		.withPropertyValues(new TestCluster(1).properties(0));

	@Test
	void runShouldContributeTheNodeMembersAndTypes() {
		this.contextRunner.run((context) -> {
			DispatchRegistry registry = context.getBean(DispatchRegistry.class);
			registry.addService("counter", new Counter());
			Info.Builder builder = new Info.Builder();
			context.getBean(DispatchInfoContributor.class).contribute(builder);
			assertThat(builder.build().get("dispatch")).asInstanceOf(InstanceOfAssertFactories.MAP)
				.containsEntry("node", registry.getLocalNode())
				.containsEntry("members", 1)
				.containsEntry("types", List.of("counter"))
				.containsKey("version");
		});
	}

	@Test
	void runWhenDisabledShouldNotContribute() {
		this.contextRunner.withPropertyValues("management.info.dispatch.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(DispatchInfoContributor.class));
	}

	@Test
	void runWhenDispatchIsDisabledShouldNotContribute() {
		this.contextRunner.withPropertyValues("dispatch.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(DispatchInfoContributor.class)
				.doesNotHaveBean(DispatchRegistry.class));
	}

}
