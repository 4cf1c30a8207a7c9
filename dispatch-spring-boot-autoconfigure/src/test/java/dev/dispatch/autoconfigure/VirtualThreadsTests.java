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

package dev.dispatch.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.dispatch.DispatchHandler;
import dev.dispatch.DispatchRegistry;
import dev.dispatch.DispatchTemplate;
import dev.dispatch.test.TestCluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Handlers follow {@code spring.threads.virtual.enabled}, as Spring Boot's own executors
 * do: on Java 21 and later they run on virtual threads, and a thousand calls to a handler
 * that blocks all run at once. The build runs this class on Java 25 too, where one is
 * installed (profile {@code java25}).
 *
 * @author Dispatch team
 */
class VirtualThreadsTests {

	private static final int CALLS = 1000;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DispatchAutoConfiguration.class))
		.withPropertyValues(new TestCluster(1).properties(0));

	@Test
	void handlersRunOnVirtualThreadsWhenSpringBootUsesThem() {
		assumeTrue(Runtime.version().feature() >= 21,
				"Virtual threads need Java 21 or later; the java25 profile runs this test on Java 25");
		this.contextRunner.withPropertyValues("spring.threads.virtual.enabled=true").run((context) -> {
			Sleepy sleepy = new Sleepy();
			List<String> threads = callAll(context.getBean(DispatchRegistry.class),
					context.getBean(DispatchTemplate.class), sleepy);
			assertThat(threads).hasSize(CALLS).allMatch((kind) -> kind.equals("virtual"));
		});
	}

	@Test
	void handlersRunOnPlatformThreadsByDefault() {
		this.contextRunner.run((context) -> {
			List<String> threads = callAll(context.getBean(DispatchRegistry.class),
					context.getBean(DispatchTemplate.class), new Sleepy());
			assertThat(threads).hasSize(CALLS).allMatch((kind) -> kind.equals("platform"));
		});
	}

	private static List<String> callAll(DispatchRegistry registry, DispatchTemplate template, Sleepy sleepy)
			throws Exception {
		String type = TestCluster.uniqueType();
		registry.addService(type, sleepy, CALLS, java.util.Map.of());
		List<CompletableFuture<String>> calls = new ArrayList<>();
		for (int i = 0; i < CALLS; i++) {
			calls.add(template.callAsync(type, "key", new Nap(10), String.class));
		}
		List<String> kinds = new ArrayList<>();
		for (CompletableFuture<String> call : calls) {
			kinds.add(call.get(30, TimeUnit.SECONDS));
		}
		return kinds;
	}

	/**
	 * Sleeps, and tells on which kind of thread.
	 */
	public static class Sleepy {

		@DispatchHandler
		public String nap(Nap nap) throws Exception {
			Thread.sleep(nap.millis());
			boolean virtual = (Runtime.version().feature() >= 21)
					&& (boolean) Thread.class.getMethod("isVirtual").invoke(Thread.currentThread());
			return virtual ? "virtual" : "platform";
		}

	}

	public record Nap(long millis) {
	}

}
