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

package dev.dispatch.test.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;

/**
 * Annotation for a test class whose application context runs a Dispatch node of its own:
 * the node gets a unique cluster name ({@code test-} and a random UUID, for each
 * context), any free port on 127.0.0.1, no members to join and neither multicast nor
 * Kubernetes discovery, so that it never meets the node of another test, test JVM or
 * developer's running application, with no property to write. It also imports Dispatch's
 * auto-configuration, so that it works in test slices such as {@code @JsonTest} too.
 * <p>
 * Properties of the test itself ({@code @SpringBootTest(properties = ...)},
 * {@code @TestPropertySource}, {@code @DynamicPropertySource}) take precedence over
 * these; the application's own configuration files do not.
 *
 * @author Dispatch team
 * @since 0.1.0
 * @see DispatchTestCluster
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ImportAutoConfiguration
public @interface AutoConfigureDispatch {

}
