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

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

import com.hazelcast.cluster.Member;
import com.hazelcast.config.Config;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.JavaSerializationFilterConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.internal.serialization.Data;
import com.hazelcast.internal.serialization.SerializationService;
import com.hazelcast.spi.impl.SerializationServiceSupport;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.dispatch.DispatchHandler;
import dev.dispatch.DispatchRegistry;
import dev.dispatch.DispatchService;
import dev.dispatch.DispatchTemplate;
import dev.dispatch.annotation.DispatchServiceAnnotationBeanPostProcessor;
import dev.dispatch.annotation.InvalidDispatchServiceException;
import dev.dispatch.messaging.ClusterTransport;
import dev.dispatch.messaging.MessageCodec;
import dev.dispatch.messaging.MessagePort;
import dev.dispatch.messaging.NodeIds;
import dev.dispatch.registry.ClusterFormation;
import dev.dispatch.registry.ClusterRegistry;
import dev.dispatch.routing.InFlightMessages;
import dev.dispatch.security.ClusterSeal;
import dev.dispatch.test.Counter;
import dev.dispatch.test.Counts;
import dev.dispatch.test.Tally;
import dev.dispatch.test.TestCluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link DispatchAutoConfiguration}.
 *
 * @author Dispatch team
 */
class DispatchAutoConfigurationTests {

	private final TestCluster cluster = new TestCluster(1);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DispatchAutoConfiguration.class))
		.withPropertyValues(this.cluster.properties(0));

	@Test
	void runShouldCreateTheMemberRegistryTemplateAndProcessor() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(HazelcastInstance.class)
				.hasBean(DispatchAutoConfiguration.HAZELCAST_INSTANCE_BEAN_NAME)
				.hasSingleBean(DispatchRegistry.class)
				.hasBean(DispatchAutoConfiguration.REGISTRY_BEAN_NAME)
				.hasSingleBean(DispatchTemplate.class)
				.hasBean(DispatchAutoConfiguration.TEMPLATE_BEAN_NAME)
				.hasSingleBean(DispatchServiceAnnotationBeanPostProcessor.class)
				.hasBean(DispatchAutoConfiguration.ANNOTATION_PROCESSOR_BEAN_NAME);
			assertThat(context.getBean(ClusterRegistry.class).isRunning()).isTrue();
		});
	}

	@Test
	void internalBeansAreNotInjectableIntoTheApplication() {
		this.contextRunner.withUserConfiguration(CuriousConfiguration.class).run((context) -> {
			Curious curious = context.getBean(Curious.class);
			assertThat(curious.template).isSameAs(context.getBean(DispatchTemplate.class));
			assertThat(curious.registry).isSameAs(context.getBean(DispatchRegistry.class));
			assertThat(curious.internals.stream()).isEmpty();
		});
		this.contextRunner.withUserConfiguration(TransportConsumerConfiguration.class)
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(NoSuchBeanDefinitionException.class)
				.hasMessageContaining(ClusterTransport.class.getName()));
	}

	@Test
	void runShouldBuildASecureMemberConfigurationFromTheProperties() {
		this.contextRunner.run((context) -> {
			Config config = context.getBean(HazelcastInstance.class).getConfig();
			assertThat(config.getClusterName()).isEqualTo(this.cluster.getName());
			assertThat(config.getNetworkConfig().getInterfaces().isEnabled()).isTrue();
			assertThat(config.getNetworkConfig().getInterfaces().getInterfaces()).containsExactly("127.0.0.1");
			assertThat(config.getProperty("hazelcast.socket.bind.any")).isEqualTo("false");
			assertThat(config.getNetworkConfig().getJoin().getMulticastConfig().isEnabled()).isFalse();
			assertThat(config.getNetworkConfig().getJoin().getAutoDetectionConfig().isEnabled()).isFalse();
			assertThat(config.getNetworkConfig().getJoin().getTcpIpConfig().isEnabled()).isTrue();
			JavaSerializationFilterConfig filter = config.getSerializationConfig().getJavaSerializationFilterConfig();
			assertThat(filter.isDefaultsDisabled()).isTrue();
			assertThat(filter.getWhitelist().getPrefixes()).containsExactlyInAnyOrder("com.hazelcast.", "java.lang.");
			assertThat(config.getReplicatedMapConfig(ClusterRegistry.SERVICES_MAP).getInMemoryFormat())
				.isEqualTo(InMemoryFormat.BINARY);
			assertThat(context.getBean(HazelcastInstance.class).getCluster().getLocalMember().getAddress().getHost())
				.isEqualTo("127.0.0.1");
		});
	}

	@Test
	void membersStillSendEachOtherExceptionsButJavaSerializedJdkCollectionsAreRefused() {
		this.contextRunner.run((context) -> {
			SerializationService serialization = ((SerializationServiceSupport) context
				.getBean(HazelcastInstance.class)).getSerializationService();
			Throwable exception = serialization.toObject(serialization.toData(new IllegalStateException("migrating")));
			assertThat(exception).isInstanceOf(IllegalStateException.class).hasMessage("migrating");
			assertThat(exception.getStackTrace()).isNotEmpty();
			Data set = serialization.toData(Collections.unmodifiableSet(new HashSet<>(Set.of("a"))));
			assertThatThrownBy(() -> serialization.toObject(set)).rootCause()
				.isInstanceOf(SecurityException.class)
				.hasMessageContaining("java.util.Collections$UnmodifiableSet");
		});
	}

	@Test
	void nodeIdIsAMemberAttributeSoThatItSurvivesASplitBrainMerge() {
		this.contextRunner.run((context) -> {
			Member local = context.getBean(HazelcastInstance.class).getCluster().getLocalMember();
			assertThat(local.getAttribute(NodeIds.ATTRIBUTE)).isNotBlank()
				.isNotEqualTo(local.getUuid().toString())
				.isEqualTo(context.getBean(DispatchRegistry.class).getLocalNode());
		});
	}

	@Test
	void outboundPortsRestrictWhereConnectionsToOtherMembersComeFrom() {
		this.contextRunner.withPropertyValues("dispatch.pubsub.outbound-ports=33000-33100, 34000")
			.run((context) -> assertThat(context.getBean(HazelcastInstance.class)
				.getConfig()
				.getNetworkConfig()
				.getOutboundPortDefinitions()).containsExactlyInAnyOrder("33000-33100", "34000"));
	}

	@Test
	void trustedPackagesAreAlsoTrustedByHazelcastsOwnDeserialization() {
		this.contextRunner.withPropertyValues("dispatch.serialization.trusted-packages=com.example.orders")
			.run((context) -> assertThat(context.getBean(HazelcastInstance.class)
				.getConfig()
				.getSerializationConfig()
				.getJavaSerializationFilterConfig()
				.getWhitelist()
				.getPackages()).containsExactly("com.example.orders"));
	}

	@Test
	void runWhenDisabledShouldNotCreateAnything() {
		this.contextRunner.withPropertyValues("dispatch.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(HazelcastInstance.class)
				.doesNotHaveBean(DispatchRegistry.class)
				.doesNotHaveBean(DispatchTemplate.class)
				.doesNotHaveBean(DispatchServiceAnnotationBeanPostProcessor.class));
	}

	@Test
	void userDefinedHazelcastInstanceIsUsed() {
		this.contextRunner.withUserConfiguration(UserHazelcastConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(HazelcastInstance.class)
				.doesNotHaveBean(DispatchAutoConfiguration.HAZELCAST_INSTANCE_BEAN_NAME);
			HazelcastInstance user = context.getBean(HazelcastInstance.class);
			assertThat(context.getBean(DispatchRegistry.class).getLocalNode())
				.isEqualTo(user.getCluster().getLocalMember().getUuid().toString());
		});
	}

	@Test
	void userDefinedHazelcastConfigIsUsed() {
		this.contextRunner.withUserConfiguration(UserConfigConfiguration.class)
			.run((context) -> assertThat(context.getBean(HazelcastInstance.class).getConfig().getClusterName())
				.startsWith("user-config-"));
	}

	@Test
	void customizersApplyInOrder() {
		this.contextRunner
			.withBean(DispatchHazelcastConfigCustomizer.class,
					() -> (config) -> config.setProperty("custom.marker", "applied"))
			.run((context) -> assertThat(
					context.getBean(HazelcastInstance.class).getConfig().getProperty("custom.marker"))
				.isEqualTo("applied"));
	}

	@Test
	void localCallsRunOnTheCallersThreadOnlyWhenTurnedOn() {
		String caller = Thread.currentThread().getName();
		this.contextRunner.run((context) -> assertThat(callThread(context)).isNotEqualTo(caller));
		this.contextRunner.withPropertyValues("dispatch.registry.local-calls-on-caller-thread=true")
			.run((context) -> assertThat(callThread(context)).isEqualTo(caller));
	}

	private static String callThread(ApplicationContext context) {
		context.getBean(DispatchRegistry.class).addService("threads", new ThreadName());
		return context.getBean(DispatchTemplate.class).call("threads", "key", 1, String.class);
	}

	@Test
	void userDefinedTemplateBacksOff() {
		DispatchTemplate template = mock(DispatchTemplate.class);
		this.contextRunner.withBean(DispatchTemplate.class, () -> template)
			.run((context) -> assertThat(context.getBean(DispatchTemplate.class)).isSameAs(template));
	}

	@Test
	void dispatchServiceBeanIsRegisteredWhenTheContextStarts() {
		this.contextRunner.withUserConfiguration(GreeterConfiguration.class)
			.run((context) -> assertThat(context.getBean(DispatchRegistry.class).getOnlineServices("greeter"))
				.hasSize(1));
	}

	@Test
	void dispatchServiceWithoutHandlersFailsStartupNamingTheBean() {
		this.contextRunner.withBean("idle", Idle.class)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("@DispatchService bean 'idle'")
				.hasMessageContaining("has no @DispatchHandler methods"));
	}

	@Test
	void dispatchServiceWithTwoHandlersForOneTypeFailsStartup() {
		this.contextRunner.withBean("twice", Twice.class)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("@DispatchService bean 'twice'")
				.hasMessageContaining("both accept java.lang.String"));
	}

	@Test
	void dispatchServiceWithBackupsButNoSnapshotFailsStartupNamingTheBeanAndTheFix() {
		this.contextRunner.withBean("sessions", BackedUpWithoutSnapshot.class)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidDispatchServiceException.class)
				.hasMessageContaining("@DispatchService bean 'sessions'")
				.hasMessageContaining("does not override KeyedState.snapshot(Object)")
				.satisfies((ex) -> assertThat(((InvalidDispatchServiceException) ex).getAction())
					.contains("override its snapshot(Object) method")));
		this.contextRunner.withBean("parallel", BackedUpInParallel.class)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("@DispatchService bean 'parallel'")
				.hasMessageContaining("has backups and concurrency 2"));
	}

	@Test
	void dispatchServiceWithoutTypeFailsStartup() {
		this.contextRunner.withBean("anonymous", Anonymous.class).run((context) -> {
			assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidDispatchServiceException.class)
				.hasMessageContaining("@DispatchService bean 'anonymous'")
				.hasMessageContaining("names no service type");
			FailureAnalysis analysis = new InvalidDispatchServiceFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getAction()).contains("@DispatchService(\"uploader\")");
		});
	}

	@Test
	void failureAnalyzersAreRegistered() {
		assertThat(org.springframework.core.io.support.SpringFactoriesLoader
			.loadFactoryNames(org.springframework.boot.diagnostics.FailureAnalyzer.class, getClass().getClassLoader()))
			.contains(InvalidDispatchPropertyFailureAnalyzer.class.getName(),
					InvalidDispatchServiceFailureAnalyzer.class.getName());
	}

	@Test
	void invalidPropertiesFailStartupNamingThePropertyAndTheFix() {
		for (List<String> invalid : List.of(List.of("dispatch.pubsub.port=70000", "dispatch.pubsub.port"),
				List.of("dispatch.pubsub.members=127.0.0.1:99999", "dispatch.pubsub.members"),
				List.of("dispatch.pubsub.outbound-ports=33100-33000", "dispatch.pubsub.outbound-ports"),
				List.of("dispatch.pubsub.outbound-ports=any", "dispatch.pubsub.outbound-ports"),
				List.of("dispatch.pubsub.message-port=-2", "dispatch.pubsub.message-port"),
				List.of("dispatch.pubsub.message-port=65536", "dispatch.pubsub.message-port"),
				List.of("dispatch.pubsub.name= ", "dispatch.pubsub.name"),
				List.of("dispatch.pubsub.join-grace-period=0s", "dispatch.pubsub.join-grace-period"),
				List.of("dispatch.registry.broadcast-period=0s", "dispatch.registry.broadcast-period"),
				List.of("dispatch.registry.max-silent-periods=0", "dispatch.registry.max-silent-periods"),
				List.of("dispatch.registry.call-timeout=-1s", "dispatch.registry.call-timeout"),
				List.of("dispatch.registry.mailbox-capacity=0", "dispatch.registry.mailbox-capacity"),
				List.of("dispatch.registry.shutdown-drain=-1s", "dispatch.registry.shutdown-drain"))) {
			this.contextRunner.withPropertyValues(invalid.get(0)).run((context) -> {
				assertThat(context).getFailure()
					.rootCause()
					.isInstanceOf(InvalidDispatchPropertyException.class)
					.hasMessageContaining("'" + invalid.get(1) + "'");
				Throwable failure = context.getStartupFailure();
				FailureAnalysis analysis = new InvalidDispatchPropertyFailureAnalyzer().analyze(failure);
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription()).contains(invalid.get(1));
				assertThat(analysis.getAction()).startsWith("Set");
			});
		}
	}

	@Test
	void balanceFactorsBelowOneOrNotANumberFailStartupNamingTheProperty() {
		for (List<String> invalid : List.of(List.of("dispatch.routing.balance-factor=0.99"),
				List.of("dispatch.routing.balance-factor=NaN"),
				List.of("dispatch.routing.balance-factor=1.25", "dispatch.routing.types.orders.balance-factor=0.5"))) {
			String property = invalid.get(invalid.size() - 1).split("=")[0];
			this.contextRunner.withPropertyValues(invalid.toArray(String[]::new)).run((context) -> {
				assertThat(context).getFailure()
					.rootCause()
					.isInstanceOf(InvalidDispatchPropertyException.class)
					.hasMessageContaining("'" + property + "'");
				FailureAnalysis analysis = new InvalidDispatchPropertyFailureAnalyzer()
					.analyze(context.getStartupFailure());
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription()).contains(property);
				assertThat(analysis.getAction()).startsWith("Set");
			});
		}
		this.contextRunner.withPropertyValues("dispatch.routing.types.orders.balance-factor=fast")
			.run((context) -> assertThat(context).getFailure()
				.hasStackTraceContaining(
						"Failed to bind properties under 'dispatch.routing.types.orders.balance-factor'"));
	}

	@Test
	void balanceFactorsAreOffByDefaultAndAnyFactorOfAtLeastOneStarts() {
		this.contextRunner
			.run((context) -> assertThat(context.getBean(DispatchRoutingProperties.class).getBalanceFactor()).isNull());
		this.contextRunner
			.withPropertyValues("dispatch.routing.balance-factor=1", "dispatch.routing.types.orders.balance-factor=2.5")
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(DispatchTemplate.class));
	}

	@Test
	void portInUseFailsStartupNamingThePortAndTheFix() throws Exception {
		try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			this.contextRunner
				.withPropertyValues("dispatch.pubsub.port=" + taken.getLocalPort(),
						"dispatch.pubsub.port-auto-increment=false")
				.run((context) -> {
					assertThat(context).getFailure()
						.rootCause()
						.isInstanceOf(InvalidDispatchPropertyException.class)
						.hasMessageContaining("'dispatch.pubsub.port'")
						.hasMessageContaining("already in use");
					FailureAnalysis analysis = new InvalidDispatchPropertyFailureAnalyzer()
						.analyze(context.getStartupFailure());
					assertThat(analysis.getAction()).contains("dispatch.pubsub.port-auto-increment=true");
				});
		}
	}

	@Test
	void messagePortInUseFailsStartupNamingThePortAndTheFix() throws Exception {
		try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			this.contextRunner.withPropertyValues("dispatch.pubsub.message-port=" + taken.getLocalPort())
				.run((context) -> {
					assertThat(context).getFailure()
						.rootCause()
						.isInstanceOf(InvalidDispatchPropertyException.class)
						.hasMessageContaining("'dispatch.pubsub.message-port'")
						.hasMessageContaining("could not be bound");
					FailureAnalysis analysis = new InvalidDispatchPropertyFailureAnalyzer()
						.analyze(context.getStartupFailure());
					assertThat(analysis.getAction()).contains("0 for any free one");
				});
		}
	}

	@Test
	void theMessagePortIsBoundOnTheMembersInterfaceAndAnnouncedToTheOtherMembers() {
		this.contextRunner.run((context) -> {
			MessagePort port = context.getBean(MessagePort.class);
			HazelcastInstance member = context.getBean(HazelcastInstance.class);
			assertThat(port.getLocalPort()).isPositive();
			assertThat(member.getCluster().getLocalMember().getAttribute(MessagePort.ATTRIBUTE))
				.isEqualTo(Integer.toString(port.getLocalPort()));
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress("127.0.0.1", port.getLocalPort()), 2000);
				assertThat(socket.isConnected()).isTrue();
			}
		});
	}

	@Test
	void aMessagePortOfMinusOneMeansMessagesOverTheTopicsAndNoPortAnnounced() {
		this.contextRunner.withPropertyValues("dispatch.pubsub.message-port=-1").run((context) -> {
			assertThat(context.getBean(MessagePort.class).isBound()).isFalse();
			assertThat(context.getBean(HazelcastInstance.class)
				.getCluster()
				.getLocalMember()
				.getAttribute(MessagePort.ATTRIBUTE)).isNull();
		});
	}

	@Test
	void aMemberWithoutAPortMeansPorts5701To5703WhateverThePortOfThisNode() {
		this.contextRunner.withPropertyValues("dispatch.pubsub.members=127.0.0.1, localhost:" + this.cluster.getPort(0))
			.run((context) -> {
				Config config = context.getBean(HazelcastInstance.class).getConfig();
				assertThat(config.getNetworkConfig().getPort()).isEqualTo(this.cluster.getPort(0));
				assertThat(config.getNetworkConfig().getJoin().getTcpIpConfig().getMembers()).containsExactly(
						"127.0.0.1:5701", "127.0.0.1:5702", "127.0.0.1:5703", "localhost:" + this.cluster.getPort(0));
			});
	}

	@Test
	void isolatedTestNodesWithAnyFreePortAndNoMembersNeverJoinEachOther() {
		ApplicationContextRunner isolated = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DispatchAutoConfiguration.class))
			.withPropertyValues("dispatch.pubsub.name=shared-name", "dispatch.pubsub.port=0",
					"dispatch.pubsub.members=");
		isolated.run((first) -> isolated.run((second) -> {
			HazelcastInstance one = first.getBean(HazelcastInstance.class);
			HazelcastInstance two = second.getBean(HazelcastInstance.class);
			assertThat(one.getCluster().getLocalMember().getAddress().getPort())
				.isNotEqualTo(two.getCluster().getLocalMember().getAddress().getPort());
			first.getBean(DispatchRegistry.class).addService("counter", new Counter());
			assertThat(one.getCluster().getMembers()).hasSize(1);
			assertThat(two.getCluster().getMembers()).hasSize(1);
			assertThat(second.getBean(DispatchRegistry.class).getServices("counter")).isEmpty();
		}));
	}

	@Configuration(proxyBeanMethods = false)
	static class CuriousConfiguration {

		@Bean
		Curious curious(DispatchTemplate template, DispatchRegistry registry,
				ObjectProvider<ClusterTransport> transport, ObjectProvider<ClusterSeal> seal,
				ObjectProvider<MessageCodec> codec, ObjectProvider<MessagePort> port,
				ObjectProvider<ClusterFormation> formation, ObjectProvider<InFlightMessages> inFlight) {
			return new Curious(template, registry,
					Stream.of(transport, seal, codec, port, formation, inFlight)
						.<Object>map(ObjectProvider::getIfAvailable)
						.filter(Objects::nonNull)
						.toList());
		}

	}

	record Curious(DispatchTemplate template, DispatchRegistry registry, List<Object> internals) {
	}

	@Configuration(proxyBeanMethods = false)
	static class TransportConsumerConfiguration {

		@Bean
		Object transportConsumer(ClusterTransport transport) {
			return transport;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserHazelcastConfiguration {

		@Bean(destroyMethod = "shutdown")
		HazelcastInstance userHazelcast() {
			return Hazelcast.newHazelcastInstance(TestCluster.isolatedConfig("user-"));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserConfigConfiguration {

		@Bean
		Config userHazelcastConfig() {
			return TestCluster.isolatedConfig("user-config-");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class GreeterConfiguration {

		@Bean
		Greeter greeter() {
			return new Greeter();
		}

	}

	@DispatchService("greeter")
	static class Greeter {

		@DispatchHandler
		String greet(String name) {
			return "Hello " + name;
		}

	}

	static class ThreadName {

		@DispatchHandler
		public String name(Integer message) {
			return Thread.currentThread().getName();
		}

	}

	@DispatchService("idle")
	static class Idle {

	}

	@DispatchService("twice")
	static class Twice {

		@DispatchHandler
		void one(String message) {
		}

		@DispatchHandler
		void two(String message) {
		}

	}

	@DispatchService
	static class Anonymous extends Counter {

	}

	@DispatchService(value = "sessions", backups = 1)
	static class BackedUpWithoutSnapshot extends Counts {

	}

	@DispatchService(value = "parallel", backups = 1, concurrency = 2)
	static class BackedUpInParallel extends Tally {

	}

}
