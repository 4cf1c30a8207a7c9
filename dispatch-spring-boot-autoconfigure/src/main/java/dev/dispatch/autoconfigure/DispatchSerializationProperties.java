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

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of message serialization between nodes.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
@ConfigurationProperties("dispatch.serialization")
public class DispatchSerializationProperties {

	/**
	 * Packages, with their sub-packages, whose classes may be rebuilt from messages that
	 * other nodes send, and by Hazelcast's Java deserialization, besides the JDK's value
	 * types, the application's own packages and exactly the package of each handler
	 * parameter type. Use * to trust every message class.
	 */
	private List<String> trustedPackages = new ArrayList<>();

	public List<String> getTrustedPackages() {
		return this.trustedPackages;
	}

	public void setTrustedPackages(List<String> trustedPackages) {
		this.trustedPackages = trustedPackages;
	}

}
