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

package dev.dispatch.registry;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import dev.dispatch.DispatchRegistry;
import dev.dispatch.ServiceInfo;
import dev.dispatch.ServiceRef;
import dev.dispatch.ServiceState;
import dev.dispatch.test.Counter;
import dev.dispatch.test.RecordedEvents;
import dev.dispatch.test.TestCluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The original library's registry tests, on one node.
 *
 * @author Dispatch team
 */
class RegistryTests {

	private static TestCluster cluster;

	private static ConfigurableApplicationContext node;

	private static DispatchRegistry registry;

	private static RecordedEvents events;

	@BeforeAll
	static void startNode() {
		cluster = new TestCluster(1);
		node = cluster.start(0, List.of(RecordedEvents.class));
		registry = node.getBean(DispatchRegistry.class);
		events = node.getBean(RecordedEvents.class);
	}

	@AfterAll
	static void stopNode() {
		cluster.close();
	}

	@Test
	void emptyRegistryListsNothing() {
		String type = TestCluster.uniqueType();
		assertThat(registry.getServices(type)).isEmpty();
		assertThat(registry.getOnlineServices(type)).isEmpty();
	}

	@Test
	void serviceOfAnotherTypeIsNotListed() {
		String type = TestCluster.uniqueType();
		registry.addService(TestCluster.uniqueType(), new Counter());
		assertThat(registry.getServices(type)).isEmpty();
	}

	@Test
	void addingServiceEmitsJoinWithNodeAndOnlineStateAndListsIt() {
		String type = TestCluster.uniqueType();
		ServiceRef ref = registry.addService(type, new Counter());
		assertThat(ref.node()).isEqualTo(registry.getLocalNode());
		assertThat(events.ofType(type))
			.containsExactly(new RecordedEvents.Event("join", new ServiceInfo(ref, ServiceState.ONLINE, Map.of())));
		assertThat(registry.getServices(type)).containsExactly(new ServiceInfo(ref, ServiceState.ONLINE, Map.of()));
	}

	@Test
	void twoTypesRouteIndependently() {
		String first = TestCluster.uniqueType();
		String second = TestCluster.uniqueType();
		ServiceRef firstRef = registry.addService(first, new Counter());
		ServiceRef secondRef = registry.addService(second, new Counter());
		assertThat(registry.findService(first, "key")).contains(firstRef);
		assertThat(registry.findService(second, "key")).contains(secondRef);
	}

	@Test
	void removingServiceEmitsLeaveListsNothingAndRoutingAnswersNoService() {
		String type = TestCluster.uniqueType();
		ServiceRef ref = registry.addService(type, new Counter());
		registry.removeService(ref);
		assertThat(events.ofType(type)).extracting(RecordedEvents.Event::kind).containsExactly("join", "leave");
		assertThat(registry.getServices(type)).isEmpty();
		assertThat(registry.findService(type, "key")).isEmpty();
	}

	@Test
	void disablingEmitsLeaveThenJoinOfflineAndEnablingRestoresRouting() {
		String type = TestCluster.uniqueType();
		ServiceRef ref = registry.addService(type, new Counter());
		registry.disableService(ref);
		assertThat(events.ofType(type)).containsExactly(
				new RecordedEvents.Event("join", new ServiceInfo(ref, ServiceState.ONLINE, Map.of())),
				new RecordedEvents.Event("leave", new ServiceInfo(ref, ServiceState.ONLINE, Map.of())),
				new RecordedEvents.Event("join", new ServiceInfo(ref, ServiceState.OFFLINE, Map.of())));
		assertThat(registry.getServices(type)).containsExactly(new ServiceInfo(ref, ServiceState.OFFLINE, Map.of()));
		assertThat(registry.findService(type, "key")).isEmpty();
		registry.enableService(ref);
		assertThat(registry.findService(type, "key")).contains(ref);
		assertThat(registry.getOnlineServices(type)).extracting(ServiceInfo::ref).containsExactly(ref);
	}

	@Test
	void twoServicesOfATypeAreBothListed() {
		String type = TestCluster.uniqueType();
		ServiceRef first = registry.addService(type, new Counter());
		ServiceRef second = registry.addService(type, new Counter());
		assertThat(registry.getServices(type)).extracting(ServiceInfo::ref).containsExactlyInAnyOrder(first, second);
	}

	@Test
	void onlineListingExcludesOfflineOnes() {
		String type = TestCluster.uniqueType();
		ServiceRef online = registry.addService(type, new Counter());
		ServiceRef offline = registry.addService(type, new Counter());
		registry.disableService(offline);
		assertThat(registry.getOnlineServices(type)).extracting(ServiceInfo::ref).containsExactly(online);
		assertThat(registry.getServices(type)).hasSize(2);
	}

	@Test
	void routingWithNoServicesAnswersNoService() {
		assertThat(registry.findService(TestCluster.uniqueType(), "key")).isEmpty();
		assertThat(registry.findMultiService(2, TestCluster.uniqueType(), "key")).isEmpty();
	}

	@Test
	void routingWithStringKeyAndCompoundKeyFindsService() {
		String type = TestCluster.uniqueType();
		ServiceRef ref = registry.addService(type, new Counter());
		assertThat(registry.findService(type, "file.png")).contains(ref);
		assertThat(registry.findService(type, List.of("abc", 1))).contains(ref);
		assertThat(registry.findService(type, new Compound("abc", 1))).contains(ref);
	}

	@Test
	void findMultiServiceReturnsDistinctServicesStartingWithTheOwner() {
		String type = TestCluster.uniqueType();
		for (int i = 0; i < 3; i++) {
			registry.addService(type, new Counter());
		}
		for (int key = 0; key < 100; key++) {
			List<ServiceRef> found = registry.findMultiService(2, type, key);
			assertThat(found).hasSize(2).doesNotHaveDuplicates();
			assertThat(found.get(0)).isEqualTo(registry.findService(type, key).orElseThrow());
		}
		assertThat(registry.findMultiService(5, type, "key")).hasSize(3);
	}

	@Test
	void unsupportedKeyIsRejectedWithItsClassName() {
		String type = TestCluster.uniqueType();
		registry.addService(type, new Counter());
		assertThatIllegalArgumentException().isThrownBy(() -> registry.findService(type, new Object()))
			.withMessageContaining("java.lang.Object");
	}

	@Test
	void invalidArgumentsAreRejected() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> registry.findMultiService(0, TestCluster.uniqueType(), "key"))
			.withMessageContaining("'count' must be at least 1");
		assertThatIllegalArgumentException().isThrownBy(() -> registry.getServices(" "))
			.withMessageContaining("service type");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> registry.addService(TestCluster.uniqueType(), new Object()))
			.withMessageContaining("has no @DispatchHandler methods");
		ServiceRef foreign = new ServiceRef("type", UUID.randomUUID().toString(), "elsewhere");
		assertThatIllegalArgumentException().isThrownBy(() -> registry.disableService(foreign))
			.withMessageContaining("is not registered on this node");
	}

	record Compound(String name, int part) {
	}

}
