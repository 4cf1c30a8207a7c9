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

package dev.dispatch.autoconfigure.discovery;

import com.hazelcast.core.HazelcastInstance;
import reactor.core.publisher.Flux;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.client.ConditionalOnBlockingDiscoveryEnabled;
import org.springframework.cloud.client.ConditionalOnDiscoveryEnabled;
import org.springframework.cloud.client.ConditionalOnReactiveDiscoveryEnabled;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.cloud.client.discovery.event.InstanceRegisteredEvent;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.dispatch.autoconfigure.DispatchAutoConfiguration;
import dev.dispatch.discovery.DispatchDiscoveryClient;
import dev.dispatch.discovery.DispatchReactiveDiscoveryClient;
import dev.dispatch.discovery.NodeWebAddresses;
import dev.dispatch.registry.ClusterState;
import dev.dispatch.security.ClusterSeal;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for the {@link DispatchDiscoveryClient} and, with Reactor present,
 * the {@link DispatchReactiveDiscoveryClient}: on when Spring Cloud's discovery and its
 * blocking or reactive flavour are, and {@code dispatch.discovery.enabled} is not false.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
@AutoConfiguration(after = DispatchAutoConfiguration.class, beforeName = {
		"org.springframework.cloud.client.discovery.simple.SimpleDiscoveryClientAutoConfiguration",
		"org.springframework.cloud.client.discovery.simple.reactive.SimpleReactiveDiscoveryClientAutoConfiguration",
		"org.springframework.cloud.client.CommonsClientAutoConfiguration",
		"org.springframework.cloud.client.ReactiveCommonsClientAutoConfiguration" })
@ConditionalOnClass(DiscoveryClient.class)
@ConditionalOnDiscoveryEnabled
@ConditionalOnBooleanProperty(name = "dispatch.discovery.enabled", matchIfMissing = true)
@ConditionalOnBean(ClusterState.class)
@EnableConfigurationProperties(DispatchDiscoveryProperties.class)
public final class DispatchDiscoveryClientAutoConfiguration {

	@Bean(destroyMethod = "withdraw")
	@ConditionalOnMissingBean
	NodeWebAddresses dispatchNodeWebAddresses(HazelcastInstance hazelcast,
			@Qualifier("dispatchClusterSeal") ClusterSeal seal) {
		return new NodeWebAddresses(hazelcast, seal);
	}

	@Bean
	ApplicationListener<ApplicationReadyEvent> dispatchWebAddressPublisher(NodeWebAddresses addresses,
			ApplicationContext context) {
		return (event) -> {
			Integer port = context.getEnvironment().getProperty("local.server.port", Integer.class);
			if (port != null) {
				addresses.publish(port);
			}
			context.publishEvent(new InstanceRegisteredEvent<>(addresses, port));
		};
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBlockingDiscoveryEnabled
	static class BlockingDiscoveryConfiguration {

		@Bean
		@ConditionalOnMissingBean
		DispatchDiscoveryClient dispatchDiscoveryClient(ClusterState registry, NodeWebAddresses addresses,
				DispatchDiscoveryProperties properties) {
			return new DispatchDiscoveryClient(registry, addresses, properties.getOrder());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Flux.class)
	@ConditionalOnReactiveDiscoveryEnabled
	static class ReactiveDiscoveryConfiguration {

		@Bean
		@ConditionalOnMissingBean
		DispatchReactiveDiscoveryClient dispatchReactiveDiscoveryClient(ClusterState registry,
				NodeWebAddresses addresses, DispatchDiscoveryProperties properties) {
			return new DispatchReactiveDiscoveryClient(
					new DispatchDiscoveryClient(registry, addresses, properties.getOrder()));
		}

	}

}
