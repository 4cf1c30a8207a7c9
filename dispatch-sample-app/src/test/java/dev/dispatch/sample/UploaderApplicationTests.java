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

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.core.env.Environment;

import dev.dispatch.DispatchRegistry;
import dev.dispatch.ServiceRef;
import dev.dispatch.test.autoconfigure.AutoConfigureDispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One uploader node over HTTP, alone in a cluster of its own: files, counters, a problem
 * detail when no counters service is online, health and the {@code dispatch} endpoint.
 *
 * @author Dispatch team
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@AutoConfigureDispatch
class UploaderApplicationTests {

	private final HttpClient http = HttpClient.newHttpClient();

	@Autowired
	private Environment environment;

	@Autowired
	private DispatchRegistry registry;

	private HttpResponse<String> send(String method, String path, String body) throws Exception {
		URI uri = URI.create("http://127.0.0.1:" + this.environment.getProperty("local.server.port") + path);
		HttpRequest request = HttpRequest.newBuilder(uri)
			.header("Content-Type", "text/plain")
			.method(method,
					body.isEmpty() ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	@Test
	void uploadedFileCanBeDownloadedAndAnUnknownOneIsNotFound() throws Exception {
		assertThat(send("PUT", "/files/greeting.txt", "hello").statusCode()).isEqualTo(201);
		HttpResponse<String> download = send("GET", "/files/greeting.txt", "");
		assertThat(download.statusCode()).isEqualTo(200);
		assertThat(download.body()).isEqualTo("hello");
		assertThat(send("GET", "/files/unknown.txt", "").statusCode()).isEqualTo(404);
	}

	@Test
	void counterCountsEachIncrementAndAnUnknownOneIsZero() throws Exception {
		HttpResponse<String> first = send("POST", "/counters/visits", "");
		assertThat(first.statusCode()).isEqualTo(200);
		assertThat(first.body()).isEqualTo("1");
		HttpResponse<String> second = send("POST", "/counters/visits", "");
		assertThat(second.statusCode()).isEqualTo(200);
		assertThat(second.body()).isEqualTo("2");
		HttpResponse<String> count = send("GET", "/counters/visits", "");
		assertThat(count.statusCode()).isEqualTo(200);
		assertThat(count.body()).isEqualTo("2");
		HttpResponse<String> unknown = send("GET", "/counters/never-counted", "");
		assertThat(unknown.statusCode()).isEqualTo(200);
		assertThat(unknown.body()).isEqualTo("0");
	}

	@Test
	void counterWithNoOnlineServiceAnswersAProblemDetailWithRetryAfter() throws Exception {
		ServiceRef counters = this.registry.getServices(CountersController.TYPE).get(0).ref();
		this.registry.disableService(counters);
		try {
			await().atMost(Duration.ofSeconds(10))
				.until(() -> this.registry.getOnlineServices(CountersController.TYPE).isEmpty());
			HttpResponse<String> unavailable = send("POST", "/counters/visits", "");
			assertThat(unavailable.statusCode()).isEqualTo(503);
			assertThat(unavailable.headers().firstValue("Content-Type")).contains("application/problem+json");
			assertThat(unavailable.headers().firstValue("Retry-After")).contains("1");
			JsonNode problem = JsonMapper.builder().build().readTree(unavailable.body());
			assertThat(problem.path("type").asString()).isEqualTo("https://dispatch.dev/problems/service-unavailable");
			assertThat(problem.path("status").asInt()).isEqualTo(503);
			assertThat(problem.path("serviceType").asString()).isEqualTo(CountersController.TYPE);
			assertThat(problem.path("instance").asString()).isEqualTo("/counters/visits");
		}
		finally {
			this.registry.enableService(counters);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> !this.registry.getOnlineServices(CountersController.TYPE).isEmpty());
		}
	}

	@Test
	void healthShowsTheDispatchNodeUp() throws Exception {
		HttpResponse<String> health = send("GET", "/actuator/health", "");
		assertThat(health.statusCode()).isEqualTo(200);
		JsonNode dispatch = JsonMapper.builder().build().readTree(health.body()).path("components").path("dispatch");
		assertThat(dispatch.path("status").asString()).isEqualTo("UP");
		assertThat(dispatch.path("details").path("localServices").asInt()).isEqualTo(2);
	}

	@Test
	void dispatchEndpointListsTheUploaderAndRoutesAKey() throws Exception {
		HttpResponse<String> registry = send("GET", "/actuator/dispatch", "");
		assertThat(registry.statusCode()).isEqualTo(200);
		assertThat(registry.body()).contains("\"uploader\"")
			.contains("\"counters\"")
			.contains("\"ONLINE\"")
			.contains("ringChecksum");
		HttpResponse<String> route = send("GET", "/actuator/dispatch/uploader/greeting.txt", "");
		assertThat(route.statusCode()).isEqualTo(200);
		assertThat(route.body()).contains("\"owner\"").contains("\"key\":\"greeting.txt\"");
		assertThat(send("GET", "/actuator/dispatch/nothing", "").statusCode()).isEqualTo(404);
	}

}
