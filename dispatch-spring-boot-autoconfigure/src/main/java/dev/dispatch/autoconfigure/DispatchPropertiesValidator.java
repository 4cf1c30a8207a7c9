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

import java.time.Duration;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import dev.dispatch.routing.BalanceFactors;

/**
 * Checks the {@code dispatch.*} properties before anything starts, so that a value that
 * cannot work fails start-up with the property's name and the fix.
 *
 * @author Dispatch team
 */
final class DispatchPropertiesValidator {

	private static final String KUBERNETES = "dispatch.pubsub.kubernetes.";

	private static final Pattern OUTBOUND_PORTS = Pattern.compile("^(\\d{1,5})(\\s*-\\s*(\\d{1,5}))?$");

	private static final Pattern MEMBER = Pattern
		.compile("^(\\[[0-9a-fA-F:.]+]|[^:\\s\\[\\]]+|[0-9a-fA-F:]+)(:(\\d{1,5}))?$");

	private DispatchPropertiesValidator() {
	}

	/**
	 * Check the message port, which is bound even for a member configured by the
	 * application.
	 * @param pubSub the properties
	 */
	static void validateMessagePort(DispatchPubSubProperties pubSub) {
		if (pubSub.getMessagePort() < -1 || pubSub.getMessagePort() > 65535) {
			throw invalid("dispatch.pubsub.message-port", pubSub.getMessagePort(),
					"a port must be between 0 and 65535, or -1 for none",
					"Set a free port, for example 5801, 0 for any free port, or -1 to send messages over "
							+ "Hazelcast's topics.");
		}
	}

	static void validate(DispatchPubSubProperties pubSub) {
		if (pubSub.getName() == null || pubSub.getName().isBlank()) {
			throw invalid("dispatch.pubsub.name", pubSub.getName(), "the cluster name must not be blank",
					"Set a name that all nodes of the cluster share, for example 'dispatch'.");
		}
		if (pubSub.getPort() < 0 || pubSub.getPort() > 65535) {
			throw invalid("dispatch.pubsub.port", pubSub.getPort(), "a port must be between 0 and 65535",
					"Set a free port, for example 5701, or 0 for any free port.");
		}
		validateMessagePort(pubSub);
		if (pubSub.getInterface() != null && pubSub.getInterface().isBlank()) {
			throw invalid("dispatch.pubsub.interface", pubSub.getInterface(), "the interface must not be blank",
					"Set the address of the interface to bind, for example 127.0.0.1 or 10.0.*.*.");
		}
		for (String member : pubSub.getMembers()) {
			var matcher = MEMBER.matcher((member != null) ? member.trim() : "");
			if (!matcher.matches() || (matcher.group(3) != null && !isPort(matcher.group(3)))) {
				throw invalid("dispatch.pubsub.members", member,
						"a member must be host or host:port with a port " + "between 1 and 65535",
						"Set each member as host or host:port, like 127.0.0.1 or 10.0.0.5:5701.");
			}
		}
		validateJoinGracePeriod(pubSub);
		for (String ports : pubSub.getOutboundPorts()) {
			var matcher = OUTBOUND_PORTS.matcher((ports != null) ? ports.trim() : "");
			if (!matcher.matches() || !isPort(matcher.group(1))
					|| (matcher.group(3) != null && (!isPort(matcher.group(3))
							|| Integer.parseInt(matcher.group(3)) < Integer.parseInt(matcher.group(1))))) {
				throw invalid("dispatch.pubsub.outbound-ports", ports,
						"each entry must be a port or a range of " + "ports between 1 and 65535, lowest first",
						"Set ports like 33000 or 33000-33100.");
			}
		}
		if (pubSub.getKubernetes().isEnabled()) {
			validateKubernetes(pubSub);
		}
	}

	static void validateJoinGracePeriod(DispatchPubSubProperties pubSub) {
		requirePositive("dispatch.pubsub.join-grace-period", pubSub.getJoinGracePeriod(), "for example 30s");
	}

	private static void validateKubernetes(DispatchPubSubProperties pubSub) {
		DispatchKubernetesProperties kubernetes = pubSub.getKubernetes();
		if (pubSub.getPort() == 0) {
			throw invalid("dispatch.pubsub.port", 0, "on Kubernetes the other pods must know the port to reach",
					"Set the port that every node listens on, for example 5701.");
		}
		if (pubSub.isMulticast()) {
			throw invalid("dispatch.pubsub.multicast", true, "multicast cannot be used with discovery on Kubernetes",
					"Set dispatch.pubsub.multicast=false, or dispatch.pubsub.kubernetes.enabled=false.");
		}
		String apiMode = firstSet(KUBERNETES + "service-name", kubernetes.getServiceName(),
				KUBERNETES + "service-label-name", kubernetes.getServiceLabelName(), KUBERNETES + "pod-label-name",
				kubernetes.getPodLabelName());
		if (!hasText(kubernetes.getServiceDns()) && apiMode == null) {
			throw invalid(KUBERNETES + "service-dns", kubernetes.getServiceDns(),
					"discovery on Kubernetes needs the service whose pods are the cluster's nodes",
					"Set " + KUBERNETES + "service-dns to the DNS name of a headless Service (for example "
							+ "dispatch.default.svc.cluster.local), or " + KUBERNETES
							+ "service-name to find its pods through the Kubernetes API.");
		}
		if (hasText(kubernetes.getServiceDns()) && apiMode != null) {
			throw invalid(KUBERNETES + "service-dns", kubernetes.getServiceDns(),
					"a DNS lookup cannot be combined with " + apiMode + ", which looks the pods up through the "
							+ "Kubernetes API",
					"Set either " + KUBERNETES + "service-dns or " + apiMode + ", not both.");
		}
		requireAlone(KUBERNETES + "service-name", kubernetes.getServiceName(), KUBERNETES + "service-label-name",
				kubernetes.getServiceLabelName());
		requireAlone(KUBERNETES + "service-name", kubernetes.getServiceName(), KUBERNETES + "pod-label-name",
				kubernetes.getPodLabelName());
		requireAlone(KUBERNETES + "service-label-name", kubernetes.getServiceLabelName(), KUBERNETES + "pod-label-name",
				kubernetes.getPodLabelName());
		requireSameCount("service-label", kubernetes.getServiceLabelName(), kubernetes.getServiceLabelValue());
		requireSameCount("pod-label", kubernetes.getPodLabelName(), kubernetes.getPodLabelValue());
		Duration timeout = kubernetes.getServiceDnsTimeout();
		if (timeout == null || timeout.compareTo(Duration.ofSeconds(1)) < 0 || timeout.toMillisPart() != 0) {
			throw invalid(KUBERNETES + "service-dns-timeout", timeout, "the timeout must be whole seconds, at least 1s",
					"Set a duration such as 5s.");
		}
		if (kubernetes.getServicePort() < 0 || kubernetes.getServicePort() > 65535) {
			throw invalid(KUBERNETES + "service-port", kubernetes.getServicePort(),
					"a port must be between 0 and 65535",
					"Set the port of the members behind the service, or 0 for dispatch.pubsub.port.");
		}
		if (kubernetes.getKubernetesApiRetries() < 0) {
			throw invalid(KUBERNETES + "kubernetes-api-retries", kubernetes.getKubernetesApiRetries(),
					"the number of retries must not be negative", "Set 0 or more, for example 3.");
		}
	}

	private static @Nullable String firstSet(String... namesAndValues) {
		for (int i = 0; i < namesAndValues.length; i += 2) {
			if (hasText(namesAndValues[i + 1])) {
				return namesAndValues[i];
			}
		}
		return null;
	}

	private static void requireAlone(String property, @Nullable String value, String otherProperty,
			@Nullable String otherValue) {
		if (hasText(value) && hasText(otherValue)) {
			throw invalid(otherProperty, otherValue, "it cannot be combined with " + property,
					"Set either " + property + " or " + otherProperty + ", not both.");
		}
	}

	private static void requireSameCount(String label, @Nullable String names, @Nullable String values) {
		if (hasText(names) && hasText(values) && names.split(",", -1).length != values.split(",", -1).length) {
			throw invalid(KUBERNETES + label + "-value", values,
					"it must have as many comma-separated values as " + KUBERNETES + label + "-name has names",
					"Set one value for each name, in the same order.");
		}
	}

	private static boolean hasText(@Nullable String value) {
		return value != null && !value.isBlank();
	}

	static void validate(DispatchRegistryProperties registry) {
		requirePositive("dispatch.registry.broadcast-period", registry.getBroadcastPeriod(), "for example 500ms");
		if (registry.getBroadcastPeriod().compareTo(Duration.ofMillis(1)) < 0) {
			throw invalid("dispatch.registry.broadcast-period", registry.getBroadcastPeriod(),
					"the period must be at least 1ms", "Set a period such as 500ms.");
		}
		if (registry.getMaxSilentPeriods() < 1) {
			throw invalid("dispatch.registry.max-silent-periods", registry.getMaxSilentPeriods(),
					"at least one period of silence must be allowed", "Set a count of 1 or more, for example 3.");
		}
		requirePositive("dispatch.registry.call-timeout", registry.getCallTimeout(), "for example 5s");
		requirePositive("dispatch.registry.handoff-timeout", registry.getHandoffTimeout(), "for example 5s");
		if (registry.getShutdownDrain() == null || registry.getShutdownDrain().isNegative()) {
			throw invalid("dispatch.registry.shutdown-drain", registry.getShutdownDrain(),
					"the drain must not be negative", "Set a duration of 0s or more, for example 10s.");
		}
		if (registry.getMailboxCapacity() < 1) {
			throw invalid("dispatch.registry.mailbox-capacity", registry.getMailboxCapacity(),
					"a mailbox must hold at least one message", "Set a capacity of 1 or more, for example 10000.");
		}
		if (registry.getMaxMessageSize() == null || registry.getMaxMessageSize().toBytes() < 1
				|| registry.getMaxMessageSize().toBytes() > Integer.MAX_VALUE) {
			throw invalid("dispatch.registry.max-message-size", registry.getMaxMessageSize(),
					"the size must be between 1B and 2GB", "Set a size such as 1MB.");
		}
	}

	static void validate(DispatchRoutingProperties routing) {
		requireBalanceFactor("dispatch.routing.balance-factor", routing.getBalanceFactor());
		routing.getTypes()
			.forEach((type, settings) -> requireBalanceFactor("dispatch.routing.types." + type + ".balance-factor",
					settings.getBalanceFactor()));
	}

	private static void requireBalanceFactor(String property, @Nullable Double factor) {
		if (factor != null && !BalanceFactors.isValid(factor)) {
			throw invalid(property, factor, "a balance factor must be a finite number of at least 1",
					"Set a factor such as 1.25, or remove the property to send every key to its owner.");
		}
	}

	private static void requirePositive(String property, @Nullable Duration value, String example) {
		if (value == null || value.isNegative() || value.isZero()) {
			throw invalid(property, value, "the duration must be positive",
					"Set a positive duration, " + example + ".");
		}
	}

	private static boolean isPort(String text) {
		int port = Integer.parseInt(text);
		return port >= 1 && port <= 65535;
	}

	private static InvalidDispatchPropertyException invalid(String property, @Nullable Object value, String reason,
			String action) {
		return new InvalidDispatchPropertyException(property, value, reason, action);
	}

}
