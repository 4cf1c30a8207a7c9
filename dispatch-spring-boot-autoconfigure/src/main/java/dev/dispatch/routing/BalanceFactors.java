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

package dev.dispatch.routing;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The balance factor of each service type: a factor for the type if it has one, else the
 * global one, else none (bounded-load routing off for that type).
 *
 * @author Dispatch team
 * @since 0.1.0
 */
public final class BalanceFactors {

	/**
	 * No factor for any type: every key goes to its owner.
	 */
	public static final BalanceFactors OFF = new BalanceFactors(null, Map.of());

	private final double global;

	private final Map<String, Double> types;

	/**
	 * Create the factors.
	 * @param global the factor of every type that has none of its own, or {@code null}
	 * @param types the factors of single types, which win over the global one
	 * @throws IllegalArgumentException if a factor is not a finite number of at least 1
	 */
	public BalanceFactors(@Nullable Double global, Map<String, Double> types) {
		Assert.isTrue(global == null || isValid(global), () -> "'global' must be at least 1 but was " + global);
		types.forEach((type, factor) -> Assert.isTrue(factor != null && isValid(factor),
				() -> "The factor of type '" + type + "' must be at least 1 but was " + factor));
		this.global = (global != null) ? global : 0;
		this.types = Map.copyOf(types);
	}

	/**
	 * Return whether a value can be a balance factor: a finite number of at least 1.
	 * @param factor the value
	 * @return whether it is valid
	 */
	public static boolean isValid(double factor) {
		return factor >= 1 && !Double.isInfinite(factor);
	}

	/**
	 * Return the factor of a type.
	 * @param type the service type
	 * @return the factor, or 0 when bounded-load routing is off for the type
	 */
	public double of(String type) {
		Double factor = this.types.get(type);
		return (factor != null) ? factor : this.global;
	}

}
