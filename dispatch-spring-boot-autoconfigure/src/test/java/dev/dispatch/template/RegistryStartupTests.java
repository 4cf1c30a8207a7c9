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

package dev.dispatch.template;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.dispatch.ServiceUnavailableException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link RegistryStartup}.
 *
 * @author Dispatch team
 */
class RegistryStartupTests {

	private final CompletableFuture<Void> started = new CompletableFuture<>();

	private final RegistryStartup startup = new RegistryStartup(this.started);

	@Test
	void aRegistryThatDoesNotStartInTimeFailsTheMessageNamingItsType() {
		assertThatExceptionOfType(ServiceUnavailableException.class)
			.isThrownBy(() -> this.startup.await("counters", Duration.ofMillis(50)))
			.withMessageContaining("did not start within 50 ms");
		CompletableFuture<String> reply = this.startup.then("counters", Duration.ofMillis(50),
				(left) -> CompletableFuture.completedFuture("sent"));
		assertThatExceptionOfType(CompletionException.class).isThrownBy(reply::join)
			.withCauseInstanceOf(ServiceUnavailableException.class);
	}

	@Test
	void anAsynchronousMessageIsSentOnceTheRegistryStartsWithWhatIsLeftOfItsTimeout() {
		CompletableFuture<Duration> sent = new CompletableFuture<>();
		CompletableFuture<String> reply = this.startup.then("counters", Duration.ofSeconds(30), (left) -> {
			sent.complete(left);
			return CompletableFuture.completedFuture("sent");
		});
		assertThat(reply).isNotDone();
		assertThat(sent).isNotDone();
		this.started.complete(null);
		assertThat(reply.join()).isEqualTo("sent");
		assertThat(sent.join()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(30));
	}

	@Test
	void onTheThreadThatWillStartTheRegistryAMessageFailsAtOnceSayingWhatToDoInstead() {
		RegistryStartup onThisThread = new RegistryStartup(this.started, Thread.currentThread());
		assertThatExceptionOfType(ServiceUnavailableException.class)
			.isThrownBy(() -> onThisThread.await("counters", Duration.ofMillis(200)))
			.withMessageContaining("thread that starts the application context")
			.withMessageContaining("ApplicationReadyEvent")
			.withMessageContaining("callAsync")
			.satisfies((ex) -> assertThat(ex.getType()).isEqualTo("counters"));
	}

	@Test
	void onOtherThreadsAMessageStillWaitsForTheRegistry() throws Exception {
		RegistryStartup onAnotherThread = new RegistryStartup(this.started, new Thread(() -> {
		}));
		CompletableFuture<Duration> left = new CompletableFuture<>();
		Thread caller = new Thread(() -> left.complete(onAnotherThread.await("counters", Duration.ofSeconds(30))));
		caller.start();
		await().until(() -> caller.getState() == Thread.State.TIMED_WAITING);
		assertThat(left).isNotDone();
		this.started.complete(null);
		assertThat(left.get(30, TimeUnit.SECONDS)).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(30));
	}

	@Test
	void onceStartedTheStartingThreadSendsToo() {
		this.started.complete(null);
		RegistryStartup onThisThread = new RegistryStartup(this.started, Thread.currentThread());
		assertThat(onThisThread.await("counters", Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(3));
	}

	@Test
	void onceStartedNothingWaits() {
		this.started.complete(null);
		assertThat(this.startup.await("counters", Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(3));
	}

}
