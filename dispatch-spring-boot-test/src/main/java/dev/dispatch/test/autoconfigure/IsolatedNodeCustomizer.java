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

package dev.dispatch.test.autoconfigure;

import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertySource;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.support.TestPropertySourceUtils;

/**
 * Adds the properties of an isolated node to a test context: a cluster name of its own,
 * made when the context is, any free port, no members, loopback only, and neither
 * multicast nor Kubernetes discovery. They rank below the test's own properties and above
 * the application's configuration files.
 * <p>
 * All instances are equal, so that test classes that differ in nothing else share a
 * cached context, and its node.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
final class IsolatedNodeCustomizer implements ContextCustomizer {

	/**
	 * The name of the property source this customizer adds.
	 */
	static final String PROPERTY_SOURCE_NAME = "Dispatch Isolated Node Properties";

	/**
	 * Spring's property sources of a test's own properties: inlined ones and the values
	 * of {@code @DynamicPropertySource} methods.
	 */
	private static final Set<String> TEST_SOURCES = Set
		.of(TestPropertySourceUtils.INLINED_PROPERTIES_PROPERTY_SOURCE_NAME, "Dynamic Test Properties");

	@Override
	public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
		MutablePropertySources sources = context.getEnvironment().getPropertySources();
		MapPropertySource isolated = new MapPropertySource(PROPERTY_SOURCE_NAME,
				Map.of("dispatch.pubsub.name", "test-" + UUID.randomUUID(), "dispatch.pubsub.port", "0",
						"dispatch.pubsub.members", "", "dispatch.pubsub.interface", "127.0.0.1",
						"dispatch.pubsub.multicast", "false", "dispatch.pubsub.kubernetes.enabled", "false"));
		String lowestTestSource = null;
		for (PropertySource<?> source : sources) {
			if (TEST_SOURCES.contains(source.getName())) {
				lowestTestSource = source.getName();
			}
		}
		if (lowestTestSource != null) {
			sources.addAfter(lowestTestSource, isolated);
		}
		else {
			sources.addFirst(isolated);
		}
	}

	@Override
	public boolean equals(@Nullable Object other) {
		return other != null && other.getClass() == getClass();
	}

	@Override
	public int hashCode() {
		return getClass().hashCode();
	}

}
