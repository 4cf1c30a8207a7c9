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

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of routing by key: bounded-load routing, which relieves a hot
 * key's owner by sending what exceeds its bound to the next service in the key's replica
 * order.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
@ConfigurationProperties("dispatch.routing")
public class DispatchRoutingProperties {

	/**
	 * How many messages in flight from this node a key's owner may have, as a multiple of
	 * the mean over the type's online services; a cast or call by key that would go above
	 * it goes to the next service in the key's replica order. A number of at least 1, for
	 * example 1.25; when not set, every key goes to its owner.
	 */
	private @Nullable Double balanceFactor;

	/**
	 * Routing settings of single service types, by type name: a type's balance-factor
	 * (dispatch.routing.types.<type>.balance-factor) wins over the global one.
	 */
	private Map<String, Type> types = new LinkedHashMap<>();

	public @Nullable Double getBalanceFactor() {
		return this.balanceFactor;
	}

	public void setBalanceFactor(@Nullable Double balanceFactor) {
		this.balanceFactor = balanceFactor;
	}

	public Map<String, Type> getTypes() {
		return this.types;
	}

	public void setTypes(Map<String, Type> types) {
		this.types = types;
	}

	/**
	 * Routing settings of one service type.
	 */
	public static class Type {

		/**
		 * Balance factor of this type, which wins over dispatch.routing.balance-factor.
		 */
		private @Nullable Double balanceFactor;

		public @Nullable Double getBalanceFactor() {
			return this.balanceFactor;
		}

		public void setBalanceFactor(@Nullable Double balanceFactor) {
			this.balanceFactor = balanceFactor;
		}

	}

}
