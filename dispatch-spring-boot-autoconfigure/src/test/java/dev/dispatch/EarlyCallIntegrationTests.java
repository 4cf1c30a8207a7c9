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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import dev.dispatch.registry.ClusterRegistry;
import dev.dispatch.test.Counter;
import dev.dispatch.test.TestCluster;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A call made while the application starts, before the registry is up, waits for it
 * instead of failing for want of a view; on the thread that starts the context, which
 * would start the registry only after the wait, a blocking message fails at once.
 *
 * @author Dispatch team
 */
class EarlyCallIntegrationTests {

	private static final String TYPE = TestCluster.uniqueType();

	private static final String REMOTE_TYPE = TestCluster.uniqueType();

	private final TestCluster cluster = new TestCluster(2);

	@AfterEach
	void stop() {
		this.cluster.close();
	}

	@Test
	void callsMadeBeforeTheRegistryStartsAreAnsweredOnceItHas() {
		ConfigurableApplicationContext node = this.cluster.start(0, List.of(EarlyCaller.class));
		EarlyCaller caller = node.getBean(EarlyCaller.class);
		assertThat(caller.registryRunningWhenCalled).isFalse();
		assertThat(caller.asyncDoneWhenCalled).isFalse();
		assertThat(caller.reply.join()).isZero();
		assertThat(caller.asyncReply.join()).isZero();
	}

	@Test
	void anEarlyCallToAServiceOfAnotherNodeIsAnsweredOnceTheRegistryHasHeardTheOthers() {
		ConfigurableApplicationContext server = this.cluster.start(0, List.of());
		server.getBean(ClusterRegistry.class).addService(REMOTE_TYPE, new Counter());
		ConfigurableApplicationContext caller = this.cluster.start(1, List.of(EarlyRemoteCaller.class));
		EarlyRemoteCaller early = caller.getBean(EarlyRemoteCaller.class);
		assertThat(early.registryRunningWhenCalled).isFalse();
		assertThat(early.asyncReply).succeedsWithin(Duration.ofSeconds(30)).isEqualTo(0);
	}

	@Test
	void aBlockingMessageOnTheThreadThatStartsTheContextFailsAtOnceAndTheContextStarts() {
		ConfigurableApplicationContext node = this.cluster.start(0, List.of(StartingThreadCaller.class),
				"dispatch.registry.call-timeout=" + StartingThreadCaller.TIMEOUT.toSeconds() + "s");
		StartingThreadCaller caller = node.getBean(StartingThreadCaller.class);
		assertThat(node.isRunning()).isTrue();
		assertThat(node.getBean(ClusterRegistry.class).isRunning()).isTrue();
		assertThat(caller.failures).hasSize(4).allSatisfy((failure) -> {
			assertThat(failure).isInstanceOf(ServiceUnavailableException.class)
				.hasMessageContaining("thread that starts the application context")
				.hasMessageContaining("ApplicationReadyEvent")
				.hasMessageContaining("callAsync");
			assertThat(((ServiceUnavailableException) failure).getType()).isEqualTo(TYPE);
		});
		assertThat(caller.waited)
			.as("time spent in four messages, each with a timeout of %s", StartingThreadCaller.TIMEOUT)
			.isLessThan(StartingThreadCaller.TIMEOUT);
	}

	@Configuration(proxyBeanMethods = false)
	static class StartingThreadCaller implements SmartInitializingSingleton {

		static final Duration TIMEOUT = Duration.ofSeconds(10);

		@Autowired
		private DispatchTemplate template;

		final List<RuntimeException> failures = new ArrayList<>();

		Duration waited;

		// on the thread that starts the context, which starts the registry only after
		// this method has returned: no reply can come while it waits
		@Override
		public void afterSingletonsInstantiated() {
			long start = System.nanoTime();
			attempt(() -> this.template.call(TYPE, "key", new Counter.Get(), Integer.class, TIMEOUT));
			attempt(() -> this.template.cast(TYPE, "key", new Counter.Get()));
			attempt(() -> this.template.multiCall(2, TYPE, "key", new Counter.Get(), Integer.class, TIMEOUT));
			attempt(() -> this.template.multiCast(2, TYPE, "key", new Counter.Get()));
			this.waited = Duration.ofNanos(System.nanoTime() - start);
		}

		private void attempt(Runnable message) {
			try {
				message.run();
			}
			catch (RuntimeException ex) {
				this.failures.add(ex);
			}
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class EarlyRemoteCaller implements SmartInitializingSingleton {

		@Autowired
		private ClusterRegistry registry;

		@Autowired
		private DispatchTemplate template;

		volatile boolean registryRunningWhenCalled = true;

		CompletableFuture<Integer> asyncReply;

		@Override
		public void afterSingletonsInstantiated() {
			this.registryRunningWhenCalled = this.registry.isRunning();
			this.asyncReply = this.template.callAsync(REMOTE_TYPE, "key", new Counter.Get(), Integer.class,
					Duration.ofSeconds(30));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class EarlyCaller implements SmartInitializingSingleton {

		@Autowired
		private ClusterRegistry registry;

		@Autowired
		private DispatchTemplate template;

		final CompletableFuture<Integer> reply = new CompletableFuture<>();

		CompletableFuture<Integer> asyncReply;

		volatile boolean registryRunningWhenCalled = true;

		volatile boolean asyncDoneWhenCalled = true;

		// runs on the thread that starts the context, before its lifecycle starts the
		// registry: nothing can answer until this method has returned
		@Override
		public void afterSingletonsInstantiated() {
			this.registry.addService(TYPE, new Counter());
			this.registryRunningWhenCalled = this.registry.isRunning();
			this.asyncReply = this.template.callAsync(TYPE, "key", new Counter.Get(), Integer.class,
					Duration.ofSeconds(30));
			this.asyncDoneWhenCalled = this.asyncReply.isDone();
			Thread early = new Thread(() -> {
				try {
					this.reply.complete(
							this.template.call(TYPE, "key", new Counter.Get(), Integer.class, Duration.ofSeconds(30)));
				}
				catch (RuntimeException ex) {
					this.reply.completeExceptionally(ex);
				}
			});
			early.start();
		}

	}

}
