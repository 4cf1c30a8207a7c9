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
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiPredicate;
import java.util.stream.Collectors;

import com.hazelcast.replicatedmap.ReplicatedMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.dispatch.messaging.NodeIds;
import dev.dispatch.registry.ClusterRegistry;
import dev.dispatch.sample.RogueMember.Captured;
import dev.dispatch.security.Channel;
import dev.dispatch.security.ClusterSeal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Three nodes of the sample, as separate processes on loopback, that share a cluster
 * secret (from {@code DISPATCH_SECURITY_SECRET}) serve uploads, downloads and counter
 * increments whose contents and names carry a marker string, through every node, while
 * hostile members come and go: a plain Hazelcast member of the test's JVM with the
 * cluster's name and no secret reads every inbox, forges batches of frames (as itself and
 * in the name of a node), copies captured batches back (as itself, and in the name of the
 * member that first published them), writes and deletes registry entries and publishes
 * heartbeats; then a fourth node with another secret joins and leaves; last, after the
 * load, a member that claims the id of a node that left puts back its entries. Each case
 * asserts what the nodes did, with the counts of {@code dispatch.security.rejected} they
 * report; a watcher reads every view throughout and the sixth case asserts that the load
 * saw no failure. It prints a table and writes it to {@code target/cluster-secret.md}.
 *
 * @author Dispatch team
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ClusterSecretIntegrationTests {

	private static final String SECRET = "cluster-secret-" + UUID.randomUUID();

	private static final String OTHER_SECRET = "another-secret-" + UUID.randomUUID();

	private static final String MARKER = "MARKER-" + UUID.randomUUID();

	private static final int WORKERS = 4;

	private static final int REPLAYS = 10;

	private static final int CAPTURES = 50;

	private static final Duration STARTUP = Duration.ofSeconds(90);

	private static final Duration PATIENCE = Duration.ofSeconds(20);

	private static final Duration POLL = Duration.ofMillis(100);

	private static final String ENTRY = Channel.SERVICE_ENTRY.tag();

	private static final String HEARTBEAT = Channel.HEARTBEAT.tag();

	private static final String REPUBLISH = Channel.REPUBLISH.tag();

	private static final String ALL = "all";

	private static final List<String> KINDS = List.of(ClusterSeal.FRAMES, ENTRY, HEARTBEAT, REPUBLISH,
			Channel.WEB_ADDRESS.tag());

	private static final List<String> REASONS = List.of(ClusterSeal.MALFORMED, ClusterSeal.UNAUTHENTICATED,
			ClusterSeal.REPLAYED, ClusterSeal.EXPIRED);

	private static final SampleCluster cluster = new SampleCluster("secret", 4);

	private static final MarkedLoad load = new MarkedLoad(MARKER, 40);

	private static final ViewWatch watch = new ViewWatch();

	private static final Map<String, String> table = new LinkedHashMap<>();

	private static List<SampleNode> nodes;

	private static List<String> nodeIds;

	private static Map<String, Set<String>> authentic;

	private static RogueMember rogue;

	@BeforeAll
	static void startThreeNodesWithTheSecretUnderLoad() {
		for (int index = 0; index < 3; index++) {
			// over Hazelcast's topics, where a member can capture what nodes send each
			// other
			cluster.start(index, Map.of(SampleCluster.SECRET, SECRET, SampleCluster.MESSAGE_PORT, "-1"));
		}
		nodes = List.of(cluster.node(0), cluster.node(1), cluster.node(2));
		SampleCluster.awaitServing(nodes, STARTUP);
		List<JsonNode> views = nodes.stream().map(ClusterSecretIntegrationTests::view).toList();
		nodeIds = views.stream().map((view) -> view.path("node").asString()).toList();
		authentic = SampleCluster.servicesOf(views.get(0));
		nodes.forEach(load::addToRotation);
		load.phase("3 nodes");
		load.start(WORKERS);
		watch.start(nodes, authentic);
	}

	@AfterAll
	static void stopEverything() throws IOException {
		try {
			load.stop();
			watch.stop();
			if (rogue != null) {
				rogue.close();
			}
		}
		finally {
			cluster.close();
		}
		StringBuilder text = new StringBuilder();
		text.append(String.format("| %-60s | %-90s |%n", "case", "what the three nodes did"));
		text.append(String.format("|%s|%s|%n", "-".repeat(62), "-".repeat(92)));
		table.forEach((name, value) -> text.append(String.format("| %-60s | %-90s |%n", name, value)));
		System.out.println("[cluster-secret] " + WORKERS + " client threads, marker " + MARKER + "\n" + text);
		Files.writeString(Path.of("target", "cluster-secret.md"), text);
	}

	@Test
	@Order(1)
	void nodesThatShareTheSecretServeEachOtherAndRefuseNothing() {
		load.awaitMoreRequests(300);
		for (SampleNode node : nodes) {
			assertThat(counts(node)).as("refusals of %s", node).isEmpty();
		}
		assertThat(load.failuresByCause()).as("failed requests").isEmpty();
		table.put("3 nodes with the secret, under load", load.requests() + " requests, 0 refused by any node");
	}

	@Test
	@Order(2)
	void aRogueMemberCapturesInboxBytesInWhichTheMarkerNeverAppears() {
		load.phase("rogue member");
		long uploads = load.uploadsAcknowledged();
		RogueMember member = rogue();
		await().atMost(PATIENCE)
			.pollInterval(POLL)
			.until(() -> nodeIds.stream().allMatch((node) -> member.captured(node).size() >= CAPTURES)
					&& load.uploadsAcknowledged() >= uploads + 50);
		List<Captured> captured = nodeIds.stream().flatMap((node) -> member.captured(node).stream()).toList();
		long bytes = captured.stream().mapToLong((batch) -> batch.bytes().length).sum();
		assertThat(captured).as("batches captured").isNotEmpty().allSatisfy((batch) -> {
			String text = new String(batch.bytes(), StandardCharsets.ISO_8859_1);
			assertThat(text).doesNotContain(MARKER).doesNotContain(Upload.class.getPackageName());
		});
		table.put("rogue member (no secret) listens to every inbox topic",
				String.format(
						"it captured %d batches (%d bytes) while %d uploads were acknowledged; "
								+ "marker and class names found: 0",
						captured.size(), bytes, load.uploadsAcknowledged() - uploads));
	}

	@Test
	@Order(3)
	void framesThatARogueMemberForgesOrCopiesRunNoHandlerAndAreCounted() {
		load.phase("rogue member");
		RogueMember member = rogue();
		await().atMost(PATIENCE)
			.pollInterval(POLL)
			.until(() -> nodeIds.stream().allMatch((node) -> member.captured(node).size() >= REPLAYS));
		List<Map<String, Long>> before = nodes.stream().map(ClusterSecretIntegrationTests::counts).toList();
		List<Map<String, Long>> expected = nodes.stream()
			.map((node) -> (Map<String, Long>) new HashMap<String, Long>())
			.toList();
		List<String> counters = new ArrayList<>();
		List<String> files = new ArrayList<>();
		int[] cross = new int[3];
		for (int index = 0; index < 3; index++) {
			String node = nodeIds.get(index);
			JsonNode view = view(nodes.get(index));
			String counterService = SampleCluster.serviceOf(view, CountersController.TYPE, node);
			String uploader = SampleCluster.serviceOf(view, FilesController.TYPE, node);
			String counter = SampleCluster.keyOwnedBy(nodes.get(index), CountersController.TYPE, counterService,
					"rogue-" + UUID.randomUUID());
			String file = SampleCluster.keyOwnedBy(nodes.get(index), FilesController.TYPE, uploader,
					"rogue-" + UUID.randomUUID());
			counters.add(counter);
			files.add(file);
			List<byte[]> frames = List.of(RogueMember.cast(counterService, new Increment(counter)),
					RogueMember.cast(uploader, new Upload(file, "forged by a member without the secret")));
			String other = nodeIds.get((index + 1) % 3);
			member.publish(RogueMember.INBOX_PREFIX + node, RogueMember.batch(member.nodeId(), frames));
			member.publishAs(member.memberOf(other), RogueMember.INBOX_PREFIX + node, RogueMember.batch(other, frames));
			add(expected.get(index), ClusterSeal.FRAMES, ClusterSeal.MALFORMED, 2);
		}
		for (int index = 0; index < 3; index++) {
			String node = nodeIds.get(index);
			List<Captured> captured = member.captured(node);
			for (Captured batch : captured.subList(captured.size() - REPLAYS, captured.size())) {
				int sender = nodeIds.indexOf(NodeIds.of(batch.publisher()));
				assertThat(sender).as("node that published a captured batch").isNotNegative().isNotEqualTo(index);
				int third = 3 - index - sender;
				cross[third]++;
				member.publish(RogueMember.INBOX_PREFIX + node, batch.bytes());
				member.publishAs(batch.publisher(), RogueMember.INBOX_PREFIX + node, batch.bytes());
				member.publishAs(batch.publisher(), RogueMember.INBOX_PREFIX + nodeIds.get(third), batch.bytes());
				add(expected.get(index), ClusterSeal.FRAMES, ClusterSeal.UNAUTHENTICATED, 1);
				add(expected.get(index), ClusterSeal.FRAMES, ClusterSeal.REPLAYED, 1);
				add(expected.get(third), ClusterSeal.FRAMES, ClusterSeal.UNAUTHENTICATED, 1);
			}
		}
		awaitRefusals(before, expected);
		for (SampleNode node : nodes) {
			for (int index = 0; index < 3; index++) {
				assertThat(node.get("/counters/" + counters.get(index)).map(HttpResponse::body))
					.as("forged counter %s read through %s", counters.get(index), node)
					.contains("0");
				assertThat(node.get("/files/" + files.get(index)).map(HttpResponse::statusCode))
					.as("forged file %s read through %s", files.get(index), node)
					.contains(404);
			}
		}
		String control = controlBatchSealedWithTheSecretRuns(member);
		table.put("rogue forges a batch of casts (Increment, Upload) as itself",
				"refused: frame/malformed, 1 per node; the counter stayed 0 and the file 404 on every node");
		table.put("rogue forges the same batch in the name of another node",
				"refused: frame/malformed, 1 per node; nothing ran");
		table.put("rogue copies " + REPLAYS + " captured batches per inbox back, as itself",
				"refused: frame/unauthenticated, " + REPLAYS + " per node");
		table.put("rogue copies them back in the name of their sender (replay)",
				"refused: frame/replayed, " + REPLAYS + " per node; no increment counted twice (see the last row)");
		table.put("rogue sends them, in the name of their sender, to the third node",
				"refused: frame/unauthenticated, " + Arrays.toString(cross) + " at the three nodes");
		table.put("control: the rogue seals a cast with the secret", control);
	}

	@Test
	@Order(4)
	void entriesThatARogueMemberWritesNeverAppearAndOneItDeletesComesBack() {
		load.phase("rogue member");
		RogueMember member = rogue();
		ReplicatedMap<String, Object> entries = member.services();
		String uploader0 = SampleCluster.serviceOf(view(nodes.get(0)), FilesController.TYPE, nodeIds.get(0));
		String uploader1 = SampleCluster.serviceOf(view(nodes.get(0)), FilesController.TYPE, nodeIds.get(1));
		String uploader2 = SampleCluster.serviceOf(view(nodes.get(0)), FilesController.TYPE, nodeIds.get(2));
		Object signed = entries.get(uploader0);
		assertThat(signed).as("entry of %s in the map", uploader0).isInstanceOf(byte[].class);
		List<Map<String, Long>> before = nodes.stream().map(ClusterSecretIntegrationTests::counts).toList();
		String copied = UUID.randomUUID().toString();
		String forged = UUID.randomUUID().toString();
		entries.put(copied, signed);
		entries.put(forged, RogueMember.entry(FilesController.TYPE, forged, member.nodeId()));
		byte[] unsigned = RogueMember.entry(FilesController.TYPE, uploader1, nodeIds.get(1));
		entries.put(uploader1, unsigned);
		member.publish(ClusterRegistry.HEARTBEATS_TOPIC, member.nodeId().getBytes(StandardCharsets.UTF_8));
		member.publish(ClusterRegistry.REPUBLISH_TOPIC, member.nodeId().getBytes(StandardCharsets.UTF_8));
		List<Map<String, Long>> expected = nodes.stream()
			.map((node) -> Map.of(ENTRY + "/" + ClusterSeal.UNAUTHENTICATED, 1L, ENTRY + "/" + ClusterSeal.MALFORMED,
					2L, HEARTBEAT + "/" + ClusterSeal.MALFORMED, 1L, REPUBLISH + "/" + ClusterSeal.MALFORMED, 1L))
			.toList();
		awaitRefusals(before, expected);
		long overwritten = System.nanoTime();
		awaitAuthenticViews();
		await().atMost(PATIENCE)
			.pollInterval(POLL)
			.until(() -> entries.get(uploader1) instanceof byte[] value && value.length > unsigned.length);
		Duration rewritten = Duration.ofNanos(System.nanoTime() - overwritten);
		long deleted = System.nanoTime();
		entries.remove(uploader2);
		await().atMost(PATIENCE).pollInterval(POLL).until(() -> entries.get(uploader2) instanceof byte[]);
		awaitAuthenticViews();
		Duration back = Duration.ofNanos(System.nanoTime() - deleted);
		assertThat(watch.violations()).as("services seen in a view that no node of the cluster registered").isEmpty();
		table.put("rogue copies a signed entry under a new key",
				"refused: entry/unauthenticated, 1 per node; " + "in no view (" + watch.polls()
						+ " polls of every view so far, " + watch.violations().size() + " foreign services seen)");
		table.put("rogue puts an unsigned entry of a service on its own node",
				"refused: entry/malformed, 1 per node; in no view");
		table.put("rogue overwrites a node's entry with the same entry unsigned",
				"refused: entry/malformed, 1 per node; the owner wrote it again, back in every view in "
						+ rewritten.toMillis() + " ms");
		table.put("rogue deletes a node's entry",
				"the owner wrote it again; back in the map and in every view " + back.toMillis() + " ms later");
		table.put("rogue publishes an unsigned heartbeat and republish request",
				"refused: heartbeat/malformed and republish/malformed, 1 each per node");
	}

	@Test
	@Order(5)
	void aNodeWithAnotherSecretSeesNoneOfTheClusterAndTheClusterNoneOfIt() {
		if (rogue != null) {
			rogue.close();
			rogue = null;
		}
		load.phase("node with another secret");
		List<Map<String, Long>> before = nodes.stream().map(ClusterSecretIntegrationTests::counts).toList();
		long starting = System.nanoTime();
		SampleNode stranger = cluster.start(3, Map.of(SampleCluster.SECRET, OTHER_SECRET));
		await().atMost(STARTUP)
			.pollInterval(POLL)
			.until(() -> SampleCluster.listExactly(List.of(stranger)) && members(stranger).containsAll(nodeIds));
		Duration started = Duration.ofNanos(System.nanoTime() - starting);
		String strangerId = view(stranger).path("node").asString();
		watch.watchStranger(stranger, strangerId);
		await().atMost(PATIENCE).pollInterval(POLL).untilAsserted(() -> {
			for (int index = 0; index < 3; index++) {
				Map<String, Long> delta = delta(before.get(index), counts(nodes.get(index)));
				assertThat(delta.getOrDefault(HEARTBEAT + "/" + ClusterSeal.UNAUTHENTICATED, 0L))
					.as("heartbeats of the other node refused by %s", nodes.get(index))
					.isGreaterThanOrEqualTo(3);
				assertThat(delta.getOrDefault(ENTRY + "/" + ClusterSeal.UNAUTHENTICATED, 0L))
					.as("entries of the other node refused by %s", nodes.get(index))
					.isGreaterThanOrEqualTo(2);
			}
			assertThat(counts(stranger).getOrDefault(HEARTBEAT + "/" + ClusterSeal.UNAUTHENTICATED, 0L))
				.as("heartbeats of the cluster refused by %s", stranger)
				.isGreaterThanOrEqualTo(3);
		});
		List<Map<String, Long>> refused = new ArrayList<>();
		for (int index = 0; index < 3; index++) {
			refused.add(delta(before.get(index), counts(nodes.get(index))));
		}
		assertThat(SampleCluster.serving(nodes)).as("the three nodes list exactly each other's services").isTrue();
		assertThat(SampleCluster.listExactly(List.of(stranger))).as("the other node lists only its own services")
			.isTrue();
		// it refuses every other member and is refused: it says so, and is not ready
		await().atMost(PATIENCE).pollInterval(POLL).untilAsserted(() -> {
			HttpResponse<String> health = stranger.get("/actuator/health").orElseThrow();
			assertThat(health.statusCode()).as("health of %s", stranger).isEqualTo(503);
			assertThat(JsonMapper.shared()
				.readTree(health.body())
				.path("components")
				.path("dispatch")
				.path("details")
				.path("reason")
				.asString()).contains("dispatch.security.secret");
			assertThat(stranger.get("/actuator/health/readiness").orElseThrow().statusCode()).isEqualTo(503);
		});
		String counter = "stranger-" + UUID.randomUUID();
		for (int i = 1; i <= 3; i++) {
			assertThat(stranger.post("/counters/" + counter).map(HttpResponse::body)).contains(Long.toString(i));
		}
		int counted = busiestCounter();
		for (SampleNode node : nodes) {
			assertThat(node.get("/counters/" + counter).map(HttpResponse::body)).as("through %s", node).contains("0");
		}
		assertThat(stranger.get("/counters/" + load.counterName(counted)).map(HttpResponse::body))
			.as("a counter of the load read through the other node")
			.contains("0");
		assertThat(watch.violations()).as("services seen in a view that no node of its cluster registered").isEmpty();
		Map<String, Long> strangerRefused = counts(stranger);
		watch.watchStranger(null, null);
		int exitCode = stranger.stop();
		assertThat(exitCode).as("exit code of %s", stranger).isEqualTo(143);
		SampleCluster.awaitServing(nodes, PATIENCE);
		table.put("a 4th node with another secret joins (serving alone after " + started.toMillis() + " ms)",
				"refused its heartbeats and entries: " + refused + "; it refused theirs: " + strangerRefused
						+ "; no view ever listed a service of the other side; a counter it increments 3 times "
						+ "reads 0 through the three, theirs read 0 through it");
	}

	@Test
	@Order(6)
	void theLoadSawNoFailureAndEveryAcknowledgedFileAndIncrementIsThere() {
		load.stop();
		watch.stop();
		Map<String, String> files = load.files();
		List<String> unreadable = new ArrayList<>();
		int index = 0;
		for (Map.Entry<String, String> file : files.entrySet()) {
			SampleNode node = nodes.get(index++ % nodes.size());
			Optional<HttpResponse<String>> response = node.get("/files/" + file.getKey());
			if (response.filter((ok) -> ok.statusCode() == 200 && ok.body().equals(file.getValue())).isEmpty()) {
				unreadable.add(file.getKey() + " through " + node.label());
			}
		}
		List<String> wrong = new ArrayList<>();
		for (int counter = 0; counter < load.counters(); counter++) {
			SampleNode node = nodes.get(counter % nodes.size());
			Optional<String> value = node.get("/counters/" + load.counterName(counter)).map(HttpResponse::body);
			if (!value.equals(Optional.of(Long.toString(load.increments(counter))))) {
				wrong.add(load.counterName(counter) + "=" + value.orElse("no answer") + " (acknowledged "
						+ load.increments(counter) + ")");
			}
		}
		table.put("the load, throughout (" + WORKERS + " client threads)",
				String.format("%d requests, %d failed %s; %d files and %d increments acknowledged; "
						+ "%d files unreadable, %d counters wrong; %d polls of every view, %d foreign services seen",
						load.requests(), load.failed(), load.failuresByCause(), files.size(), load.increments(),
						unreadable.size(), wrong.size(), watch.polls(), watch.violations().size()));
		assertThat(load.failuresByCause()).as("failed requests").isEmpty();
		assertThat(unreadable).as("acknowledged files that a node does not return").isEmpty();
		assertThat(wrong).as("counters that differ from their acknowledged increments").isEmpty();
		assertThat(watch.violations()).isEmpty();
		assertThat(watch.polls()).as("polls of every view").isGreaterThan(10);
	}

	/**
	 * An entry is signed with its key but with no time, so the entries of a node that has
	 * left stay authentic. A member without the secret that recorded them and joins after
	 * the node has left, claiming its id (a member attribute anyone can set), puts them
	 * back: they must never return to a view, since that member cannot send the node's
	 * signed heartbeats.
	 */
	@Test
	@Order(7)
	void entriesOfADepartedNodeReplayedByAMemberThatClaimsItsIdNeverReturnToAView() {
		SampleNode departing = cluster.start(3, Map.of(SampleCluster.SECRET, SECRET, SampleCluster.MESSAGE_PORT, "-1"));
		List<SampleNode> four = List.of(nodes.get(0), nodes.get(1), nodes.get(2), departing);
		SampleCluster.awaitServing(four, STARTUP);
		JsonNode view = view(departing);
		String departedId = view.path("node").asString();
		Map<String, Object> recorded = new HashMap<>();
		try (RogueMember recorder = RogueMember.join(cluster.name(), cluster.clusterPorts(3))) {
			for (String type : SampleCluster.TYPES) {
				String service = SampleCluster.serviceOf(view, type, departedId);
				recorded.put(service, recorder.services().get(service));
			}
		}
		assertThat(recorded.values()).as("signed entries of %s", departing).allMatch(byte[].class::isInstance);
		assertThat(departing.stop()).as("exit code of %s", departing).isEqualTo(143);
		SampleCluster.awaitServing(nodes, PATIENCE);
		await().atMost(PATIENCE)
			.pollInterval(POLL)
			.until(() -> nodes.stream().noneMatch((node) -> members(node).contains(departedId)));
		ViewWatch absence = new ViewWatch();
		try (RogueMember impostor = RogueMember.join(cluster.name(), cluster.clusterPorts(3), departedId)) {
			await().atMost(PATIENCE)
				.pollInterval(POLL)
				.until(() -> nodes.stream().allMatch((node) -> members(node).contains(departedId)));
			recorded.forEach(impostor.services()::put);
			absence.start(nodes, authentic);
			await().atMost(PATIENCE).pollInterval(POLL).until(() -> absence.polls() >= 50);
			absence.stop();
			table.put(
					"a member without the secret claims the id of a node that left and puts back its signed "
							+ "entries",
					absence.violations().isEmpty() ? "in no view during " + absence.polls() + " polls of every view"
							: "FAILS: listed again, " + absence.violations().size() + " times in " + absence.polls()
									+ " polls of the three views; " + callToTheDepartedNode(recorded.keySet()));
		}
		assertThat(absence.violations()).as("services of the departed node listed again").isEmpty();
	}

	/**
	 * Increment a counter whose key a service of the departed node owns, in a view that
	 * lists it again, and say what the client got.
	 */
	private static String callToTheDepartedNode(Set<String> departedServices) {
		SampleNode node = nodes.get(0);
		for (String service : departedServices) {
			if (SampleCluster.servicesOf(view(node)).get(CountersController.TYPE).contains(service)) {
				String counter = SampleCluster.keyOwnedBy(node, CountersController.TYPE, service, "departed");
				long start = System.nanoTime();
				Optional<Integer> status = node.post("/counters/" + counter).map(HttpResponse::statusCode);
				return "POST /counters/" + counter + " through " + node.label() + " answered "
						+ status.map(String::valueOf).orElse("nothing") + " after "
						+ Duration.ofNanos(System.nanoTime() - start).toMillis() + " ms";
			}
		}
		return "no counters service of the departed node in the view of " + node.label();
	}

	private static RogueMember rogue() {
		if (rogue == null) {
			long joining = System.nanoTime();
			rogue = RogueMember.join(cluster.name(), cluster.clusterPorts(3));
			String rogueId = rogue.nodeId();
			nodeIds.forEach(rogue::listen);
			await().atMost(PATIENCE)
				.pollInterval(POLL)
				.until(() -> nodes.stream().allMatch((node) -> members(node).contains(rogueId)));
			table.put("a plain Hazelcast member with the cluster name and no secret joins",
					"every node listed it as a member " + Duration.ofNanos(System.nanoTime() - joining).toMillis()
							+ " ms after it started: the secret does not keep it out of Hazelcast");
		}
		return rogue;
	}

	/**
	 * Seal a cast to a counter of the first node with the cluster's secret, as the rogue,
	 * and wait for the counter to count it: the forged batches were refused for their
	 * seal, not for anything else about them.
	 */
	private static String controlBatchSealedWithTheSecretRuns(RogueMember member) {
		SampleNode node = nodes.get(0);
		String service = SampleCluster.serviceOf(view(node), CountersController.TYPE, nodeIds.get(0));
		String counter = SampleCluster.keyOwnedBy(node, CountersController.TYPE, service,
				"control-" + UUID.randomUUID());
		Map<String, Long> before = counts(node);
		byte[] batch = RogueMember.batch(member.nodeId(), List.of(RogueMember.cast(service, new Increment(counter))));
		member.publish(RogueMember.INBOX_PREFIX + nodeIds.get(0), member.seal(SECRET, nodeIds.get(0), batch));
		await().atMost(PATIENCE)
			.pollInterval(POLL)
			.until(() -> nodes.get(1).get("/counters/" + counter).map(HttpResponse::body).equals(Optional.of("1")));
		assertThat(counts(node)).as("refusals of %s", node).isEqualTo(before);
		return "accepted: the counter read 1 through another node, nothing refused";
	}

	private static int busiestCounter() {
		int busiest = 0;
		for (int counter = 1; counter < load.counters(); counter++) {
			if (load.increments(counter) > load.increments(busiest)) {
				busiest = counter;
			}
		}
		assertThat(load.increments(busiest)).as("increments of the busiest counter").isPositive();
		return busiest;
	}

	private static void awaitAuthenticViews() {
		await().atMost(PATIENCE).pollInterval(POLL).untilAsserted(() -> {
			for (SampleNode node : nodes) {
				assertThat(SampleCluster.servicesOf(view(node))).as("services in the view of %s", node)
					.isEqualTo(authentic);
			}
			assertThat(SampleCluster.serving(nodes)).as("every service online in every view").isTrue();
		});
	}

	/**
	 * Wait until each node has refused exactly what is expected since a snapshot of its
	 * counts, and nothing else.
	 */
	private static void awaitRefusals(List<Map<String, Long>> before, List<Map<String, Long>> expected) {
		await().atMost(PATIENCE).pollInterval(POLL).untilAsserted(() -> {
			for (int index = 0; index < nodes.size(); index++) {
				Map<String, Long> wanted = new TreeMap<>(expected.get(index));
				wanted.put(ALL, wanted.values().stream().mapToLong(Long::longValue).sum());
				assertThat(delta(before.get(index), counts(nodes.get(index))))
					.as("refused by %s since the hostile member acted", nodes.get(index))
					.isEqualTo(wanted);
			}
		});
	}

	private static void add(Map<String, Long> counts, String kind, String reason, long count) {
		counts.merge(kind + "/" + reason, count, Long::sum);
	}

	private static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
		Map<String, Long> delta = new TreeMap<>();
		after.forEach((key, count) -> {
			long difference = count - before.getOrDefault(key, 0L);
			if (difference != 0) {
				delta.put(key, difference);
			}
		});
		return delta;
	}

	/**
	 * Return what a node's secret refused, by {@code kind/reason}, and in all: only the
	 * counts that are not zero, read again until the total is the same before and after
	 * the counts by kind and reason.
	 */
	private static Map<String, Long> counts(SampleNode node) {
		while (true) {
			long all = rejected(node, null, null);
			Map<String, Long> counts = new TreeMap<>();
			if (all == 0) {
				return counts;
			}
			counts.put(ALL, all);
			for (String kind : KINDS) {
				for (String reason : REASONS) {
					long count = rejected(node, kind, reason);
					if (count > 0) {
						counts.put(kind + "/" + reason, count);
					}
				}
			}
			if (rejected(node, null, null) == all) {
				return counts;
			}
		}
	}

	private static long rejected(SampleNode node, String kind, String reason) {
		return SampleCluster.rejected(node, kind, reason)
			.orElseThrow(() -> new AssertionError("No metrics from " + node));
	}

	private static JsonNode view(SampleNode node) {
		return SampleCluster.json(node, "/actuator/dispatch")
			.orElseThrow(() -> new AssertionError("No view from " + node));
	}

	private static List<String> members(SampleNode node) {
		List<String> members = new ArrayList<>();
		SampleCluster.json(node, "/actuator/dispatch")
			.ifPresent((view) -> view.path("members").forEach((member) -> members.add(member.asString())));
		return members;
	}

	/**
	 * Reads the view of every node of the cluster, and of the node with another secret
	 * while it runs, every 100 ms on a thread of its own, and records every service that
	 * a view lists but that no node of the viewer's own cluster registered.
	 */
	private static final class ViewWatch {

		private final List<String> violations = new CopyOnWriteArrayList<>();

		private final AtomicLong polls = new AtomicLong();

		private volatile boolean running;

		private volatile SampleNode stranger;

		private volatile String strangerId;

		private Thread thread;

		void start(List<SampleNode> group, Map<String, Set<String>> services) {
			Set<String> allowed = services.values().stream().flatMap(Set::stream).collect(Collectors.toSet());
			this.running = true;
			this.thread = new Thread(() -> {
				while (this.running) {
					group.forEach((node) -> check(node, (id, owner) -> allowed.contains(id)));
					SampleNode other = this.stranger;
					String otherId = this.strangerId;
					if (other != null) {
						check(other, (id, owner) -> owner.equals(otherId));
					}
					this.polls.incrementAndGet();
					LockSupport.parkNanos(POLL.toNanos());
				}
			}, "view-watch");
			this.thread.setDaemon(true);
			this.thread.start();
		}

		void watchStranger(SampleNode node, String nodeId) {
			this.strangerId = nodeId;
			this.stranger = node;
		}

		void stop() {
			this.running = false;
			if (this.thread != null) {
				try {
					this.thread.join(Duration.ofSeconds(10).toMillis());
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
			}
		}

		List<String> violations() {
			return List.copyOf(this.violations);
		}

		long polls() {
			return this.polls.get();
		}

		private void check(SampleNode node, BiPredicate<String, String> allowed) {
			try {
				SampleCluster.json(node, "/actuator/dispatch")
					.ifPresent(
							(view) -> view.path("types").forEach((type) -> type.path("services").forEach((service) -> {
								String id = service.path("id").asString();
								String owner = service.path("node").asString();
								if (!allowed.test(id, owner)) {
									this.violations.add(node.label() + " listed " + id + " of node " + owner);
								}
							})));
			}
			catch (IllegalStateException ex) {
				// a node that has exited answers nothing
			}
		}

	}

}
