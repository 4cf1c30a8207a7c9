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

import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.context.ConfigurableApplicationContext;

import dev.dispatch.DispatchTemplate;
import dev.dispatch.test.autoconfigure.DispatchTestCluster;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three nodes of the sample in this JVM: the counters owned by a node that is killed keep
 * their values, which their backups on the other nodes take over.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
class CounterServiceTests {

	@RegisterExtension
	final DispatchTestCluster cluster = DispatchTestCluster.of(UploaderApplication.class);

	@Test
	void countersSurviveTheKillOfTheirOwnersNode() {
		this.cluster.start(3);
		this.cluster.awaitConverged();
		DispatchTemplate template = this.cluster.nodes().get(0).getBean(DispatchTemplate.class);
		List<String> names = IntStream.range(0, 30).mapToObj((i) -> "visits-" + i).toList();
		for (String name : names) {
			template.call("counters", name, new Increment(name), Long.class);
			template.call("counters", name, new Increment(name), Long.class);
		}
		ConfigurableApplicationContext owner = this.cluster.owner("counters", names.get(0));
		this.cluster.kill(owner);
		this.cluster.awaitConverged();
		DispatchTemplate survivor = this.cluster.nodes().get(0).getBean(DispatchTemplate.class);
		for (String name : names) {
			assertThat(survivor.call("counters", name, new CountQuery(name), Long.class)).as(name).isEqualTo(2);
		}
	}

}
