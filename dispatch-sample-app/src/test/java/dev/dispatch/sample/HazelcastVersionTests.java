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

package dev.dispatch.sample;

import com.hazelcast.instance.BuildInfoProvider;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's tests run on the Hazelcast they are meant to: the version the build names
 * ({@code expected.hazelcast.version}), which is the starter's own in the main run and
 * the one Spring Boot's parent manages in the second.
 *
 * @author Dispatch team
 */
class HazelcastVersionTests {

	@Test
	void theTestsRunOnTheHazelcastVersionTheBuildNames() {
		String expected = System.getProperty("expected.hazelcast.version");
		assertThat(expected).as("system property expected.hazelcast.version").isNotBlank();
		assertThat(BuildInfoProvider.getBuildInfo().getVersion()).isEqualTo(expected);
	}

}
