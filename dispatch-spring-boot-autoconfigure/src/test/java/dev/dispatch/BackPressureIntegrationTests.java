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

package dev.dispatch;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import dev.dispatch.test.Counter;
import dev.dispatch.test.Gate;
import dev.dispatch.test.TestCluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Bounded memory between two nodes: a sender may have only so many messages outstanding
 * to a remote service, and only so large.
 *
 * @author Dispatch team
 */
class BackPressureIntegrationTests {

	private static final int CAPACITY = 20;

	private final TestCluster cluster = new TestCluster(2);

	@AfterEach
	void stopCluster() {
		this.cluster.close();
	}

	@Test
	void castsBeyondTheCreditOfARemoteServiceAreRefusedAtOnceAndNothingAcceptedIsLost() throws Exception {
		ConfigurableApplicationContext server = this.cluster.start(0, List.of(),
				"dispatch.registry.mailbox-capacity=" + CAPACITY);
		ConfigurableApplicationContext client = this.cluster.start(1, List.of(),
				"dispatch.registry.mailbox-capacity=" + CAPACITY);
		Gate gate = new Gate();
		ServiceRef slow = server.getBean(DispatchRegistry.class).addService("slow", gate);
		DispatchTemplate template = client.getBean(DispatchTemplate.class);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> client.getBean(DispatchRegistry.class).findService("slow", "key").isPresent());
		for (int i = 0; i < CAPACITY; i++) {
			template.cast("slow", "key", new Counter.Add(i));
		}
		assertThat(gate.awaitEntered()).isTrue();
		assertThatExceptionOfType(ServiceOverloadedException.class)
			.isThrownBy(() -> template.cast("slow", "key", new Counter.Add(-1)))
			.withMessageContaining(slow.id());
		gate.open();
		await().atMost(Duration.ofSeconds(10)).until(() -> gate.getHandled().size() == CAPACITY);
		assertThat(gate.getHandled()).isEqualTo(IntStream.range(0, CAPACITY).boxed().toList());
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			template.cast("slow", "key", new Counter.Add(CAPACITY));
			assertThat(gate.getHandled()).contains(CAPACITY);
		});
	}

	@Test
	void messageLargerThanTheLimitIsRefusedAtTheSender() {
		ConfigurableApplicationContext server = this.cluster.start(0, List.of(),
				"dispatch.registry.max-message-size=1KB");
		ConfigurableApplicationContext client = this.cluster.start(1, List.of(),
				"dispatch.registry.max-message-size=1KB");
		server.getBean(DispatchRegistry.class).addService("echo", new Echo());
		DispatchTemplate template = client.getBean(DispatchTemplate.class);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> client.getBean(DispatchRegistry.class).findService("echo", "key").isPresent());
		assertThatExceptionOfType(DispatchException.class)
			.isThrownBy(() -> template.call("echo", "key", "x".repeat(2000), String.class))
			.withMessageContaining("dispatch.registry.max-message-size");
		assertThat(template.call("echo", "key", "small", String.class)).isEqualTo("small");
		assertThatExceptionOfType(DispatchException.class)
			.isThrownBy(() -> template.call("echo", "key", 2000, String.class))
			.withMessageContaining("The reply could not be sent")
			.withMessageContaining("dispatch.registry.max-message-size");
	}

	static class Echo {

		@DispatchHandler
		public String echo(String text) {
			return text;
		}

		@DispatchHandler
		public String repeat(Integer times) {
			return "y".repeat(times);
		}

	}

}
