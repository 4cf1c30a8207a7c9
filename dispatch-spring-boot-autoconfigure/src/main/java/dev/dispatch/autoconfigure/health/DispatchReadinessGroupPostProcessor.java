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

package dev.dispatch.autoconfigure.health;

import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.EndpointId;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.web.AdditionalPathsMapper;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.health.actuate.endpoint.AdditionalHealthEndpointPath;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroup;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroupsPostProcessor;
import org.springframework.boot.health.actuate.endpoint.HttpCodeStatusMapper;
import org.springframework.boot.health.actuate.endpoint.StatusAggregator;
import org.springframework.core.env.Environment;

/**
 * Puts the {@code dispatch} health contributor in the {@code readiness} group of the
 * availability probes, beside what the group already holds, so that a node is ready only
 * while its registry runs: not before it has joined, and not from the moment it starts to
 * drain. It applies after Spring Boot has added its probe groups, to Boot's own group or
 * to one that the application configured, unless that one excludes {@code dispatch}
 * ({@code management.endpoint.health.group.readiness.exclude=dispatch}).
 *
 * @author Dispatch team
 */
final class DispatchReadinessGroupPostProcessor implements HealthEndpointGroupsPostProcessor {

	static final String READINESS = "readiness";

	static final String DISPATCH = "dispatch";

	private final boolean excluded;

	DispatchReadinessGroupPostProcessor(Environment environment) {
		this.excluded = Binder.get(environment)
			.bind("management.endpoint.health.group.readiness.exclude", Bindable.setOf(String.class))
			.map((names) -> names.contains(DISPATCH))
			.orElse(false);
	}

	@Override
	public HealthEndpointGroups postProcessHealthEndpointGroups(HealthEndpointGroups groups) {
		return this.excluded ? groups : new WithDispatchInReadiness(groups);
	}

	/**
	 * The groups, with {@code dispatch} a member of the readiness group.
	 */
	private static final class WithDispatchInReadiness implements HealthEndpointGroups, AdditionalPathsMapper {

		private final HealthEndpointGroups groups;

		WithDispatchInReadiness(HealthEndpointGroups groups) {
			this.groups = groups;
		}

		@Override
		public HealthEndpointGroup getPrimary() {
			return this.groups.getPrimary();
		}

		@Override
		public Set<String> getNames() {
			return this.groups.getNames();
		}

		@Override
		public @Nullable HealthEndpointGroup get(String name) {
			HealthEndpointGroup group = this.groups.get(name);
			return (group != null && READINESS.equals(name)) ? new WithDispatch(group) : group;
		}

		@Override
		public @Nullable List<String> getAdditionalPaths(EndpointId endpointId, WebServerNamespace webServerNamespace) {
			return (this.groups instanceof AdditionalPathsMapper mapper)
					? mapper.getAdditionalPaths(endpointId, webServerNamespace) : null;
		}

	}

	/**
	 * A group that has {@code dispatch} as a member too.
	 */
	private static final class WithDispatch implements HealthEndpointGroup {

		private final HealthEndpointGroup group;

		WithDispatch(HealthEndpointGroup group) {
			this.group = group;
		}

		@Override
		public boolean isMember(String name) {
			return DISPATCH.equals(name) || this.group.isMember(name);
		}

		@Override
		public boolean showComponents(SecurityContext securityContext) {
			return this.group.showComponents(securityContext);
		}

		@Override
		public boolean showDetails(SecurityContext securityContext) {
			return this.group.showDetails(securityContext);
		}

		@Override
		public StatusAggregator getStatusAggregator() {
			return this.group.getStatusAggregator();
		}

		@Override
		public HttpCodeStatusMapper getHttpCodeStatusMapper() {
			return this.group.getHttpCodeStatusMapper();
		}

		@Override
		public @Nullable AdditionalHealthEndpointPath getAdditionalPath() {
			return this.group.getAdditionalPath();
		}

	}

}
