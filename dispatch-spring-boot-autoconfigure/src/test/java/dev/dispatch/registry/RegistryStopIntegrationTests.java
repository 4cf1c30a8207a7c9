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

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import dev.dispatch.DispatchRegistry;
import dev.dispatch.ServiceRef;
import dev.dispatch.messaging.ClusterTransport;
import dev.dispatch.test.Counter;
import dev.dispatch.test.TestCluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node whose registry has stopped still gets the replies to the calls it makes, as
 * beans do while they are destroyed.
 *
 * @author Dispatch team
 */
class RegistryStopIntegrationTests {

	private final TestCluster cluster = new TestCluster(2);

	@AfterEach
	void stopCluster() {
		this.cluster.close();
	}

	@Test
	void callAfterTheRegistryStoppedGetsItsReply() {
		ConfigurableApplicationContext caller = this.cluster.start(0,
				List.of(RegistryTestSupport.BinaryServices.class));
		ConfigurableApplicationContext server = this.cluster.start(1,
				List.of(RegistryTestSupport.BinaryServices.class));
		String type = TestCluster.uniqueType();
		ServiceRef counter = server.getBean(DispatchRegistry.class).addService(type, new Counter());
		ClusterRegistry registry = caller.getBean(ClusterRegistry.class);
		await().atMost(RegistryTestSupport.PATIENCE).until(() -> registry.findService(type, "key").isPresent());
		registry.stop();
		assertThat(caller.getBean(ClusterTransport.class)
			.call(counter, new Counter.Get(), Integer.class, Duration.ofSeconds(5)))
			.succeedsWithin(RegistryTestSupport.PATIENCE)
			.isEqualTo(0);
	}

}
