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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.context.ConfigurableApplicationContext;

import dev.dispatch.DispatchTemplate;
import dev.dispatch.test.autoconfigure.Tally.Add;
import dev.dispatch.test.autoconfigure.Tally.Read;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three nodes of {@link TallyApplication} in a {@link DispatchTestCluster}: counts
 * survive the graceful stop and the crash of their owner's node, and only the names of
 * the node that left change owner.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
class DispatchTestClusterTests {

	@RegisterExtension
	final DispatchTestCluster cluster = DispatchTestCluster.builder(TallyApplication.class)
		.convergenceTimeout(Duration.ofSeconds(15))
		.build();

	@BeforeEach
	void threeNodes() {
		this.cluster.start(3);
		this.cluster.awaitConverged();
	}

	@Test
	void countsSurviveTheGracefulStopOfTheirOwnerAndOnlyItsNamesMove() {
		countsSurviveTheDepartureOfAnOwner("stopped", this.cluster::stopGracefully);
	}

	@Test
	void countsSurviveTheCrashOfTheirOwnerWithOneBackup() {
		countsSurviveTheDepartureOfAnOwner("killed", this.cluster::kill);
	}

	private void countsSurviveTheDepartureOfAnOwner(String prefix, Consumer<ConfigurableApplicationContext> leave) {
		List<String> names = IntStream.range(0, 60).mapToObj((i) -> prefix + "-" + i).toList();
		Map<String, Long> counted = new LinkedHashMap<>();
		for (int round = 0; round < 2; round++) {
			for (int i = 0; i < names.size(); i++) {
				String name = names.get(i);
				counted.put(name,
						template(this.cluster.nodes().get(i % 3)).call(Tally.TYPE, name, new Add(name), Long.class));
			}
		}
		Map<String, ConfigurableApplicationContext> owners = owners(names);
		ConfigurableApplicationContext leaving = owners.get(names.get(0));
		leave.accept(leaving);
		this.cluster.awaitConverged();
		Map<String, ConfigurableApplicationContext> newOwners = owners(names);
		for (String name : names) {
			if (owners.get(name) == leaving) {
				assertThat(newOwners.get(name)).as("new owner of %s", name).isNotSameAs(leaving);
			}
			else {
				assertThat(newOwners.get(name)).as("owner of %s", name).isSameAs(owners.get(name));
			}
			assertThat(template(this.cluster.nodes().get(0)).call(Tally.TYPE, name, new Read(name), Long.class))
				.as("count of %s", name)
				.isEqualTo(counted.get(name));
		}
	}

	private Map<String, ConfigurableApplicationContext> owners(List<String> names) {
		Map<String, ConfigurableApplicationContext> owners = new LinkedHashMap<>();
		names.forEach((name) -> owners.put(name, this.cluster.owner(Tally.TYPE, name)));
		return owners;
	}

	private static DispatchTemplate template(ConfigurableApplicationContext node) {
		return node.getBean(DispatchTemplate.class);
	}

}
