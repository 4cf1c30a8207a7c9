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

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link BalanceFactors}.
 *
 * @author Dispatch team
 */
class BalanceFactorsTests {

	@Test
	void aTypesFactorWinsOverTheGlobalOne() {
		BalanceFactors factors = new BalanceFactors(1.25, Map.of("orders", 2.0));
		assertThat(factors.of("orders")).isEqualTo(2.0);
		assertThat(factors.of("files")).isEqualTo(1.25);
	}

	@Test
	void withoutAFactorRoutingIsOff() {
		assertThat(BalanceFactors.OFF.of("files")).isZero();
		assertThat(new BalanceFactors(null, Map.of("orders", 1.5)).of("files")).isZero();
	}

	@Test
	void aFactorMustBeAFiniteNumberOfAtLeastOne() {
		assertThat(BalanceFactors.isValid(1)).isTrue();
		assertThat(BalanceFactors.isValid(0.99)).isFalse();
		assertThat(BalanceFactors.isValid(Double.NaN)).isFalse();
		assertThat(BalanceFactors.isValid(Double.POSITIVE_INFINITY)).isFalse();
		assertThatIllegalArgumentException().isThrownBy(() -> new BalanceFactors(0.5, Map.of()));
		assertThatIllegalArgumentException().isThrownBy(() -> new BalanceFactors(null, Map.of("orders", Double.NaN)));
	}

}
