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
import java.time.temporal.ChronoUnit;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.convert.DurationUnit;

/**
 * Configuration properties of discovery on Kubernetes,
 * {@code dispatch.pubsub.kubernetes.*}: the nodes are the pods behind a Kubernetes
 * Service, found either by a DNS lookup of a headless Service ({@code service-dns}) or
 * through the Kubernetes API ({@code service-name}, {@code service-label-name} or
 * {@code pod-label-name}). The settings are those of Hazelcast's own Kubernetes join,
 * with its meaning. With discovery on Kubernetes, a node binds its pod's address unless
 * {@code dispatch.pubsub.interface} names another, and the member list and multicast do
 * not apply.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
public class DispatchKubernetesProperties {

	/**
	 * Whether to find the other nodes on Kubernetes, by the DNS name of a headless
	 * Service or through the Kubernetes API, instead of the member list.
	 */
	private boolean enabled = false;

	/**
	 * DNS name of the headless Service whose addresses are the cluster's pods, for
	 * example dispatch.default.svc.cluster.local (DNS mode). Give the Service
	 * publishNotReadyAddresses: true so that pods find each other while they start.
	 */
	private @Nullable String serviceDns;

	/**
	 * How long one DNS lookup of the service may take, in whole seconds (DNS mode).
	 */
	@DurationUnit(ChronoUnit.SECONDS)
	private Duration serviceDnsTimeout = Duration.ofSeconds(5);

	/**
	 * Namespace of the pods (API mode); by default the KUBERNETES_NAMESPACE environment
	 * variable, else the namespace of the pod's service account.
	 */
	private @Nullable String namespace;

	/**
	 * Name of the Service whose endpoints are the cluster's pods (API mode).
	 */
	private @Nullable String serviceName;

	/**
	 * Port of the members behind the Service; 0 for dispatch.pubsub.port, the port every
	 * node of the cluster listens on.
	 */
	private int servicePort = 0;

	/**
	 * Label, or comma-separated labels, that the Services of the cluster carry, instead
	 * of a service name (API mode).
	 */
	private @Nullable String serviceLabelName;

	/**
	 * Value, or comma-separated values, of the service labels; "true" when not set.
	 */
	private @Nullable String serviceLabelValue;

	/**
	 * Label, or comma-separated labels, that the cluster's pods carry, instead of a
	 * service (API mode).
	 */
	private @Nullable String podLabelName;

	/**
	 * Value, or comma-separated values, of the pod labels.
	 */
	private @Nullable String podLabelValue;

	/**
	 * Whether the addresses of pods that are not ready count as members too (API mode).
	 */
	private boolean resolveNotReadyAddresses = true;

	/**
	 * Address of the Kubernetes API server (API mode).
	 */
	private String kubernetesMaster = "https://kubernetes.default.svc";

	/**
	 * Token to call the Kubernetes API with (API mode); by default the token of the pod's
	 * service account.
	 */
	private @Nullable String apiToken;

	/**
	 * CA certificate, in PEM, that the Kubernetes API server's certificate is checked
	 * against (API mode); by default the pod's service account's.
	 */
	private @Nullable String caCertificate;

	/**
	 * How many times a failed call to the Kubernetes API is retried (API mode).
	 */
	private int kubernetesApiRetries = 3;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable String getServiceDns() {
		return this.serviceDns;
	}

	public void setServiceDns(@Nullable String serviceDns) {
		this.serviceDns = serviceDns;
	}

	public Duration getServiceDnsTimeout() {
		return this.serviceDnsTimeout;
	}

	public void setServiceDnsTimeout(Duration serviceDnsTimeout) {
		this.serviceDnsTimeout = serviceDnsTimeout;
	}

	public @Nullable String getNamespace() {
		return this.namespace;
	}

	public void setNamespace(@Nullable String namespace) {
		this.namespace = namespace;
	}

	public @Nullable String getServiceName() {
		return this.serviceName;
	}

	public void setServiceName(@Nullable String serviceName) {
		this.serviceName = serviceName;
	}

	public int getServicePort() {
		return this.servicePort;
	}

	public void setServicePort(int servicePort) {
		this.servicePort = servicePort;
	}

	public @Nullable String getServiceLabelName() {
		return this.serviceLabelName;
	}

	public void setServiceLabelName(@Nullable String serviceLabelName) {
		this.serviceLabelName = serviceLabelName;
	}

	public @Nullable String getServiceLabelValue() {
		return this.serviceLabelValue;
	}

	public void setServiceLabelValue(@Nullable String serviceLabelValue) {
		this.serviceLabelValue = serviceLabelValue;
	}

	public @Nullable String getPodLabelName() {
		return this.podLabelName;
	}

	public void setPodLabelName(@Nullable String podLabelName) {
		this.podLabelName = podLabelName;
	}

	public @Nullable String getPodLabelValue() {
		return this.podLabelValue;
	}

	public void setPodLabelValue(@Nullable String podLabelValue) {
		this.podLabelValue = podLabelValue;
	}

	public boolean isResolveNotReadyAddresses() {
		return this.resolveNotReadyAddresses;
	}

	public void setResolveNotReadyAddresses(boolean resolveNotReadyAddresses) {
		this.resolveNotReadyAddresses = resolveNotReadyAddresses;
	}

	public String getKubernetesMaster() {
		return this.kubernetesMaster;
	}

	public void setKubernetesMaster(String kubernetesMaster) {
		this.kubernetesMaster = kubernetesMaster;
	}

	public @Nullable String getApiToken() {
		return this.apiToken;
	}

	public void setApiToken(@Nullable String apiToken) {
		this.apiToken = apiToken;
	}

	public @Nullable String getCaCertificate() {
		return this.caCertificate;
	}

	public void setCaCertificate(@Nullable String caCertificate) {
		this.caCertificate = caCertificate;
	}

	public int getKubernetesApiRetries() {
		return this.kubernetesApiRetries;
	}

	public void setKubernetesApiRetries(int kubernetesApiRetries) {
		this.kubernetesApiRetries = kubernetesApiRetries;
	}

}
