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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import com.hazelcast.core.HazelcastInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import dev.dispatch.test.Counter;
import dev.dispatch.test.TestCluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node whose member dies abruptly, without deregistering anything.
 *
 * @author Dispatch team
 */
class NodeFailureIntegrationTests {

	private final TestCluster cluster = new TestCluster(2);

	@AfterEach
	void stopCluster() {
		this.cluster.close();
	}

	@Test
	void callsInFlightToANodeThatDiesFailPromptlyAndItsServicesLeaveTheView() {
		ConfigurableApplicationContext caller = this.cluster.start(0, List.of());
		ConfigurableApplicationContext victim = this.cluster.start(1, List.of());
		DispatchRegistry callerRegistry = caller.getBean(DispatchRegistry.class);
		ServiceRef doomed = victim.getBean(DispatchRegistry.class).addService("doomed", new Counter());
		await().atMost(Duration.ofSeconds(10)).until(() -> callerRegistry.findService("doomed", "key").isPresent());
		CompletableFuture<String> inFlight = caller.getBean(DispatchTemplate.class)
			.callAsync("doomed", "key", new Counter.Sleep(60_000), String.class, Duration.ofSeconds(60));
		await().atMost(Duration.ofSeconds(5))
			.until(() -> !victim.getBean(dev.dispatch.messaging.ClusterTransport.class).isIdle(doomed.id())
					&& !inFlight.isDone());
		long start = System.nanoTime();
		victim.getBean(HazelcastInstance.class).getLifecycleService().terminate();
		assertThat(inFlight).failsWithin(Duration.ofSeconds(10))
			.withThrowableOfType(ExecutionException.class)
			.withCauseInstanceOf(ServiceUnavailableException.class)
			.withMessageContaining("left before replying");
		await().atMost(Duration.ofSeconds(10)).until(() -> callerRegistry.getServices("doomed").isEmpty());
		System.out.printf("abrupt death: call failed and services left after %.1f ms%n",
				(System.nanoTime() - start) / 1e6);
		assertThat(callerRegistry.findService("doomed", "key")).isEmpty();
	}

}
