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

package dev.dispatch.messaging;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds the JSON mapper that reads and writes the messages exchanged with other nodes.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
final class MessageMapper {

	private MessageMapper() {
	}

	/**
	 * Build the mapper.
	 * @param trustedTypes the classes that may be rebuilt
	 * @return the mapper
	 */
	static JsonMapper create(TrustedTypes trustedTypes) {
		return JsonMapper.builder().enable(SerializationFeature.FAIL_ON_EMPTY_BEANS).build();
	}

}
