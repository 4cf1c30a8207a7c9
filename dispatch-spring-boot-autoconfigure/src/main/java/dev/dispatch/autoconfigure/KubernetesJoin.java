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

import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.KubernetesConfig;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.StringUtils;

/**
 * Turns on Hazelcast's Kubernetes join from the {@code dispatch.pubsub.kubernetes.*}
 * properties, in place of the member list and multicast, and chooses the address a node
 * binds there.
 *
 * @author Dispatch team
 */
final class KubernetesJoin {

	private static final Log logger = LogFactory.getLog(KubernetesJoin.class);

	private KubernetesJoin() {
	}

	/**
	 * Return the address to bind: {@code dispatch.pubsub.interface} when set, else
	 * loopback, or the pod's address when discovery on Kubernetes is on.
	 * @param properties the properties
	 * @return the address or pattern to bind
	 */
	static String bindAddress(DispatchPubSubProperties properties) {
		String configured = properties.getInterface();
		if (configured != null) {
			return configured.trim();
		}
		if (!properties.getKubernetes().isEnabled()) {
			return "127.0.0.1";
		}
		InetAddress address = PodAddress.find()
			.orElseThrow(() -> new InvalidDispatchPropertyException("dispatch.pubsub.interface", null,
					"discovery on Kubernetes binds the pod's address, but no network interface other than "
							+ "loopback has one",
					"Set the address of the interface to bind, for example 10.0.0.5 or 10.*.*.*."));
		logger.info("Discovery on Kubernetes: binding the pod's address " + PodAddress.text(address)
				+ " (set dispatch.pubsub.interface to bind another)");
		return PodAddress.text(address);
	}

	/**
	 * Find the other nodes on Kubernetes, and by nothing else.
	 * @param join the join configuration of the member
	 * @param properties the properties, with discovery on Kubernetes on
	 */
	static void configure(JoinConfig join, DispatchPubSubProperties properties) {
		DispatchKubernetesProperties kubernetes = properties.getKubernetes();
		join.getMulticastConfig().setEnabled(false);
		join.getTcpIpConfig().setEnabled(false);
		KubernetesConfig config = join.getKubernetesConfig().setEnabled(true);
		set(config, "service-dns", kubernetes.getServiceDns());
		set(config, "service-dns-timeout", Long.toString(kubernetes.getServiceDnsTimeout().toSeconds()));
		set(config, "namespace", kubernetes.getNamespace());
		set(config, "service-name", kubernetes.getServiceName());
		int servicePort = (kubernetes.getServicePort() != 0) ? kubernetes.getServicePort() : properties.getPort();
		set(config, "service-port", Integer.toString(servicePort));
		set(config, "service-label-name", kubernetes.getServiceLabelName());
		set(config, "service-label-value", kubernetes.getServiceLabelValue());
		set(config, "pod-label-name", kubernetes.getPodLabelName());
		set(config, "pod-label-value", kubernetes.getPodLabelValue());
		if (!StringUtils.hasText(kubernetes.getServiceDns())) {
			set(config, "resolve-not-ready-addresses", Boolean.toString(kubernetes.isResolveNotReadyAddresses()));
			set(config, "kubernetes-master", kubernetes.getKubernetesMaster());
			set(config, "api-token", kubernetes.getApiToken());
			set(config, "ca-certificate", kubernetes.getCaCertificate());
			set(config, "kubernetes-api-retries", Integer.toString(kubernetes.getKubernetesApiRetries()));
		}
	}

	private static void set(KubernetesConfig config, String name, @Nullable String value) {
		if (StringUtils.hasText(value)) {
			config.setProperty(name, value.trim());
		}
	}

}
