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

package dev.dispatch.autoconfigure.dashboard;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import dev.dispatch.DispatchRegistry;
import dev.dispatch.DispatchTemplate;
import dev.dispatch.ServiceOptions;
import dev.dispatch.ServiceRef;
import dev.dispatch.actuate.endpoint.DispatchEndpoint;
import dev.dispatch.actuate.endpoint.DispatchEndpoint.RouteDescriptor;
import dev.dispatch.test.Counter;
import dev.dispatch.test.Tally;
import dev.dispatch.test.TestCluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard page of a node of a two-node cluster, drawn by a real headless Chromium
 * (Debian's {@code chromium} package): its DOM once the page has fetched the endpoint,
 * and a screenshot saved as {@code target/dashboard/dashboard.png}. Skipped where
 * Chromium is not installed.
 *
 * @author Dispatch team
 */
@TestInstance(Lifecycle.PER_CLASS)
class DispatchDashboardIntegrationTests {

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final String KEY = "file-7.png";

	private static final Path OUTPUT = Path.of("target", "dashboard").toAbsolutePath();

	private static final Pattern ARC = Pattern
		.compile("<path class=\"arc\" data-service=\"([^\"]+)\" data-node=\"([^\"]+)\"");

	private static final Pattern ROW = Pattern
		.compile("<tr class=\"[^\"]*\" data-service=\"([^\"]+)\" data-node=\"([^\"]+)\" data-state=\"([A-Z_]+)\" "
				+ "data-share=\"([^\"]+)\"");

	private final TestCluster cluster = new TestCluster(2);

	private final List<ConfigurableApplicationContext> nodes = new ArrayList<>();

	private String url;

	@BeforeAll
	void startCluster() {
		if (!Files.isExecutable(CHROMIUM)) {
			return;
		}
		ConfigurableApplicationContext first = start(0);
		ConfigurableApplicationContext second = start(1);
		DispatchRegistry one = first.getBean(DispatchRegistry.class);
		DispatchRegistry two = second.getBean(DispatchRegistry.class);
		one.addService("files", new Counter());
		one.addService("files", new Counter());
		two.addService("files", new Counter());
		two.disableService(two.addService("files", new Counter()));
		ServiceOptions backedUp = ServiceOptions.defaults().withBackups(1);
		two.addService("tallies", new Tally(), backedUp);
		await().atMost(Duration.ofSeconds(15)).until(() -> one.getOnlineServices("tallies").size() == 1);
		DispatchTemplate template = first.getBean(DispatchTemplate.class);
		for (int i = 0; i < 40; i++) {
			template.call("tallies", "name-" + i, new Tally.Add("name-" + i), Long.class);
		}
		one.addService("tallies", new Tally(), backedUp);
		DispatchEndpoint endpoint = first.getBean(DispatchEndpoint.class);
		await().atMost(Duration.ofSeconds(15))
			.until(() -> one.getServices("files").size() == 4 && one.getOnlineServices("files").size() == 3
					&& one.getOnlineServices("tallies").size() == 2
					&& endpoint.type("tallies").getHandoffs().getOrDefault("moved", 0L) > 0);
		this.url = "http://127.0.0.1:" + ((WebServerApplicationContext) first).getWebServer().getPort()
				+ "/actuator/dispatch-dashboard?type=files&key=" + KEY;
	}

	@BeforeEach
	void needsChromium() {
		Assumptions.assumeTrue(Files.isExecutable(CHROMIUM), "Chromium is not installed at " + CHROMIUM
				+ " (apt-get install chromium): no browser to draw the dashboard");
	}

	@AfterAll
	void stopCluster() {
		this.nodes.forEach(ConfigurableApplicationContext::close);
	}

	@Test
	void pageDrawsEachTypeWithTheArcsOfBothNodesAndRoutesTheKey() throws Exception {
		String dom = chromium("--dump-dom", this.url);
		assertThat(dom).contains("data-status=\"live\"");
		DispatchEndpoint endpoint = this.nodes.get(0).getBean(DispatchEndpoint.class);
		Set<String> nodeIds = this.nodes.stream()
			.map((node) -> node.getBean(DispatchRegistry.class).getLocalNode())
			.collect(Collectors.toSet());
		for (String type : List.of("files", "tallies")) {
			String section = section(dom, type);
			assertThat(arcNodes(section)).as("nodes of the arcs of %s", type).isEqualTo(nodeIds);
			double shares = rows(section).stream().mapToDouble((row) -> Double.parseDouble(row[3])).sum();
			assertThat(shares).as("shares of %s", type).isCloseTo(1.0, within(1e-6));
		}
		assertThat(rows(section(dom, "files"))).hasSize(4)
			.filteredOn((row) -> row[2].equals("OFFLINE"))
			.singleElement()
			.satisfies((row) -> assertThat(Double.parseDouble(row[3])).isZero());
		assertThat(section(dom, "tallies")).containsPattern("data-stat=\"handoffs\" data-outcome=\"moved\"")
			.contains("backup lag");
		RouteDescriptor route = endpoint.route("files", KEY);
		assertThat(route).isNotNull();
		Matcher box = Pattern.compile("<div id=\"route\"[^>]*>").matcher(dom);
		assertThat(box.find()).as("route box").isTrue();
		assertThat(box.group()).contains("data-key=\"" + KEY + "\"")
			.contains("data-owner=\"" + route.getOwner().id() + "\"")
			.contains("data-replicas=\""
					+ route.getReplicas().stream().map(ServiceRef::id).collect(Collectors.joining(" ")) + "\"");
	}

	@Test
	void screenshotOfThePageIsSavedInTheBuildOutput() throws Exception {
		Path screenshot = OUTPUT.resolve("dashboard.png");
		Files.deleteIfExists(screenshot);
		chromium("--screenshot=" + screenshot, "--window-size=1280,900", "--hide-scrollbars", this.url);
		assertThat(screenshot).isRegularFile();
		byte[] png = Files.readAllBytes(screenshot);
		assertThat(Arrays.copyOf(png, 8)).containsExactly(0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n');
		assertThat(png.length).isGreaterThan(20_000);
	}

	private ConfigurableApplicationContext start(int index) {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(WebNode.class)
			.web(WebApplicationType.SERVLET)
			.logStartupInfo(false)
			.properties(this.cluster.properties(index))
			.properties("server.port=0", "server.address=127.0.0.1",
					"management.endpoints.web.exposure.include=health,dispatch", "dispatch.dashboard.enabled=true")
			.run();
		this.nodes.add(context);
		return context;
	}

	/**
	 * Run Chromium headless on a fresh profile, and return what it prints; its log, with
	 * the page's console, goes to {@code target/dashboard/chromium.log}.
	 */
	private static String chromium(String... arguments) throws IOException, InterruptedException {
		Files.createDirectories(OUTPUT);
		Path profile = Files.createTempDirectory("dispatch-dashboard-chromium");
		Path out = Files.createTempFile("dispatch-dashboard", ".out");
		try {
			List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox",
					"--disable-gpu", "--disable-quic", "--no-first-run", "--no-proxy-server",
					"--disable-background-networking", "--disable-component-update", "--disable-sync",
					"--enable-logging=stderr", "--user-data-dir=" + profile, "--virtual-time-budget=5000"));
			command.addAll(List.of(arguments));
			Process process = new ProcessBuilder(command).redirectOutput(out.toFile())
				.redirectError(ProcessBuilder.Redirect.appendTo(OUTPUT.resolve("chromium.log").toFile()))
				.start();
			if (!process.waitFor(60, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				process.waitFor(10, TimeUnit.SECONDS);
				throw new AssertionError("Chromium did not finish within 60 s: " + command);
			}
			assertThat(process.exitValue()).as("exit code of %s", command).isZero();
			return Files.readString(out, StandardCharsets.UTF_8);
		}
		finally {
			Files.deleteIfExists(out);
			try (Stream<Path> files = Files.walk(profile)) {
				files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
			}
		}
	}

	private static String section(String dom, String type) {
		int start = dom.indexOf("<section class=\"type\" data-type=\"" + type + "\"");
		assertThat(start).as("section of %s", type).isNotNegative();
		int end = dom.indexOf("</section>", start);
		return dom.substring(start, end);
	}

	private static Set<String> arcNodes(String section) {
		Set<String> nodes = new HashSet<>();
		Matcher matcher = ARC.matcher(section);
		while (matcher.find()) {
			nodes.add(matcher.group(2));
		}
		return nodes;
	}

	private static List<String[]> rows(String section) {
		List<String[]> rows = new ArrayList<>();
		Matcher matcher = ROW.matcher(section);
		while (matcher.find()) {
			rows.add(new String[] { matcher.group(1), matcher.group(2), matcher.group(3), matcher.group(4) });
		}
		return rows;
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class WebNode {

	}

}
