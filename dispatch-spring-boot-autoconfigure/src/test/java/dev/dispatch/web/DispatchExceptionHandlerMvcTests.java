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

import java.util.Locale;

import jakarta.servlet.ServletException;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.support.StaticMessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.WebApplicationContext;

import dev.dispatch.DispatchException;
import dev.dispatch.ServiceUnavailableException;
import dev.dispatch.autoconfigure.web.DispatchProblemDetailsAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Tests for {@link DispatchExceptionHandler} in a Spring MVC application.
 *
 * @author Dispatch team
 */
class DispatchExceptionHandlerMvcTests {

	private final WebApplicationContextRunner contextRunner = new WebApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(JacksonAutoConfiguration.class, HttpMessageConvertersAutoConfiguration.class,
						WebMvcAutoConfiguration.class, DispatchProblemDetailsAutoConfiguration.class))
		.withBean(FailingController.class);

	@Test
	void serviceUnavailableIs503WithRetryAfter() {
		this.contextRunner.run((context) -> mvc(context).perform(get("/unavailable"))
			.andExpect(status().isServiceUnavailable())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(header().string("Retry-After", "1"))
			.andExpect(jsonPath("$.type").value("https://dispatch.dev/problems/service-unavailable"))
			.andExpect(jsonPath("$.title").value("Service unavailable"))
			.andExpect(jsonPath("$.status").value(503))
			.andExpect(jsonPath("$.detail").value("No online service of type 'counters'"))
			.andExpect(jsonPath("$.instance").value("/unavailable"))
			.andExpect(jsonPath("$.serviceType").value("counters"))
			.andExpect(jsonPath("$.service").doesNotExist()));
	}

	@Test
	void serviceOverloadedIs503WithRetryAfter() {
		this.contextRunner.run((context) -> mvc(context).perform(get("/overloaded"))
			.andExpect(status().isServiceUnavailable())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(header().string("Retry-After", "1"))
			.andExpect(jsonPath("$.type").value("https://dispatch.dev/problems/service-overloaded"))
			.andExpect(jsonPath("$.title").value("Service overloaded"))
			.andExpect(jsonPath("$.status").value(503))
			.andExpect(jsonPath("$.detail").value(containsString("is overloaded: 10 messages are already waiting")))
			.andExpect(jsonPath("$.serviceType").value("counters"))
			.andExpect(jsonPath("$.service").value("counters-1")));
	}

	@Test
	void timeoutIs504() {
		this.contextRunner.run((context) -> mvc(context).perform(get("/timeout"))
			.andExpect(status().isGatewayTimeout())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(header().doesNotExist("Retry-After"))
			.andExpect(jsonPath("$.type").value("https://dispatch.dev/problems/service-timeout"))
			.andExpect(jsonPath("$.title").value("Service did not answer in time"))
			.andExpect(jsonPath("$.status").value(504))
			.andExpect(jsonPath("$.detail")
				.value("No reply from service counters-1 of type 'counters' on node node-a within 2000 ms"))
			.andExpect(jsonPath("$.serviceType").value("counters"))
			.andExpect(jsonPath("$.service").value("counters-1")));
	}

	@Test
	void remoteFailureIs502WithoutTheHandlersMessage() {
		this.contextRunner.run((context) -> mvc(context).perform(get("/remote"))
			.andExpect(status().isBadGateway())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.type").value("https://dispatch.dev/problems/service-failed"))
			.andExpect(jsonPath("$.title").value("Service failed"))
			.andExpect(jsonPath("$.status").value(502))
			.andExpect(jsonPath("$.detail")
				.value("Service counters-1 of type 'counters' failed: java.lang.IllegalStateException"))
			.andExpect(content().string(not(containsString("secret text"))))
			.andExpect(jsonPath("$.serviceType").value("counters"))
			.andExpect(jsonPath("$.service").value("counters-1")));
	}

	@Test
	void otherDispatchExceptionsAreLeftToTheApplication() {
		this.contextRunner.run((context) -> assertThatExceptionOfType(ServletException.class)
			.isThrownBy(() -> mvc(context).perform(get("/other")))
			.withCauseInstanceOf(DispatchException.class));
	}

	@Test
	void titleComesFromTheMessageSourceWhenItHasOne() {
		this.contextRunner.withBean("messageSource", StaticMessageSource.class, () -> {
			StaticMessageSource messages = new StaticMessageSource();
			messages.addMessage("problemDetail.title." + ServiceUnavailableException.class.getName(), Locale.ENGLISH,
					"Try again");
			return messages;
		})
			.run((context) -> mvc(context).perform(get("/unavailable").locale(Locale.ENGLISH))
				.andExpect(status().isServiceUnavailable())
				.andExpect(jsonPath("$.title").value("Try again")));
	}

	@Test
	void disabledByPropertyLeavesTheExceptionUnhandled() {
		this.contextRunner.withPropertyValues("dispatch.web.problem-details.enabled=false")
			.run((context) -> assertThatExceptionOfType(ServletException.class)
				.isThrownBy(() -> mvc(context).perform(get("/unavailable")))
				.withCauseInstanceOf(ServiceUnavailableException.class));
	}

	@Test
	void applicationsAdviceWins() {
		this.contextRunner.withUserConfiguration(ApplicationAdvice.class)
			.run((context) -> mvc(context).perform(get("/unavailable"))
				.andExpect(status().isIAmATeapot())
				.andExpect(content().string("advice: No online service of type 'counters'")));
	}

	@Test
	void applicationsAdviceForAllDispatchExceptionsWins() {
		this.contextRunner.withUserConfiguration(BroadApplicationAdvice.class)
			.run((context) -> mvc(context).perform(get("/timeout"))
				.andExpect(status().isIAmATeapot())
				.andExpect(content().string(containsString("broad advice: No reply"))));
	}

	@Test
	void controllersOwnHandlerWins() {
		this.contextRunner.withBean(HandlingController.class)
			.run((context) -> mvc(context).perform(get("/handled"))
				.andExpect(status().isIAmATeapot())
				.andExpect(content().string("controller: No online service of type 'counters'")));
	}

	private static MockMvc mvc(WebApplicationContext context) {
		return MockMvcBuilders.webAppContextSetup(context).build();
	}

	@Configuration(proxyBeanMethods = false)
	static class ApplicationAdvice {

		@Bean
		Advice applicationAdvice() {
			return new Advice();
		}

	}

	@ControllerAdvice
	static class Advice {

		@ExceptionHandler
		ResponseEntity<String> handle(ServiceUnavailableException ex) {
			return ResponseEntity.status(HttpStatus.I_AM_A_TEAPOT).body("advice: " + ex.getMessage());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class BroadApplicationAdvice {

		@Bean
		BroadAdvice broadApplicationAdvice() {
			return new BroadAdvice();
		}

	}

	@ControllerAdvice
	static class BroadAdvice {

		@ExceptionHandler
		ResponseEntity<String> handle(DispatchException ex) {
			return ResponseEntity.status(HttpStatus.I_AM_A_TEAPOT).body("broad advice: " + ex.getMessage());
		}

	}

	@RestController
	static class HandlingController {

		@GetMapping("/handled")
		String handled() {
			throw new ServiceUnavailableException("counters");
		}

		@ExceptionHandler
		ResponseEntity<String> handle(ServiceUnavailableException ex) {
			return ResponseEntity.status(HttpStatus.I_AM_A_TEAPOT).body("controller: " + ex.getMessage());
		}

	}

}
