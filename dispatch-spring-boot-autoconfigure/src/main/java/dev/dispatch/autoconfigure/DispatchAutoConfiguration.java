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

import java.io.IOException;
import java.net.BindException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.hazelcast.config.Config;
import com.hazelcast.config.InMemoryFormat;
import com.hazelcast.config.ReplicatedMapConfig;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastException;
import com.hazelcast.core.HazelcastInstance;
import io.micrometer.observation.ObservationRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.thread.Threading;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

import dev.dispatch.DispatchRegistry;
import dev.dispatch.DispatchTemplate;
import dev.dispatch.ServiceJoinedEvent;
import dev.dispatch.ServiceLeftEvent;
import dev.dispatch.annotation.DispatchServiceAnnotationBeanPostProcessor;
import dev.dispatch.messaging.ClusterTransport;
import dev.dispatch.messaging.MessageCodec;
import dev.dispatch.messaging.MessagePort;
import dev.dispatch.messaging.NodeIds;
import dev.dispatch.messaging.TrustedTypes;
import dev.dispatch.metrics.DispatchMetrics;
import dev.dispatch.observation.DispatchHandlerObservationConvention;
import dev.dispatch.observation.DispatchTemplateObservationConvention;
import dev.dispatch.registry.ClusterFormation;
import dev.dispatch.registry.ClusterRegistry;
import dev.dispatch.routing.BalanceFactors;
import dev.dispatch.routing.InFlightMessages;
import dev.dispatch.security.ClusterSeal;
import dev.dispatch.template.DefaultDispatchTemplate;

/**
 * {@link org.springframework.boot.autoconfigure.EnableAutoConfiguration
 * Auto-configuration} for Dispatch: the embedded Hazelcast member (unless the application
 * has one), the transport, the registry, the template and the {@code @DispatchService}
 * processing.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
@AutoConfiguration(afterName = "org.springframework.boot.hazelcast.autoconfigure.HazelcastAutoConfiguration")
@ConditionalOnClass({ HazelcastInstance.class, JsonMapper.class })
@ConditionalOnBooleanProperty(name = "dispatch.enabled", matchIfMissing = true)
@EnableConfigurationProperties({ DispatchPubSubProperties.class, DispatchRegistryProperties.class,
		DispatchRoutingProperties.class, DispatchSerializationProperties.class, DispatchSecurityProperties.class })
public final class DispatchAutoConfiguration {

	/**
	 * The name of the Hazelcast member bean that Dispatch creates.
	 */
	public static final String HAZELCAST_INSTANCE_BEAN_NAME = "dispatchHazelcastInstance";

	/**
	 * The name of the template bean.
	 */
	public static final String TEMPLATE_BEAN_NAME = "dispatchTemplate";

	/**
	 * The name of the registry bean.
	 */
	public static final String REGISTRY_BEAN_NAME = "dispatchRegistry";

	/**
	 * The name of the {@code @DispatchService} post-processor bean.
	 */
	public static final String ANNOTATION_PROCESSOR_BEAN_NAME = "dispatchServiceAnnotationBeanPostProcessor";

	private static final Log logger = LogFactory.getLog(ClusterRegistry.class);

	@Bean(destroyMethod = "close", defaultCandidate = false)
	MessagePort dispatchMessagePort(DispatchPubSubProperties properties) {
		DispatchPropertiesValidator.validateMessagePort(properties);
		try {
			return new MessagePort(properties.getMessagePort(), properties.getOutboundPorts());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidDispatchPropertyException("dispatch.pubsub.outbound-ports", properties.getOutboundPorts(),
					ex.getMessage(), "Set ports like 33000 or 33000-33100.");
		}
	}

	@Bean(name = HAZELCAST_INSTANCE_BEAN_NAME, destroyMethod = "shutdown")
	@ConditionalOnMissingBean(HazelcastInstance.class)
	HazelcastInstance dispatchHazelcastInstance(DispatchPubSubProperties properties,
			DispatchSerializationProperties serialization, DispatchSecurityProperties security,
			ObjectProvider<Config> userConfig, ObjectProvider<DispatchHazelcastConfigCustomizer> customizers,
			@Qualifier("dispatchMessagePort") MessagePort messagePort) {
		Config config = userConfig.getIfUnique();
		boolean configuredHere = (config == null);
		if (config == null) {
			DispatchPropertiesValidator.validate(properties);
			config = DispatchHazelcastConfigFactory.create(properties, serialization.getTrustedPackages(),
					getClass().getClassLoader());
		}
		Config customized = config;
		customizers.orderedStream().forEach((customizer) -> customizer.customize(customized));
		ClusterExposure.check(customized, security);
		NodeIds.assign(customized, UUID.randomUUID().toString());
		DispatchHazelcastConfigFactory.useBinaryServiceEntries(customized);
		bindMessagePort(messagePort, customized);
		try {
			HazelcastInstance member = Hazelcast.newHazelcastInstance(customized);
			if (configuredHere) {
				ServiceDnsCheck.verify(customized, member);
			}
			return member;
		}
		catch (HazelcastException ex) {
			if (isPortInUse(ex)) {
				int port = customized.getNetworkConfig().getPort();
				throw new InvalidDispatchPropertyException("dispatch.pubsub.port", port,
						"the port is already in use" + (customized.getNetworkConfig().isPortAutoIncrement()
								? ", and so are the ports after it" : ""),
						"Stop the process that uses it, set another port (0 picks any free one), or set "
								+ "dispatch.pubsub.port-auto-increment=true.");
			}
			throw ex;
		}
	}

	private static void bindMessagePort(MessagePort messagePort, Config config) {
		try {
			messagePort.bindBeside(config);
		}
		catch (IOException ex) {
			throw new InvalidDispatchPropertyException("dispatch.pubsub.message-port", messagePort.getRequestedPort(),
					"it could not be bound (" + ex.getMessage() + ")",
					"Stop the process that uses it, set another port, or 0 for any free one.");
		}
	}

	private static boolean isPortInUse(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof BindException || String.valueOf(cause.getMessage()).contains("already in use")) {
				return true;
			}
		}
		return false;
	}

	@Bean(destroyMethod = "close", defaultCandidate = false)
	@ConditionalOnSingleCandidate(HazelcastInstance.class)
	ClusterFormation dispatchClusterFormation(HazelcastInstance hazelcast, DispatchPubSubProperties properties) {
		DispatchPropertiesValidator.validateJoinGracePeriod(properties);
		ClusterFormation formation = new ClusterFormation(hazelcast, properties.getJoinGracePeriod());
		formation.start();
		return formation;
	}

	@Bean(defaultCandidate = false)
	MessageCodec dispatchMessageCodec(DispatchSerializationProperties properties, BeanFactory beanFactory) {
		TrustedTypes trustedTypes = new TrustedTypes();
		List<String> packages = new ArrayList<>(properties.getTrustedPackages());
		if (AutoConfigurationPackages.has(beanFactory)) {
			packages.addAll(AutoConfigurationPackages.get(beanFactory));
		}
		trustedTypes.trustPackages(packages);
		return MessageCodec.create(trustedTypes, getClass().getClassLoader());
	}

	@Bean(defaultCandidate = false)
	@ConditionalOnSingleCandidate(HazelcastInstance.class)
	ClusterSeal dispatchClusterSeal(HazelcastInstance hazelcast, DispatchSecurityProperties security,
			ObjectProvider<DispatchMetrics> metrics) {
		ClusterExposure.checkStarted(hazelcast, security);
		String secret = security.getSecret();
		if (secret == null || secret.isEmpty()) {
			return ClusterSeal.open();
		}
		// this node's clock: the cluster's is set by the oldest member, which may hold no
		// secret
		ClusterSeal seal = ClusterSeal.withSecret(secret, security.getPreviousSecret(), System::currentTimeMillis);
		metrics.ifUnique((meters) -> seal.setRejectionListener(meters::rejected));
		return seal;
	}

	@Bean(destroyMethod = "close", defaultCandidate = false)
	@ConditionalOnSingleCandidate(HazelcastInstance.class)
	ClusterTransport dispatchTransport(HazelcastInstance hazelcast,
			@Qualifier("dispatchMessageCodec") MessageCodec codec, @Qualifier("dispatchClusterSeal") ClusterSeal seal,
			@Qualifier("dispatchMessagePort") ObjectProvider<MessagePort> messagePort,
			DispatchRegistryProperties properties, ObjectProvider<DispatchMetrics> metrics,
			ObjectProvider<ObservationRegistry> observationRegistry,
			ObjectProvider<DispatchHandlerObservationConvention> handlerObservationConvention,
			Environment environment) {
		DispatchPropertiesValidator.validate(properties);
		// handlers follow spring.threads.virtual.enabled, as Spring Boot's own executors
		// do
		ClusterTransport transport = new ClusterTransport(hazelcast, seal, codec, properties.getMailboxCapacity(),
				(int) properties.getMaxMessageSize().toBytes(), Threading.VIRTUAL.isActive(environment),
				messagePort.getIfAvailable(() -> new MessagePort(-1)));
		transport.setHandlersOnReaderThread(properties.isHandlersOnReaderThread());
		metrics.ifUnique(transport::setMetrics);
		observationRegistry.ifUnique(transport::setObservationRegistry);
		handlerObservationConvention.ifUnique(transport::setHandlerObservationConvention);
		return transport;
	}

	@Bean(name = REGISTRY_BEAN_NAME)
	@ConditionalOnMissingBean(DispatchRegistry.class)
	@ConditionalOnSingleCandidate(HazelcastInstance.class)
	ClusterRegistry dispatchRegistry(HazelcastInstance hazelcast,
			@Qualifier("dispatchTransport") ClusterTransport transport, DispatchRegistryProperties properties,
			ApplicationEventPublisher publisher, ObjectProvider<DispatchMetrics> metrics) {
		useBinaryServiceEntries(hazelcast);
		LogLevel level = properties.getLogLevel();
		ClusterRegistry registry = new ClusterRegistry(hazelcast, transport, properties.getBroadcastPeriod(),
				properties.getMaxSilentPeriods(), properties.getShutdownDrain(), (event) -> {
					log(level, event);
					publisher.publishEvent(event);
				});
		registry.getKeyedStates().setTimeout(properties.getHandoffTimeout());
		metrics.ifUnique(registry::setMetrics);
		return registry;
	}

	/**
	 * Ask a member that the application started itself to keep the registry's entries
	 * serialized, as the members that Dispatch starts do.
	 */
	private static void useBinaryServiceEntries(HazelcastInstance hazelcast) {
		ReplicatedMapConfig current = hazelcast.getConfig().findReplicatedMapConfig(ClusterRegistry.SERVICES_MAP);
		if (current.getInMemoryFormat() == InMemoryFormat.BINARY) {
			return;
		}
		try {
			hazelcast.getConfig()
				.addReplicatedMapConfig(
						new ReplicatedMapConfig(ClusterRegistry.SERVICES_MAP).setInMemoryFormat(InMemoryFormat.BINARY));
		}
		catch (RuntimeException ex) {
			logger.warn("Could not configure the replicated map '" + ClusterRegistry.SERVICES_MAP
					+ "' to keep its entries in BINARY form; configure it so in the member's configuration, or "
					+ "every member rebuilds what any member writes there: " + ex.getMessage());
		}
	}

	private static void log(LogLevel level, Object event) {
		if (!(event instanceof ServiceJoinedEvent) && !(event instanceof ServiceLeftEvent)) {
			return;
		}
		String message = ((event instanceof ServiceJoinedEvent) ? "Joined: " : "Left: ") + event;
		switch (level) {
			case TRACE -> logger.trace(message);
			case DEBUG -> logger.debug(message);
			case INFO -> logger.info(message);
			case WARN -> logger.warn(message);
			case ERROR, FATAL -> logger.error(message);
			case OFF -> {
			}
		}
	}

	@Bean(defaultCandidate = false)
	InFlightMessages dispatchInFlightMessages() {
		return new InFlightMessages();
	}

	@Bean(name = TEMPLATE_BEAN_NAME)
	@ConditionalOnMissingBean(DispatchTemplate.class)
	DefaultDispatchTemplate dispatchTemplate(DispatchRegistry registry,
			@Qualifier("dispatchTransport") ClusterTransport transport, DispatchRegistryProperties properties,
			DispatchRoutingProperties routing, @Qualifier("dispatchInFlightMessages") InFlightMessages inFlight,
			ObjectProvider<DispatchMetrics> metrics, ObjectProvider<ObservationRegistry> observationRegistry,
			ObjectProvider<DispatchTemplateObservationConvention> observationConvention) {
		DispatchPropertiesValidator.validate(routing);
		DefaultDispatchTemplate template = new DefaultDispatchTemplate(registry, transport,
				properties.getCallTimeout());
		template.setLocalCallsOnCallerThread(properties.isLocalCallsOnCallerThread());
		if (registry instanceof ClusterRegistry clusterRegistry) {
			// this bean is created on the thread that refreshes the context, which then
			// starts the registry
			template.setRegistryStarted(clusterRegistry.whenStarted(), Thread.currentThread());
			template.setBackedUp(clusterRegistry::hasBackups);
		}
		template.setBoundedLoad(inFlight, balanceFactors(routing));
		metrics.ifUnique(template::setMetrics);
		observationRegistry.ifUnique(template::setObservationRegistry);
		observationConvention.ifUnique(template::setObservationConvention);
		return template;
	}

	private static BalanceFactors balanceFactors(DispatchRoutingProperties routing) {
		Map<String, Double> types = new HashMap<>();
		routing.getTypes().forEach((type, settings) -> {
			if (settings.getBalanceFactor() != null) {
				types.put(type, settings.getBalanceFactor());
			}
		});
		return new BalanceFactors(routing.getBalanceFactor(), types);
	}

	@Bean(name = ANNOTATION_PROCESSOR_BEAN_NAME)
	@ConditionalOnMissingBean
	static DispatchServiceAnnotationBeanPostProcessor dispatchServiceAnnotationBeanPostProcessor() {
		return new DispatchServiceAnnotationBeanPostProcessor();
	}

}
