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

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MemberAddresses}.
 *
 * @author Dispatch team
 */
class MemberAddressesTests {

	@Test
	void aMemberWithoutAPortBecomesItsHostOnThreePortsFromTheFirstOne() {
		assertThat(MemberAddresses.expand(List.of("127.0.0.1", " node-a "), 5701)).containsExactly("127.0.0.1:5701",
				"127.0.0.1:5702", "127.0.0.1:5703", "node-a:5701", "node-a:5702", "node-a:5703");
		assertThat(MemberAddresses.expand(List.of("10.0.0.1-4"), 6000)).containsExactly("10.0.0.1-4:6000",
				"10.0.0.1-4:6001", "10.0.0.1-4:6002");
	}

	@Test
	void anIpv6MemberWithoutAPortIsBracketedBeforeItsPort() {
		assertThat(MemberAddresses.expand(List.of("::1", "[fe80::1]"), 5701)).containsExactly("[::1]:5701",
				"[::1]:5702", "[::1]:5703", "[fe80::1]:5701", "[fe80::1]:5702", "[fe80::1]:5703");
	}

	@Test
	void aMemberWithAPortIsKeptAsItIs() {
		assertThat(MemberAddresses.expand(List.of("127.0.0.1:5801", " [::1]:5801 ", "node-a:5702"), 5701))
			.containsExactly("127.0.0.1:5801", "[::1]:5801", "node-a:5702");
	}

}
