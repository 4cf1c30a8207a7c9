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

package dev.dispatch.web;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.config.EnableWebFlux;

import dev.dispatch.autoconfigure.web.DispatchProblemDetailsAutoConfiguration;

/**
 * Tests for {@link DispatchExceptionHandler} in a WebFlux application.
 *
 * @author Dispatch team
 */
class DispatchExceptionHandlerWebFluxTests {

	private final ReactiveWebApplicationContextRunner contextRunner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DispatchProblemDetailsAutoConfiguration.class))
		.withUserConfiguration(WebFluxConfiguration.class)
		.withBean(FailingController.class);

	@Test
	void serviceUnavailableIs503WithRetryAfter() {
		this.contextRunner.run((context) -> client(context).get()
			.uri("/unavailable")
			.exchange()
			.expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader()
			.valueEquals("Retry-After", "1")
			.expectBody()
			.jsonPath("$.type")
			.isEqualTo("https://dispatch.dev/problems/service-unavailable")
			.jsonPath("$.status")
			.isEqualTo(503)
			.jsonPath("$.detail")
			.isEqualTo("No online service of type 'counters'")
			.jsonPath("$.instance")
			.isEqualTo("/unavailable")
			.jsonPath("$.serviceType")
			.isEqualTo("counters"));
	}

	@Test
	void overloadTimeoutAndRemoteFailureHaveTheirStatuses() {
		this.contextRunner.run((context) -> {
			WebTestClient client = client(context);
			client.get()
				.uri("/overloaded")
				.exchange()
				.expectStatus()
				.isEqualTo(503)
				.expectHeader()
				.valueEquals("Retry-After", "1")
				.expectBody()
				.jsonPath("$.type")
				.isEqualTo("https://dispatch.dev/problems/service-overloaded")
				.jsonPath("$.service")
				.isEqualTo("counters-1");
			client.get()
				.uri("/timeout")
				.exchange()
				.expectStatus()
				.isEqualTo(504)
				.expectHeader()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody()
				.jsonPath("$.type")
				.isEqualTo("https://dispatch.dev/problems/service-timeout")
				.jsonPath("$.serviceType")
				.isEqualTo("counters");
			client.get()
				.uri("/remote")
				.exchange()
				.expectStatus()
				.isEqualTo(502)
				.expectHeader()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody()
				.jsonPath("$.detail")
				.isEqualTo("Service counters-1 of type 'counters' failed: java.lang.IllegalStateException");
		});
	}

	@Test
	void disabledByPropertyLeavesItToWebFlux() {
		this.contextRunner.withPropertyValues("dispatch.web.problem-details.enabled=false")
			.run((context) -> client(context).get().uri("/unavailable").exchange().expectStatus().isEqualTo(500));
	}

	private static WebTestClient client(ApplicationContext context) {
		return WebTestClient.bindToApplicationContext(context).build();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableWebFlux
	static class WebFluxConfiguration {

	}

}
