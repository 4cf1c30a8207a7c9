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

package dev.dispatch;

import org.springframework.util.Assert;

/**
 * A reference to one service instance in the cluster.
 *
 * @param type the service type, for example {@code "uploader"}
 * @param id the id of the service, unique in the cluster
 * @param node the id of the node that owns the service
 * @author Dispatch team
 * @since 0.1.0
 */
public record ServiceRef(String type, String id, String node) {

	public ServiceRef {
		Assert.hasText(type, "'type' must not be empty");
		Assert.hasText(id, "'id' must not be empty");
		Assert.hasText(node, "'node' must not be empty");
	}

}
