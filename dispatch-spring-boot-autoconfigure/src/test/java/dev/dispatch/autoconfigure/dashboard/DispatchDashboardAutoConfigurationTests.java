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

package dev.dispatch.autoconfigure.dashboard;

import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointProperties;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.ServerResponse;

import dev.dispatch.actuate.dashboard.DispatchDashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Tests for {@link DispatchDashboardAutoConfiguration}.
 *
 * @author Dispatch team
 */
class DispatchDashboardAutoConfigurationTests {

	private static final AutoConfigurations CONFIGURATIONS = AutoConfigurations
		.of(DispatchDashboardAutoConfiguration.class);

	private static final String EXPOSED = "management.endpoints.web.exposure.include=health,dispatch";

	private static final String ENABLED = "dispatch.dashboard.enabled=true";

	private final WebApplicationContextRunner servlet = new WebApplicationContextRunner()
		.withConfiguration(CONFIGURATIONS)
		.withUserConfiguration(EndpointProperties.class);

	@Test
	void servletApplicationGetsNoPageByDefault() {
		this.servlet.withPropertyValues(EXPOSED)
			.run((context) -> assertThat(context).doesNotHaveBean(DispatchDashboard.class)
				.doesNotHaveBean(RouterFunction.class));
	}

	@Test
	void servletApplicationServesThePageWhenEnabled() {
		this.servlet.withPropertyValues(EXPOSED, ENABLED).run((context) -> {
			assertThat(context).hasSingleBean(DispatchDashboard.class).hasSingleBean(RouterFunction.class);
			MockMvc mvc = routes(context.getBean(RouterFunction.class));
			mvc.perform(get("/actuator/dispatch-dashboard"))
				.andExpect(status().isOk())
				.andExpect(content().contentTypeCompatibleWith(MediaType.TEXT_HTML))
				.andExpect(header().string("Content-Security-Policy",
						context.getBean(DispatchDashboard.class).getContentSecurityPolicy()))
				.andExpect(content().string(containsString("<title>Dispatch</title>")));
			mvc.perform(get("/dispatch-dashboard")).andExpect(status().isNotFound());
		});
	}

	@Test
	void pageFollowsTheActuatorBasePath() {
		this.servlet.withPropertyValues(EXPOSED, ENABLED, "management.endpoints.web.base-path=/manage")
			.run((context) -> routes(context.getBean(RouterFunction.class)).perform(get("/manage/dispatch-dashboard"))
				.andExpect(status().isOk()));
	}

	@Test
	void reactiveApplicationServesThePageWhenEnabled() {
		new ReactiveWebApplicationContextRunner().withConfiguration(CONFIGURATIONS)
			.withUserConfiguration(EndpointProperties.class)
			.withPropertyValues(EXPOSED, ENABLED)
			.run((context) -> WebTestClient
				.bindToRouterFunction(
						context.getBean(org.springframework.web.reactive.function.server.RouterFunction.class))
				.build()
				.get()
				.uri("/actuator/dispatch-dashboard")
				.exchange()
				.expectStatus()
				.isOk()
				.expectHeader()
				.contentTypeCompatibleWith(MediaType.TEXT_HTML)
				.expectBody(String.class)
				.value((page) -> assertThat(page).contains("<title>Dispatch</title>")));
	}

	@Test
	void applicationWithoutWebGetsNoPage() {
		new ApplicationContextRunner().withConfiguration(CONFIGURATIONS)
			.withPropertyValues(EXPOSED, ENABLED)
			.run((context) -> assertThat(context).doesNotHaveBean(DispatchDashboard.class));
	}

	@Test
	void pageNeedsTheEndpointExposedOverHttp() {
		this.servlet.withPropertyValues(ENABLED)
			.run((context) -> assertThat(context).doesNotHaveBean(DispatchDashboard.class));
		this.servlet.withPropertyValues(ENABLED, "management.endpoints.jmx.exposure.include=dispatch")
			.run((context) -> assertThat(context).doesNotHaveBean(DispatchDashboard.class));
	}

	@Test
	void managementServerOnAPortOfItsOwnGetsNoPage() {
		this.servlet.withPropertyValues(EXPOSED, ENABLED, "server.port=8080", "management.server.port=8081")
			.run((context) -> assertThat(context).doesNotHaveBean(DispatchDashboard.class));
	}

	@SuppressWarnings("unchecked")
	private static MockMvc routes(RouterFunction<?> route) {
		return MockMvcBuilders.routerFunctions((RouterFunction<ServerResponse>) route).build();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(WebEndpointProperties.class)
	static class EndpointProperties {

	}

}
