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
 * Test support for applications that use Dispatch: {@link AutoConfigureDispatch} makes
 * the node of a {@code @SpringBootTest} a cluster of its own, and
 * {@link DispatchTestCluster} runs the application's services on several nodes in one
 * JVM.
 */
@NullMarked
package dev.dispatch.test.autoconfigure;

import org.jspecify.annotations.NullMarked;
