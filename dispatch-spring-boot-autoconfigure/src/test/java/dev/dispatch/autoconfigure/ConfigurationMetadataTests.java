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

import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks the configuration metadata that the build generates: every property has a
 * description and the defaults that the README documents.
 *
 * @author Dispatch team
 */
class ConfigurationMetadataTests {

	private static final Map<String, String> DEFAULTS = Map.ofEntries(Map.entry("dispatch.enabled", "true"),
			Map.entry("dispatch.pubsub.name", "dispatch"), Map.entry("dispatch.pubsub.port", "5701"),
			Map.entry("dispatch.pubsub.port-auto-increment", "true"), Map.entry("dispatch.pubsub.message-port", "0"),
			Map.entry("dispatch.pubsub.interface", "(none)"), Map.entry("dispatch.pubsub.members", "[\"127.0.0.1\"]"),
			Map.entry("dispatch.pubsub.outbound-ports", "[]"), Map.entry("dispatch.pubsub.join-grace-period", "30s"),
			Map.entry("dispatch.pubsub.multicast", "false"), Map.entry("dispatch.pubsub.kubernetes.enabled", "false"),
			Map.entry("dispatch.pubsub.kubernetes.service-dns", "(none)"),
			Map.entry("dispatch.pubsub.kubernetes.service-dns-timeout", "5s"),
			Map.entry("dispatch.pubsub.kubernetes.namespace", "(none)"),
			Map.entry("dispatch.pubsub.kubernetes.service-name", "(none)"),
			Map.entry("dispatch.pubsub.kubernetes.service-port", "0"),
			Map.entry("dispatch.pubsub.kubernetes.service-label-name", "(none)"),
			Map.entry("dispatch.pubsub.kubernetes.service-label-value", "(none)"),
			Map.entry("dispatch.pubsub.kubernetes.pod-label-name", "(none)"),
			Map.entry("dispatch.pubsub.kubernetes.pod-label-value", "(none)"),
			Map.entry("dispatch.pubsub.kubernetes.resolve-not-ready-addresses", "true"),
			Map.entry("dispatch.pubsub.kubernetes.kubernetes-master", "https://kubernetes.default.svc"),
			Map.entry("dispatch.pubsub.kubernetes.api-token", "(none)"),
			Map.entry("dispatch.pubsub.kubernetes.ca-certificate", "(none)"),
			Map.entry("dispatch.pubsub.kubernetes.kubernetes-api-retries", "3"),
			Map.entry("dispatch.registry.log-level", "debug"), Map.entry("dispatch.registry.broadcast-period", "500ms"),
			Map.entry("dispatch.registry.max-silent-periods", "3"), Map.entry("dispatch.registry.call-timeout", "5s"),
			Map.entry("dispatch.registry.handoff-timeout", "5s"),
			Map.entry("dispatch.registry.mailbox-capacity", "10000"),
			Map.entry("dispatch.registry.shutdown-drain", "10s"),
			Map.entry("dispatch.registry.max-message-size", "1MB"),
			Map.entry("dispatch.registry.local-calls-on-caller-thread", "false"),
			Map.entry("dispatch.registry.handlers-on-reader-thread", "false"),
			Map.entry("dispatch.security.secret", "(none)"), Map.entry("dispatch.security.previous-secret", "(none)"),
			Map.entry("dispatch.security.allow-insecure", "false"),
			Map.entry("dispatch.serialization.trusted-packages", "[]"), Map.entry("dispatch.discovery.enabled", "true"),
			Map.entry("dispatch.discovery.order", "0"), Map.entry("dispatch.loadbalancer.key-header", "X-Dispatch-Key"),
			Map.entry("dispatch.loadbalancer.key-path-pattern", "(none)"),
			Map.entry("dispatch.routing.balance-factor", "(none)"), Map.entry("dispatch.routing.types", "(none)"),
			Map.entry("dispatch.web.problem-details.enabled", "true"),
			Map.entry("dispatch.dashboard.enabled", "false"));

	@Test
	void everyPropertyHasADescriptionAndTheDocumentedDefault() throws Exception {
		JsonNode metadata;
		try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			assertThat(in).as("generated metadata").isNotNull();
			metadata = JsonMapper.builder().build().readTree(in);
		}
		List<JsonNode> properties = metadata.get("properties")
			.valueStream()
			.filter((property) -> property.get("name").asString().startsWith("dispatch."))
			.toList();
		Map<String, String> defaults = properties.stream()
			.collect(Collectors.toMap((property) -> property.get("name").asString(),
					(property) -> property.has("defaultValue") ? defaultValue(property.get("defaultValue"))
							: "(none)"));
		assertThat(defaults).isEqualTo(DEFAULTS);
		assertThat(properties).allSatisfy(
				(property) -> assertThat(property.path("description").asString()).as(property.get("name").asString())
					.isNotBlank()
					.endsWith("."));
	}

	private static String defaultValue(JsonNode value) {
		return (value.isString()) ? value.asString() : value.toString();
	}

}
