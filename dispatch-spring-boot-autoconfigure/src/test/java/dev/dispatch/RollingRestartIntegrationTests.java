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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import dev.dispatch.messaging.ClusterTransport;
import dev.dispatch.test.Counter;
import dev.dispatch.test.TestCluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every serving node of a cluster is stopped gracefully and replaced, one at a time,
 * while another node calls the service without pause.
 *
 * @author Dispatch team
 */
class RollingRestartIntegrationTests {

	private static final int CALLERS = 8;

	private static final long WORK_MILLIS = 50;

	private final TestCluster cluster = new TestCluster(4);

	@AfterEach
	void stopCluster() {
		this.cluster.close();
	}

	@Test
	void rollingRestartUnderSteadyCallLoadLosesNoCall() throws Exception {
		ConfigurableApplicationContext caller = this.cluster.start(0, List.of());
		ConfigurableApplicationContext[] servers = new ConfigurableApplicationContext[4];
		for (int i = 1; i <= 3; i++) {
			servers[i] = this.cluster.start(i, List.of(Echo.class));
		}
		DispatchRegistry registry = caller.getBean(DispatchRegistry.class);
		DispatchTemplate template = caller.getBean(DispatchTemplate.class);
		await().atMost(Duration.ofSeconds(10)).until(() -> registry.getOnlineServices("echo").size() == 3);
		AtomicBoolean calling = new AtomicBoolean(true);
		AtomicInteger succeeded = new AtomicInteger();
		ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
		ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
		List<Future<?>> load = IntStream.range(0, CALLERS).mapToObj((thread) -> callers.submit(() -> {
			for (int i = 0; calling.get(); i++) {
				try {
					if (template.call("echo", "key-" + thread + "-" + (i % 100), i, Integer.class) == i) {
						succeeded.incrementAndGet();
					}
				}
				catch (DispatchException ex) {
					failures.add(ex);
				}
			}
		})).collect(Collectors.toList());
		for (int i = 1; i <= 3; i++) {
			int before = succeeded.get();
			await().atMost(Duration.ofSeconds(10)).until(() -> succeeded.get() > before + 100);
			servers[i].close();
			servers[i] = this.cluster.start(i, List.of(Echo.class));
			await().atMost(Duration.ofSeconds(10)).until(() -> registry.getOnlineServices("echo").size() == 3);
		}
		int before = succeeded.get();
		await().atMost(Duration.ofSeconds(10)).until(() -> succeeded.get() > before + 100);
		calling.set(false);
		for (Future<?> running : load) {
			running.get();
		}
		callers.shutdown();
		System.out.printf("rolling restart: %d calls succeeded, %d failed%n", succeeded.get(), failures.size());
		assertThat(failures).isEmpty();
		assertThat(succeeded.get()).isGreaterThan(400);
	}

	@Test
	void gracefulStopLetsTheCallsItAcceptedFinishWithinTheDrain() {
		ConfigurableApplicationContext caller = this.cluster.start(0, List.of());
		ConfigurableApplicationContext server = this.cluster.start(1, List.of(),
				"dispatch.registry.shutdown-drain=10s");
		server.getBean(DispatchRegistry.class).addService("slow", new Counter());
		DispatchRegistry registry = caller.getBean(DispatchRegistry.class);
		await().atMost(Duration.ofSeconds(10)).until(() -> registry.findService("slow", "key").isPresent());
		CompletableFuture<String> accepted = caller.getBean(DispatchTemplate.class)
			.callAsync("slow", "key", new Counter.Sleep(1500), String.class, Duration.ofSeconds(20));
		ServiceRef slow = registry.findService("slow", "key").orElseThrow();
		await().atMost(Duration.ofSeconds(5)).until(() -> !server.getBean(ClusterTransport.class).isIdle(slow.id()));
		server.close();
		assertThat(accepted).succeedsWithin(Duration.ofSeconds(5)).isEqualTo("slept");
		await().atMost(Duration.ofSeconds(5)).until(() -> registry.getServices("slow").isEmpty());
	}

	@DispatchService(type = "echo", concurrency = CALLERS)
	static class Echo {

		@DispatchHandler
		public int echo(Integer value) throws InterruptedException {
			Thread.sleep(WORK_MILLIS);
			return value;
		}

	}

}
