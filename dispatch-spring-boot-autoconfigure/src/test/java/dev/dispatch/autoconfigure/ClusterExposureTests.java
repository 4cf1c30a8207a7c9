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

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import com.hazelcast.config.Config;
import com.hazelcast.config.ServerSocketEndpointConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.instance.impl.HazelcastInstanceProxy;
import com.hazelcast.internal.cluster.impl.ClusterClockImpl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.dispatch.discovery.NodeWebAddresses;
import dev.dispatch.messaging.ClusterTransport;
import dev.dispatch.messaging.MessageCodec;
import dev.dispatch.security.Channel;
import dev.dispatch.security.ClusterSeal;
import dev.dispatch.test.TestCluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for the cluster secret's start-up checks: a node that other hosts can reach does
 * not start without a secret unless told to, and secrets that are too short are refused,
 * each with a message that names the property and the fix.
 *
 * @author Dispatch team
 */
@ExtendWith(OutputCaptureExtension.class)
class ClusterExposureTests {

	private static final String SECRET = "0123456789abcdef0123456789abcdef";

	private final TestCluster cluster = new TestCluster(1);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DispatchAutoConfiguration.class))
		.withPropertyValues(this.cluster.properties(0));

	@AfterEach
	void stop() {
		this.cluster.close();
	}

	@Test
	void aNodeThatOtherHostsCanReachDoesNotStartWithoutASecret() {
		for (String exposed : List.of("dispatch.pubsub.multicast=true", "dispatch.pubsub.interface=10.0.*.*",
				"dispatch.pubsub.members=127.0.0.1:5701,cluster-peer.invalid:5701")) {
			this.contextRunner.withPropertyValues(exposed).run((context) -> {
				assertThat(context).getFailure()
					.rootCause()
					.isInstanceOf(InvalidDispatchPropertyException.class)
					.hasMessageContaining("'dispatch.security.secret'")
					.hasMessageContaining("beyond this host");
				FailureAnalysis analysis = new InvalidDispatchPropertyFailureAnalyzer()
					.analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("dispatch.security.secret");
				assertThat(analysis.getAction()).contains("DISPATCH_SECURITY_SECRET")
					.contains("dispatch.security.allow-insecure=true");
			});
		}
	}

	@Test
	void secretsThatAreTooShortOrAPreviousSecretAloneAreRefused() {
		for (List<String> invalid : List.of(List.of("dispatch.security.secret=short", "dispatch.security.secret"),
				List.of("dispatch.security.previous-secret=short", "dispatch.security.previous-secret"),
				List.of("dispatch.security.previous-secret=" + SECRET, "dispatch.security.previous-secret"))) {
			this.contextRunner.withPropertyValues(invalid.get(0)).run((context) -> {
				assertThat(context).getFailure()
					.rootCause()
					.isInstanceOf(InvalidDispatchPropertyException.class)
					.hasMessageContaining("'" + invalid.get(1) + "'")
					.hasMessageNotContaining(SECRET)
					.hasMessageNotContaining("=short");
				assertThat(
						new InvalidDispatchPropertyFailureAnalyzer().analyze(context.getStartupFailure()).getAction())
					.startsWith("Set");
			});
		}
	}

	@Test
	void aLoopbackNodeNeedsNoSecretAndANodeWithOneSealsItsTraffic() {
		this.contextRunner.run((context) -> assertThat(context.getBean(ClusterSeal.class).isEnabled()).isFalse());
		this.contextRunner.withPropertyValues("dispatch.security.secret=" + SECRET).run((context) -> {
			ClusterSeal seal = context.getBean(ClusterSeal.class);
			assertThat(seal.isEnabled()).isTrue();
			assertThat(context.getBean(ClusterTransport.class).getSeal()).isSameAs(seal);
		});
	}

	@Test
	void theSealIsNotLeftInTheMembersUserContextForAnyCodeOnTheMemberToFindOrReplace() {
		this.contextRunner.withPropertyValues("dispatch.security.secret=" + SECRET).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(HazelcastInstance.class).getUserContext().values())
				.noneMatch(ClusterSeal.class::isInstance);
		});
	}

	@Test
	void thePartsThatSealCannotBeCreatedWithoutASealRatherThanRunWithoutTheSecret() {
		this.contextRunner.withPropertyValues("dispatch.security.secret=" + SECRET).run((context) -> {
			HazelcastInstance hazelcast = context.getBean(HazelcastInstance.class);
			MessageCodec codec = context.getBean(MessageCodec.class);
			assertThatIllegalArgumentException()
				.isThrownBy(() -> new ClusterTransport(hazelcast, null, codec, 10, 1024, false))
				.withMessageContaining("'seal' must not be null");
			assertThatIllegalArgumentException().isThrownBy(() -> new NodeWebAddresses(hazelcast, null))
				.withMessageContaining("ClusterSeal.open()");
		});
	}

	@Test
	void freshnessIsJudgedByThisNodesClockNotByTheClusterClockThatTheOldestMemberSets() {
		this.contextRunner.withPropertyValues("dispatch.security.secret=" + SECRET).run((context) -> {
			ClusterSeal seal = context.getBean(ClusterSeal.class);
			HazelcastInstance hazelcast = context.getBean(HazelcastInstance.class);
			stepClusterClock(hazelcast, -Duration.ofHours(1).toMillis());
			assertThat(hazelcast.getCluster().getClusterTime())
				.isLessThan(System.currentTimeMillis() - Duration.ofMinutes(59).toMillis());
			byte[] body = "node-1".getBytes(StandardCharsets.UTF_8);
			byte[] heartbeat = seal.sign(Channel.HEARTBEAT, "node-1", body);
			assertThat(seal.verify(Channel.HEARTBEAT, "node-1", heartbeat, true)).isEqualTo(body);
			assertThat(seal.openFrames("node-1", "node-2", seal.sealFrames("node-1", "node-2", body))).isEqualTo(body);
			assertThat(seal.rejected("heartbeat", ClusterSeal.EXPIRED)
					+ seal.rejected(ClusterSeal.FRAMES, ClusterSeal.EXPIRED))
				.isZero();
		});
	}

	// as a new oldest member whose clock is that far behind would set it; a lone member's
	// cluster clock is its own
	private static void stepClusterClock(HazelcastInstance hazelcast, long millis) throws Exception {
		ClusterClockImpl clock = ((HazelcastInstanceProxy) hazelcast).getOriginal().node.getClusterService()
			.getClusterClock();
		Method setDiff = ClusterClockImpl.class.getDeclaredMethod("setClusterTimeDiff", long.class);
		setDiff.setAccessible(true);
		setDiff.invoke(clock, millis);
	}

	@Test
	void aLoopbackInterfaceThatHazelcastBindsAnyInterfaceBesidesNeedsASecret() {
		Config config = TestCluster.isolatedConfig("exposure-");
		config.getProperties().remove("hazelcast.socket.bind.any");
		assertThatExceptionOfType(InvalidDispatchPropertyException.class)
			.isThrownBy(() -> ClusterExposure.check(config, new DispatchSecurityProperties()))
			.withMessageContaining("'dispatch.security.secret'")
			.withMessageContaining("hazelcast.socket.bind.any");
	}

	@Test
	void theAdvancedNetworkConfigurationNeedsASecret() {
		Config config = TestCluster.isolatedConfig("exposure-");
		config.getAdvancedNetworkConfig().setEnabled(true);
		ServerSocketEndpointConfig member = new ServerSocketEndpointConfig();
		member.getInterfaces().setEnabled(true).setInterfaces(List.of("10.0.*.*"));
		config.getAdvancedNetworkConfig().setMemberEndpointConfig(member);
		assertThatExceptionOfType(InvalidDispatchPropertyException.class)
			.isThrownBy(() -> ClusterExposure.check(config, new DispatchSecurityProperties()))
			.withMessageContaining("advanced network configuration");
	}

	@Test
	void theSecretsAreCheckedWhenTheApplicationBringsItsOwnMember() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(DispatchAutoConfiguration.class))
			.withBean("applicationHazelcast", HazelcastInstance.class,
					() -> Hazelcast.newHazelcastInstance(TestCluster.isolatedConfig("exposure-")),
					(definition) -> definition.setDestroyMethodName("shutdown"))
			.withPropertyValues("dispatch.security.previous-secret=" + SECRET)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidDispatchPropertyException.class)
				.hasMessageContaining("'dispatch.security.previous-secret'"));
	}

	@Test
	void allowInsecureStartsAReachableNodeWithAWarning(CapturedOutput output) {
		Config config = new Config();
		config.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(true);
		DispatchSecurityProperties security = new DispatchSecurityProperties();
		security.setAllowInsecure(true);
		ClusterExposure.check(config, security);
		assertThat(output).contains("Starting without dispatch.security.secret although")
			.contains("it uses multicast")
			.contains("it may bind any interface");
		security.setSecret(SECRET);
		ClusterExposure.check(config, security);
		assertThat(output.toString().split("Starting without", -1)).hasSize(2);
	}

}
