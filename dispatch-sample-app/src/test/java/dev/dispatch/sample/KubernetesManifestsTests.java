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

package dev.dispatch.sample;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import dev.dispatch.autoconfigure.DispatchKubernetesProperties;
import dev.dispatch.autoconfigure.DispatchPubSubProperties;
import dev.dispatch.autoconfigure.DispatchRegistryProperties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks the Kubernetes manifests of {@code docs/kubernetes}: each file parses as YAML
 * into resources with a kind and a name, and they fit together and with the application:
 * the Services select the Deployment's pods and name its ports, its environment binds to
 * the {@code dispatch.*} properties that the guide says, its probes are Spring Boot's,
 * and its grace period outlasts the shutdown drain.
 *
 * @author Dispatch team
 */
class KubernetesManifestsTests {

	private static final Path MANIFESTS = Path.of("..", "docs", "kubernetes");

	private static final Map<String, Map<String, Object>> resources = new LinkedHashMap<>();

	private static Map<String, Object> apiModePatch;

	@BeforeAll
	static void parseEveryManifest() throws IOException {
		List<Path> files;
		try (Stream<Path> listing = Files.list(MANIFESTS)) {
			files = listing.filter((file) -> file.toString().endsWith(".yaml")).sorted().toList();
		}
		assertThat(files).extracting((file) -> file.getFileName().toString())
			.contains("headless-service.yaml", "service.yaml", "deployment.yaml", "rbac.yaml", "api-mode-patch.yaml",
					"network-policy.yaml");
		for (Path file : files) {
			try (Reader reader = Files.newBufferedReader(file)) {
				for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(reader)) {
					Map<String, Object> resource = map(document);
					if (file.getFileName().toString().equals("api-mode-patch.yaml")) {
						apiModePatch = resource;
						continue;
					}
					assertThat(resource).as("a resource of %s", file).containsKeys("apiVersion", "kind", "metadata");
					String name = (String) map(resource.get("metadata")).get("name");
					assertThat(name).as("name of a resource of %s", file).isNotBlank();
					resources.put(resource.get("kind") + "/" + name, resource);
				}
			}
		}
	}

	@Test
	void theHeadlessServiceListsEveryPodOfTheDeploymentReadyOrNot() {
		Map<String, Object> spec = map(resource("Service/dispatch-uploader-members").get("spec"));
		assertThat(spec).containsEntry("clusterIP", "None").containsEntry("publishNotReadyAddresses", true);
		assertThat(spec.get("selector")).isEqualTo(podLabels());
		assertThat(list(spec.get("ports"))).singleElement()
			.satisfies((port) -> assertThat(map(port)).containsEntry("port", 5701)
				.containsEntry("targetPort", "hazelcast"));
		assertThat(containerPorts()).containsEntry("hazelcast", 5701)
			.containsEntry("messages", 5801)
			.containsEntry("http", 8080);
		Map<String, Object> http = map(resource("Service/dispatch-uploader").get("spec"));
		assertThat(http.get("selector")).isEqualTo(podLabels());
		assertThat(list(http.get("ports"))).singleElement()
			.satisfies((port) -> assertThat(map(port)).containsEntry("targetPort", "http"));
	}

	@Test
	void theDeploymentsEnvironmentTurnsOnDnsModeWithTheHeadlessServicesName() {
		Map<String, String> environment = new LinkedHashMap<>();
		for (Object variable : list(container().get("env"))) {
			Map<String, Object> entry = map(variable);
			if (entry.containsKey("value")) {
				environment.put((String) entry.get("name"),
						((String) entry.get("value")).replace("$(POD_NAMESPACE)", "shop"));
			}
		}
		StandardEnvironment spring = new StandardEnvironment();
		spring.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
					StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.copyOf(environment)));
		DispatchPubSubProperties pubSub = Binder.get(spring)
			.bindOrCreate("dispatch.pubsub", DispatchPubSubProperties.class);
		DispatchKubernetesProperties kubernetes = pubSub.getKubernetes();
		assertThat(pubSub.getName()).isEqualTo("uploader");
		assertThat(pubSub.getInterface()).as("bound by the pod's address").isNull();
		assertThat(kubernetes.isEnabled()).isTrue();
		assertThat(kubernetes.getServiceDns()).isEqualTo("dispatch-uploader-members.shop.svc.cluster.local");
		assertThat(kubernetes.getServiceName()).isNull();
		assertThat(env("DISPATCH_SECURITY_SECRET")).extracting("valueFrom")
			.satisfies(
					(from) -> assertThat(map(map(from).get("secretKeyRef"))).containsEntry("name", "dispatch-uploader")
						.containsEntry("key", "secret"));
		assertThat(env("POD_NAMESPACE")).extracting("valueFrom")
			.satisfies((from) -> assertThat(map(map(from).get("fieldRef"))).containsEntry("fieldPath",
					"metadata.namespace"));
	}

	@Test
	void probesAreSpringBootsAndTheGracePeriodOutlastsTheShutdownDrain() {
		Map<String, Object> container = container();
		assertThat(probePath(container, "startupProbe")).isEqualTo("/actuator/health/liveness");
		assertThat(probePath(container, "livenessProbe")).isEqualTo("/actuator/health/liveness");
		assertThat(probePath(container, "readinessProbe")).isEqualTo("/actuator/health/readiness");
		int preStop = (int) map(map(map(container.get("lifecycle")).get("preStop")).get("sleep")).get("seconds");
		Duration webShutdown = Duration.ofSeconds(30);
		Duration drain = new DispatchRegistryProperties().getShutdownDrain();
		int grace = (int) podSpec().get("terminationGracePeriodSeconds");
		assertThat(Duration.ofSeconds(grace)).isGreaterThan(drain.plus(webShutdown).plusSeconds(preStop));
		Map<String, Object> resources = map(container.get("resources"));
		assertThat(map(resources.get("requests"))).containsKeys("cpu", "memory");
		assertThat(map(resources.get("limits"))).containsEntry("memory", "512Mi");
		assertThat(podSpec()).containsEntry("automountServiceAccountToken", false);
	}

	@Test
	void apiModeReadsTheServicesPodsWithAServiceAccountThatMayListThem() {
		Map<String, Object> patchSpec = map(map(map(apiModePatch.get("spec")).get("template")).get("spec"));
		assertThat(patchSpec).containsEntry("serviceAccountName", "dispatch-uploader")
			.containsEntry("automountServiceAccountToken", true);
		assertThat(resources).containsKey("ServiceAccount/dispatch-uploader");
		List<Object> patchEnv = list(map(list(patchSpec.get("containers")).get(0)).get("env"));
		assertThat(map(list(patchSpec.get("containers")).get(0))).containsEntry("name", container().get("name"));
		assertThat(patchEnv).anySatisfy(
				(variable) -> assertThat(map(variable)).containsEntry("name", "DISPATCH_PUBSUB_KUBERNETES_SERVICENAME")
					.containsEntry("value", "dispatch-uploader-members"));
		Map<String, Object> binding = resource("RoleBinding/dispatch-uploader-discovery");
		assertThat(map(binding.get("roleRef"))).containsEntry("kind", "Role")
			.containsEntry("name", "dispatch-uploader-discovery");
		assertThat(list(binding.get("subjects"))).singleElement()
			.satisfies((subject) -> assertThat(map(subject)).containsEntry("kind", "ServiceAccount")
				.containsEntry("name", "dispatch-uploader"));
		List<String> readable = new ArrayList<>();
		for (Object rule : list(resource("Role/dispatch-uploader-discovery").get("rules"))) {
			assertThat(list(map(rule).get("verbs"))).containsExactlyInAnyOrder("get", "list");
			list(map(rule).get("resources")).forEach((resource) -> readable.add((String) resource));
		}
		assertThat(readable).containsExactlyInAnyOrder("endpoints", "pods", "services", "endpointslices");
	}

	@Test
	void onlyTheUploadersPodsReachTheMemberPortAndTheMessagePort() {
		Map<String, Object> spec = map(resource("NetworkPolicy/dispatch-uploader-members").get("spec"));
		assertThat(map(spec.get("podSelector")).get("matchLabels")).isEqualTo(podLabels());
		Map<String, Object> members = map(list(spec.get("ingress")).get(0));
		assertThat(map(map(list(members.get("from")).get(0)).get("podSelector")).get("matchLabels"))
			.isEqualTo(podLabels());
		assertThat(list(members.get("ports"))).extracting((port) -> map(port).get("port"))
			.containsExactlyInAnyOrder(5701, 5801);
		assertThat(env("DISPATCH_PUBSUB_MESSAGEPORT")).containsEntry("value", "5801");
	}

	private static Map<String, Object> resource(String kindAndName) {
		assertThat(resources).containsKey(kindAndName);
		return resources.get(kindAndName);
	}

	private static Map<String, Object> podSpec() {
		return map(map(map(resource("Deployment/dispatch-uploader").get("spec")).get("template")).get("spec"));
	}

	private static Object podLabels() {
		Map<String, Object> deployment = map(resource("Deployment/dispatch-uploader").get("spec"));
		Object labels = map(map(deployment.get("template")).get("metadata")).get("labels");
		assertThat(map(deployment.get("selector")).get("matchLabels")).isEqualTo(labels);
		return labels;
	}

	private static Map<String, Object> container() {
		return map(list(podSpec().get("containers")).get(0));
	}

	private static Map<String, Object> env(String name) {
		return list(container().get("env")).stream()
			.map(KubernetesManifestsTests::map)
			.filter((variable) -> name.equals(variable.get("name")))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No environment variable " + name));
	}

	private static Map<String, Integer> containerPorts() {
		Map<String, Integer> ports = new LinkedHashMap<>();
		list(container().get("ports"))
			.forEach((port) -> ports.put((String) map(port).get("name"), (Integer) map(port).get("containerPort")));
		return ports;
	}

	private static String probePath(Map<String, Object> container, String probe) {
		Map<String, Object> httpGet = map(map(container.get(probe)).get("httpGet"));
		assertThat(httpGet).as(probe).containsEntry("port", "http");
		return (String) httpGet.get("path");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		assertThat(value).isInstanceOf(Map.class);
		return (Map<String, Object>) value;
	}

	@SuppressWarnings("unchecked")
	private static List<Object> list(Object value) {
		assertThat(value).isInstanceOf(List.class);
		return (List<Object>) value;
	}

}
