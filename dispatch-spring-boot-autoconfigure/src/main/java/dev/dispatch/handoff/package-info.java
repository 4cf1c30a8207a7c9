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
 * State that follows its key: when a ring changes, services that implement
 * {@code KeyedState} hand the state of the keys they lost to the keys' new owners, and
 * messages for a key whose state is on its way wait for it; every service hears of the
 * keys it gained and lost.
 * <p>
 * Internal: not part of Dispatch's API. Applications use the types of
 * {@code dev.dispatch}; what is here may change in any release.
 */
@NullMarked
package dev.dispatch.handoff;

import org.jspecify.annotations.NullMarked;
