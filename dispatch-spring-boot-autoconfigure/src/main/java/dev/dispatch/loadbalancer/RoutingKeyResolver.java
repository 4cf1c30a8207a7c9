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

package dev.dispatch.loadbalancer;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.cloud.client.loadbalancer.Request;
import org.springframework.cloud.client.loadbalancer.RequestData;
import org.springframework.cloud.client.loadbalancer.RequestDataContext;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * Finds the routing key of a load-balanced request.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
@FunctionalInterface
public interface RoutingKeyResolver {

	/**
	 * Return the key of a request.
	 * @param request the request
	 * @return the key, or {@code null} when the request has none
	 */
	@Nullable Object resolve(Request<?> request);

	/**
	 * Resolve the key from a request header.
	 * @param name the header's name
	 * @return the resolver
	 */
	static RoutingKeyResolver header(String name) {
		return (request) -> {
			RequestData data = requestData(request);
			return (data != null && data.getHeaders() != null) ? data.getHeaders().getFirst(name) : null;
		};
	}

	/**
	 * Resolve the key from a variable of the request's path, such as {@code key} in
	 * {@code /files/{key}}.
	 * @param pattern the path pattern
	 * @param variable the name of the variable
	 * @return the resolver
	 */
	static RoutingKeyResolver pathVariable(String pattern, String variable) {
		PathPattern parsed = PathPatternParser.defaultInstance.parse(pattern);
		return (request) -> {
			RequestData data = requestData(request);
			if (data == null || data.getUrl() == null) {
				return null;
			}
			PathPattern.PathMatchInfo match = parsed
				.matchAndExtract(PathContainer.parsePath(data.getUrl().getRawPath()));
			Map<String, String> variables = (match != null) ? match.getUriVariables() : Map.of();
			return variables.get(variable);
		};
	}

	private static @Nullable RequestData requestData(Request<?> request) {
		return (request.getContext() instanceof RequestDataContext context) ? context.getClientRequest() : null;
	}

}
