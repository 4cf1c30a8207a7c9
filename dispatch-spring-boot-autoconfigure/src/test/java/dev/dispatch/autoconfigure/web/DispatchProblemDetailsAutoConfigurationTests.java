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

package dev.dispatch.autoconfigure.web;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.web.reactive.DispatcherHandler;
import org.springframework.web.servlet.DispatcherServlet;

import dev.dispatch.web.DispatchExceptionHandler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DispatchProblemDetailsAutoConfiguration}.
 *
 * @author Dispatch team
 */
class DispatchProblemDetailsAutoConfigurationTests {

	private static final AutoConfigurations CONFIGURATIONS = AutoConfigurations
		.of(DispatchProblemDetailsAutoConfiguration.class);

	@Test
	void servletApplicationGetsTheHandler() {
		new WebApplicationContextRunner().withConfiguration(CONFIGURATIONS)
			.run((context) -> assertThat(context).hasSingleBean(DispatchExceptionHandler.class));
	}

	@Test
	void reactiveApplicationGetsTheHandler() {
		new ReactiveWebApplicationContextRunner().withConfiguration(CONFIGURATIONS)
			.run((context) -> assertThat(context).hasSingleBean(DispatchExceptionHandler.class));
	}

	@Test
	void applicationWithoutWebGetsNoHandler() {
		new ApplicationContextRunner().withConfiguration(CONFIGURATIONS)
			.run((context) -> assertThat(context).doesNotHaveBean(DispatchExceptionHandler.class));
	}

	@Test
	void servletApplicationWithoutSpringMvcGetsNoHandler() {
		new WebApplicationContextRunner().withConfiguration(CONFIGURATIONS)
			.withClassLoader(new FilteredClassLoader(DispatcherServlet.class))
			.run((context) -> assertThat(context).doesNotHaveBean(DispatchExceptionHandler.class));
	}

	@Test
	void reactiveApplicationWithoutWebFluxGetsNoHandler() {
		new ReactiveWebApplicationContextRunner().withConfiguration(CONFIGURATIONS)
			.withClassLoader(new FilteredClassLoader(DispatcherHandler.class))
			.run((context) -> assertThat(context).doesNotHaveBean(DispatchExceptionHandler.class));
	}

	@Test
	void disabledByPropertyGetsNoHandler() {
		new WebApplicationContextRunner().withConfiguration(CONFIGURATIONS)
			.withPropertyValues("dispatch.web.problem-details.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(DispatchExceptionHandler.class));
		new ReactiveWebApplicationContextRunner().withConfiguration(CONFIGURATIONS)
			.withPropertyValues("dispatch.web.problem-details.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(DispatchExceptionHandler.class));
	}

	@Test
	void applicationsOwnHandlerBeanReplacesIt() {
		new WebApplicationContextRunner().withConfiguration(CONFIGURATIONS)
			.withBean("custom", CustomHandler.class)
			.run((context) -> assertThat(context).hasSingleBean(DispatchExceptionHandler.class)
				.hasBean("custom")
				.doesNotHaveBean("dispatchExceptionHandler"));
	}

	static class CustomHandler extends DispatchExceptionHandler {

	}

}
