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

package dev.dispatch.messaging;

import java.io.IOException;
import java.net.InetAddress;
import java.net.SocketException;
import java.util.List;

import com.hazelcast.config.Config;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * A message port binds the first local address among the member's interfaces, announces
 * itself in the member's attributes, and refuses ports and ranges that cannot be.
 *
 * @author Dispatch team
 */
class MessagePortTests {

	@Test
	void bindsTheFirstInterfaceOfTheMemberThatIsALocalAddressAndAnnouncesIt() throws IOException {
		Config config = member("192.0.2.1", "127.0.0.1");
		try (MessagePort port = new MessagePort(0)) {
			port.bindBeside(config);
			assertThat(port.getLocalPort()).isPositive();
			assertThat(config.getMemberAttributeConfig().getAttribute(MessagePort.ATTRIBUTE))
				.isEqualTo(Integer.toString(port.getLocalPort()));
			assertThat(boundAddress(port)).isEqualTo(InetAddress.getByName("127.0.0.1"));
		}
	}

	@Test
	void aMaskMeansTheFirstLocalAddressItMatches() throws IOException {
		try (MessagePort port = new MessagePort(0)) {
			port.bindBeside(member("127.0.0.*"));
			assertThat(boundAddress(port)).isEqualTo(InetAddress.getByName("127.0.0.1"));
		}
	}

	@Test
	void interfacesThatAreNoLocalAddressFailWithTheirNames() {
		try (MessagePort port = new MessagePort(0)) {
			assertThatExceptionOfType(SocketException.class).isThrownBy(() -> port.bindBeside(member("192.0.2.1")))
				.withMessageContaining("192.0.2.1");
			assertThat(port.isBound()).isFalse();
		}
	}

	@Test
	void aPortOfMinusOneBindsNothingAndAnnouncesNothing() throws IOException {
		Config config = member("127.0.0.1");
		try (MessagePort port = new MessagePort(-1)) {
			port.bindBeside(config);
			assertThat(port.isBound()).isFalse();
			assertThat(port.getLocalPort()).isEqualTo(-1);
			assertThat(config.getMemberAttributeConfig().getAttribute(MessagePort.ATTRIBUTE)).isNull();
		}
	}

	@Test
	void outboundPortsAreReadAsHazelcastReadsThem() {
		assertThat(new MessagePort(0, List.of("33000-33002", "34000;34005")).outboundPorts()).containsExactly(33000,
				33001, 33002, 34000, 34005);
		assertThat(new MessagePort(0, List.of("*")).outboundPorts()).isEmpty();
		assertThatIllegalArgumentException().isThrownBy(() -> new MessagePort(0, List.of("33100-33000")));
		assertThatIllegalArgumentException().isThrownBy(() -> new MessagePort(0, List.of("any")));
		assertThatIllegalArgumentException().isThrownBy(() -> new MessagePort(-2)).withMessageContaining("-1 (none)");
	}

	private static Config member(String... interfaces) {
		Config config = new Config();
		config.getNetworkConfig().getInterfaces().setEnabled(true).setInterfaces(List.of(interfaces));
		return config;
	}

	private static InetAddress boundAddress(MessagePort port) {
		return port.server().getInetAddress();
	}

}
