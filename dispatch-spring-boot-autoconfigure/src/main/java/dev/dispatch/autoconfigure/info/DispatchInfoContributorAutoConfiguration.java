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

package dev.dispatch.autoconfigure.info;

import org.springframework.boot.actuate.autoconfigure.info.ConditionalOnEnabledInfoContributor;
import org.springframework.boot.actuate.autoconfigure.info.InfoContributorFallback;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.dispatch.actuate.info.DispatchInfoContributor;
import dev.dispatch.autoconfigure.DispatchAutoConfiguration;
import dev.dispatch.registry.ClusterState;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for the {@link DispatchInfoContributor}
 * ({@code management.info.dispatch.enabled}).
 *
 * @author Dispatch team
 * @since 0.1.0
 */
@AutoConfiguration(after = DispatchAutoConfiguration.class)
@ConditionalOnClass(ConditionalOnEnabledInfoContributor.class)
@ConditionalOnBean(ClusterState.class)
@ConditionalOnEnabledInfoContributor(value = "dispatch", fallback = InfoContributorFallback.USE_DEFAULTS_PROPERTY)
public final class DispatchInfoContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	DispatchInfoContributor dispatchInfoContributor(ClusterState registry) {
		return new DispatchInfoContributor(registry);
	}

}
