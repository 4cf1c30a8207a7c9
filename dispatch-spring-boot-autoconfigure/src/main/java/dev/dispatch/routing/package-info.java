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

/**
 * Bounded-load routing: a key's messages go to its owner unless the owner already has
 * more than its bounded share of this node's messages in flight, and then to the next
 * service in the key's replica order.
 * <p>
 * Internal: not part of Dispatch's API. Applications use the types of
 * {@code dev.dispatch}; what is here may change in any release.
 */
@NullMarked
package dev.dispatch.routing;

import org.jspecify.annotations.NullMarked;
