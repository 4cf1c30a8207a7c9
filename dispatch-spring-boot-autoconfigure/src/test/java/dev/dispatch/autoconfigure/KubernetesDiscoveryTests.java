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
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.KubernetesConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.dispatch.DispatchRegistry;
import dev.dispatch.test.TestCluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for discovery on Kubernetes: the {@code dispatch.pubsub.kubernetes.*} properties,
 * the address a node binds there, and the start-up check of the service's DNS name.
 * Members that start bind 127.0.0.1; the pod's address is only chosen, never bound.
 *
 * @author Dispatch team
 */
class KubernetesDiscoveryTests {

	private final TestCluster cluster = new TestCluster(1);

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DispatchAutoConfiguration.class))
		.withBean(DispatchHazelcastConfigCustomizer.class,
				() -> (config) -> config.setProperty("hazelcast.wait.seconds.before.join", "1"))
		.withPropertyValues("dispatch.pubsub.name=" + this.cluster.getName(),
				"dispatch.pubsub.port=" + this.cluster.getPort(0), "dispatch.pubsub.port-auto-increment=false",
				"dispatch.pubsub.interface=127.0.0.1", "dispatch.pubsub.kubernetes.enabled=true",
				// a node that discovers members on the network needs a cluster secret
				"dispatch.security.secret=kubernetes-discovery-tests-secret-0123456789");

	@Test
	void dnsModeReplacesTheMemberListAndMulticastWithHazelcastsKubernetesJoin() {
		this.contextRunner
			.withPropertyValues("dispatch.pubsub.kubernetes.service-dns=localhost",
					"dispatch.pubsub.kubernetes.service-dns-timeout=2s")
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(DispatchRegistry.class);
				HazelcastInstance member = context.getBean(HazelcastInstance.class);
				JoinConfig join = member.getConfig().getNetworkConfig().getJoin();
				assertThat(join.getTcpIpConfig().isEnabled()).isFalse();
				assertThat(join.getMulticastConfig().isEnabled()).isFalse();
				assertThat(join.getAutoDetectionConfig().isEnabled()).isFalse();
				KubernetesConfig kubernetes = join.getKubernetesConfig();
				assertThat(kubernetes.isEnabled()).isTrue();
				assertThat(kubernetes.getProperties()).containsEntry("service-dns", "localhost")
					.containsEntry("service-dns-timeout", "2")
					.containsEntry("service-port", Integer.toString(this.cluster.getPort(0)))
					.doesNotContainKeys("service-name", "kubernetes-master", "api-token");
				assertThat(member.getCluster().getLocalMember().getAddress().getHost()).isEqualTo("127.0.0.1");
				assertThat(member.getCluster().getMembers()).hasSize(1);
			});
	}

	@Test
	void apiModePassesEverySettingWithHazelcastsNames() {
		DispatchPubSubProperties properties = bind("dispatch.pubsub.interface=127.0.0.1", "dispatch.pubsub.port=5801",
				"dispatch.pubsub.kubernetes.enabled=true", "dispatch.pubsub.kubernetes.namespace=shop",
				"dispatch.pubsub.kubernetes.pod-label-name=app,tier",
				"dispatch.pubsub.kubernetes.pod-label-value=uploader,backend",
				"dispatch.pubsub.kubernetes.service-port=5901",
				"dispatch.pubsub.kubernetes.resolve-not-ready-addresses=false",
				"dispatch.pubsub.kubernetes.kubernetes-master=https://api.cluster.test",
				"dispatch.pubsub.kubernetes.api-token=token", "dispatch.pubsub.kubernetes.ca-certificate=pem",
				"dispatch.pubsub.kubernetes.kubernetes-api-retries=7");
		DispatchPropertiesValidator.validate(properties);
		Config config = DispatchHazelcastConfigFactory.create(properties, List.of(), getClass().getClassLoader());
		KubernetesConfig kubernetes = config.getNetworkConfig().getJoin().getKubernetesConfig();
		assertThat(kubernetes.isEnabled()).isTrue();
		assertThat(kubernetes.getProperties()).containsEntry("namespace", "shop")
			.containsEntry("pod-label-name", "app,tier")
			.containsEntry("pod-label-value", "uploader,backend")
			.containsEntry("service-port", "5901")
			.containsEntry("resolve-not-ready-addresses", "false")
			.containsEntry("kubernetes-master", "https://api.cluster.test")
			.containsEntry("api-token", "token")
			.containsEntry("ca-certificate", "pem")
			.containsEntry("kubernetes-api-retries", "7")
			.doesNotContainKeys("service-dns", "service-name");
		assertThat(config.getNetworkConfig().getJoin().getTcpIpConfig().isEnabled()).isFalse();
	}

	@Test
	void servicePortDefaultsToTheMemberPort() {
		DispatchPubSubProperties properties = bind("dispatch.pubsub.interface=127.0.0.1", "dispatch.pubsub.port=5801",
				"dispatch.pubsub.kubernetes.enabled=true", "dispatch.pubsub.kubernetes.service-name=uploader");
		Config config = DispatchHazelcastConfigFactory.create(properties, List.of(), getClass().getClassLoader());
		assertThat(config.getNetworkConfig().getJoin().getKubernetesConfig().getProperties())
			.containsEntry("service-name", "uploader")
			.containsEntry("service-port", "5801");
	}

	@Test
	void withoutAnInterfaceANodeOnKubernetesBindsThePodsAddressAndOtherwiseLoopback() {
		DispatchPubSubProperties onKubernetes = bind("dispatch.pubsub.kubernetes.enabled=true",
				"dispatch.pubsub.kubernetes.service-dns=uploader.default.svc.cluster.local");
		Optional<InetAddress> podAddress = PodAddress.find();
		if (podAddress.isPresent()) {
			Config config = DispatchHazelcastConfigFactory.create(onKubernetes, List.of(), getClass().getClassLoader());
			assertThat(config.getNetworkConfig().getInterfaces().getInterfaces())
				.containsExactly(PodAddress.text(podAddress.get()));
			assertThat(podAddress.get().isLoopbackAddress()).isFalse();
		}
		else {
			assertThatExceptionOfType(InvalidDispatchPropertyException.class).isThrownBy(
					() -> DispatchHazelcastConfigFactory.create(onKubernetes, List.of(), getClass().getClassLoader()))
				.satisfies((ex) -> assertThat(ex.getProperty()).isEqualTo("dispatch.pubsub.interface"));
		}
		Config elsewhere = DispatchHazelcastConfigFactory.create(bind("dispatch.pubsub.port=5801"), List.of(),
				getClass().getClassLoader());
		assertThat(elsewhere.getNetworkConfig().getInterfaces().getInterfaces()).containsExactly("127.0.0.1");
		Config configured = DispatchHazelcastConfigFactory.create(bind("dispatch.pubsub.interface=10.0.*.*",
				"dispatch.pubsub.kubernetes.enabled=true", "dispatch.pubsub.kubernetes.service-dns=uploader"),
				List.of(), getClass().getClassLoader());
		assertThat(configured.getNetworkConfig().getInterfaces().getInterfaces()).containsExactly("10.0.*.*");
	}

	@Test
	void thePodsAddressIsTheFirstIpv4AddressThatIsNotLoopbackElseTheFirstIpv6() throws Exception {
		assertThat(PodAddress.first(addresses("127.0.0.1", "fe80::1", "192.0.2.7", "192.0.2.8")))
			.contains(InetAddress.getByName("192.0.2.7"));
		assertThat(PodAddress.first(addresses("2001:db8::5", "192.0.2.7")))
			.contains(InetAddress.getByName("192.0.2.7"));
		assertThat(PodAddress.first(addresses("::1", "fe80::1", "2001:db8::5")))
			.contains(InetAddress.getByName("2001:db8::5"));
		assertThat(PodAddress.first(addresses("127.0.0.1", "::1", "fe80::1", "0.0.0.0", "224.0.0.1"))).isEmpty();
		assertThat(PodAddress.text(InetAddress.getByName("fe80::1%1"))).isEqualTo("fe80:0:0:0:0:0:0:1");
	}

	@Test
	void aServiceNameThatResolvesToNothingFailsStartupNamingThePropertyAndTheFix() {
		this.contextRunner
			.withPropertyValues("dispatch.pubsub.kubernetes.service-dns=no-such-service.invalid",
					"dispatch.pubsub.kubernetes.service-dns-timeout=1s")
			.run((context) -> {
				assertThat(context).getFailure()
					.rootCause()
					.isInstanceOf(InvalidDispatchPropertyException.class)
					.hasMessageContaining("'dispatch.pubsub.kubernetes.service-dns'")
					.hasMessageContaining("resolved to no address within 1 s");
				FailureAnalysis analysis = new InvalidDispatchPropertyFailureAnalyzer()
					.analyze(context.getStartupFailure());
				assertThat(analysis.getAction()).contains("headless Service").contains("publishNotReadyAddresses");
				assertThat(Hazelcast.getAllHazelcastInstances())
					.noneMatch((member) -> member.getConfig().getClusterName().equals(this.cluster.getName()));
			});
	}

	@Test
	void checkShutsALoneMemberDownWhenTheNameResolvesToNothingOrTooLate() {
		Config kubernetes = kubernetesConfig("uploader.default.svc.cluster.local", 1);
		CountDownLatch never = new CountDownLatch(1);
		ServiceDnsCheck.Resolver[] failing = { (name) -> new InetAddress[0], (name) -> {
			throw new UnknownHostException(name);
		}, (name) -> {
			awaitQuietly(never);
			return new InetAddress[] { InetAddress.getLoopbackAddress() };
		} };
		for (ServiceDnsCheck.Resolver resolver : failing) {
			HazelcastInstance member = Hazelcast.newHazelcastInstance(TestCluster.isolatedConfig("dns-check-"));
			try {
				assertThatExceptionOfType(InvalidDispatchPropertyException.class)
					.isThrownBy(() -> new ServiceDnsCheck(resolver).check(kubernetes, member))
					.satisfies(
							(ex) -> assertThat(ex.getProperty()).isEqualTo("dispatch.pubsub.kubernetes.service-dns"));
				assertThat(member.getLifecycleService().isRunning()).isFalse();
			}
			finally {
				member.getLifecycleService().terminate();
			}
		}
		never.countDown();
	}

	@Test
	void checkPassesANameThatResolvesEvenToThisPodAloneAndIgnoresOtherJoins() {
		HazelcastInstance member = Hazelcast.newHazelcastInstance(TestCluster.isolatedConfig("dns-check-"));
		try {
			ServiceDnsCheck resolves = new ServiceDnsCheck(
					(name) -> new InetAddress[] { InetAddress.getLoopbackAddress() });
			resolves.check(kubernetesConfig("uploader.default.svc.cluster.local", 1), member);
			ServiceDnsCheck nothing = new ServiceDnsCheck((name) -> new InetAddress[0]);
			nothing.check(new Config(), member);
			nothing.check(kubernetesConfig(null, 1), member);
			assertThat(member.getLifecycleService().isRunning()).isTrue();
		}
		finally {
			member.getLifecycleService().terminate();
		}
	}

	@Test
	void kubernetesPropertiesAreIgnoredWhileDiscoveryOnKubernetesIsOff() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(DispatchAutoConfiguration.class))
			.withPropertyValues(this.cluster.properties(0))
			.withPropertyValues("dispatch.pubsub.kubernetes.service-dns=uploader",
					"dispatch.pubsub.kubernetes.service-name=uploader")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				JoinConfig join = context.getBean(HazelcastInstance.class).getConfig().getNetworkConfig().getJoin();
				assertThat(join.getKubernetesConfig().isEnabled()).isFalse();
				assertThat(join.getTcpIpConfig().isEnabled()).isTrue();
			});
	}

	@Test
	void badCombinationsFailStartupNamingThePropertyAndTheFix() {
		String dns = "dispatch.pubsub.kubernetes.service-dns=uploader";
		for (List<String> invalid : List.of(List.of("dispatch.pubsub.kubernetes.service-dns"),
				List.of("dispatch.pubsub.kubernetes.service-dns= ", "dispatch.pubsub.kubernetes.service-dns"),
				List.of(dns, "dispatch.pubsub.kubernetes.service-name=uploader",
						"dispatch.pubsub.kubernetes.service-dns"),
				List.of(dns, "dispatch.pubsub.kubernetes.pod-label-name=app", "dispatch.pubsub.kubernetes.service-dns"),
				List.of("dispatch.pubsub.kubernetes.service-name=uploader",
						"dispatch.pubsub.kubernetes.pod-label-name=app", "dispatch.pubsub.kubernetes.pod-label-name"),
				List.of("dispatch.pubsub.kubernetes.service-name=uploader",
						"dispatch.pubsub.kubernetes.service-label-name=app",
						"dispatch.pubsub.kubernetes.service-label-name"),
				List.of("dispatch.pubsub.kubernetes.service-label-name=app",
						"dispatch.pubsub.kubernetes.pod-label-name=app", "dispatch.pubsub.kubernetes.pod-label-name"),
				List.of("dispatch.pubsub.kubernetes.pod-label-name=app,tier",
						"dispatch.pubsub.kubernetes.pod-label-value=uploader",
						"dispatch.pubsub.kubernetes.pod-label-value"),
				List.of(dns, "dispatch.pubsub.kubernetes.service-dns-timeout=0s",
						"dispatch.pubsub.kubernetes.service-dns-timeout"),
				List.of(dns, "dispatch.pubsub.kubernetes.service-dns-timeout=1500ms",
						"dispatch.pubsub.kubernetes.service-dns-timeout"),
				List.of("dispatch.pubsub.kubernetes.service-name=uploader",
						"dispatch.pubsub.kubernetes.service-port=70000", "dispatch.pubsub.kubernetes.service-port"),
				List.of("dispatch.pubsub.kubernetes.service-name=uploader",
						"dispatch.pubsub.kubernetes.kubernetes-api-retries=-1",
						"dispatch.pubsub.kubernetes.kubernetes-api-retries"),
				List.of(dns, "dispatch.pubsub.port=0", "dispatch.pubsub.port"),
				List.of(dns, "dispatch.pubsub.multicast=true", "dispatch.pubsub.multicast"),
				List.of(dns, "dispatch.pubsub.interface= ", "dispatch.pubsub.interface"))) {
			String property = invalid.get(invalid.size() - 1);
			this.contextRunner.withPropertyValues(invalid.subList(0, invalid.size() - 1).toArray(String[]::new))
				.run((context) -> {
					assertThat(context).getFailure()
						.as("%s", invalid)
						.rootCause()
						.isInstanceOf(InvalidDispatchPropertyException.class)
						.hasMessageContaining("'" + property + "'");
					FailureAnalysis analysis = new InvalidDispatchPropertyFailureAnalyzer()
						.analyze(context.getStartupFailure());
					assertThat(analysis.getDescription()).contains(property);
					assertThat(analysis.getAction()).startsWith("Set");
				});
		}
	}

	private static DispatchPubSubProperties bind(String... properties) {
		MapConfigurationPropertySource source = new MapConfigurationPropertySource();
		for (String property : properties) {
			int equals = property.indexOf('=');
			source.put(property.substring(0, equals), property.substring(equals + 1));
		}
		return new Binder(source).bindOrCreate("dispatch.pubsub", Bindable.of(DispatchPubSubProperties.class));
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static List<InetAddress> addresses(String... literals) throws UnknownHostException {
		InetAddress[] addresses = new InetAddress[literals.length];
		for (int i = 0; i < literals.length; i++) {
			addresses[i] = InetAddress.getByName(literals[i]);
		}
		return List.of(addresses);
	}

	private static Config kubernetesConfig(String serviceDns, int timeoutSeconds) {
		Config config = new Config();
		KubernetesConfig kubernetes = config.getNetworkConfig().getJoin().getKubernetesConfig().setEnabled(true);
		if (serviceDns != null) {
			kubernetes.setProperty("service-dns", serviceDns);
		}
		kubernetes.setProperty("service-dns-timeout", Integer.toString(timeoutSeconds));
		return config;
	}

}
