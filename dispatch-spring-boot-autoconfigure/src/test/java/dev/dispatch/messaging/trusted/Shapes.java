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

package dev.dispatch.messaging.trusted;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A trusted message with sets and big numbers in its fields.
 *
 * @param pairs a set of lists
 * @param things a set of anything
 * @param points a set of records
 * @param nested sets inside a map
 * @param count a big integer
 * @param amount a big decimal
 * @author Dispatch team
 */
public record Shapes(Set<List<Integer>> pairs, Set<Object> things, Set<Point> points,
		Map<String, List<Set<Object>>> nested, BigInteger count, BigDecimal amount) {

}
