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
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One node of the sample application running as a separate operating system process
 * ({@code java -jar} of the executable jar, as {@link SampleJar} prepares it), with an
 * HTTP client for its files and its {@code dispatch} actuator endpoint. Every node still
 * running when the test JVM exits is killed.
 *
 * @author Dispatch team
 */
final class SampleNode implements AutoCloseable {

	private static final Path LOGS = Path.of("target", "it-logs");

	private static final List<String> NODE_OPTIONS = List.of("-Xmx256m", "-XX:TieredStopAtLevel=1",
			"-Dhazelcast.wait.seconds.before.join=1");

	private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);

	private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

	private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);

	private static final Set<Process> running = ConcurrentHashMap.newKeySet();

	static {
		Runtime.getRuntime().addShutdownHook(new Thread(() -> running.forEach(Process::destroyForcibly)));
	}

	private final String label;

	private final String host;

	private final int port;

	private final Path log;

	private final Process process;

	private final HttpClient client;

	private SampleNode(String label, String host, int port, Path log, Process process) {
		this.label = label;
		this.host = host;
		this.port = port;
		this.log = log;
		this.process = process;
		this.client = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(CONNECT_TIMEOUT)
			.build();
	}

	/**
	 * Start a node. It returns as soon as the process is launched.
	 * @param label the node's name in messages and in its log file's name
	 * @param port the HTTP port
	 * @param arguments more application arguments, as {@code --key=value}
	 * @return the node
	 */
	static SampleNode start(String label, int port, List<String> arguments) {
		return start(label, port, List.of(), arguments);
	}

	/**
	 * Start a node with more JVM options. It returns as soon as the process is launched.
	 * @param label the node's name in messages and in its log file's name
	 * @param port the HTTP port
	 * @param jvmOptions more options of the JVM, such as {@code -Dname=value}
	 * @param arguments more application arguments, as {@code --key=value}
	 * @return the node
	 */
	static SampleNode start(String label, int port, List<String> jvmOptions, List<String> arguments) {
		return start(label, port, jvmOptions, Map.of(), arguments);
	}

	/**
	 * Start a node with more JVM options and environment variables. It returns as soon as
	 * the process is launched.
	 * @param label the node's name in messages and in its log file's name
	 * @param port the HTTP port
	 * @param jvmOptions more options of the JVM, such as {@code -Dname=value}
	 * @param environment more environment variables of the process, such as
	 * {@code DISPATCH_SECURITY_SECRET}
	 * @param arguments more application arguments, as {@code --key=value}
	 * @return the node
	 */
	static SampleNode start(String label, int port, List<String> jvmOptions, Map<String, String> environment,
			List<String> arguments) {
		return start(label, List.of(), "127.0.0.1", port, jvmOptions, environment, arguments);
	}

	/**
	 * Start a node inside another command, such as {@code ip netns exec <name>} that runs
	 * it in a network namespace, reached at another address. The command must replace
	 * itself with the JVM, so that the process is the JVM. It returns as soon as the
	 * process is launched.
	 * @param label the node's name in messages and in its log file's name
	 * @param wrapper the start of the command, before {@code java}
	 * @param host the address that the node's HTTP port is reached at
	 * @param port the HTTP port
	 * @param jvmOptions more options of the JVM, such as {@code -Dname=value}
	 * @param arguments more application arguments, as {@code --key=value}
	 * @return the node
	 */
	static SampleNode start(String label, List<String> wrapper, String host, int port, List<String> jvmOptions,
			List<String> arguments) {
		return start(label, wrapper, host, port, jvmOptions, Map.of(), arguments);
	}

	private static SampleNode start(String label, List<String> wrapper, String host, int port, List<String> jvmOptions,
			Map<String, String> environment, List<String> arguments) {
		String java = ProcessHandle.current()
			.info()
			.command()
			.orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
		List<String> command = new ArrayList<>(wrapper);
		command.add(java);
		command.addAll(NODE_OPTIONS);
		command.addAll(jvmOptions);
		command.addAll(SampleJar.launch(java, NODE_OPTIONS));
		command.add("--server.port=" + port);
		command.addAll(arguments);
		try {
			Files.createDirectories(LOGS);
			Path log = LOGS.resolve(label + ".log");
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
			builder.environment().putAll(environment);
			Process process = builder.start();
			running.add(process);
			Files.writeString(LOGS.resolve(label + ".pid"), Long.toString(process.pid()));
			return new SampleNode(label, host, port, log, process);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start node " + label, ex);
		}
	}

	/**
	 * A free loopback port between 10000 and 20000: below the kernel's ephemeral range,
	 * so that no outgoing connection can take it between now and when a member binds it
	 * (a member that dials a port nobody listens on yet can otherwise connect to itself
	 * from that very port), and below the port blocks of {@link LoopbackPartition}.
	 * @return the port
	 */
	static int freePort() {
		for (int attempt = 0; attempt < 10_000; attempt++) {
			int port = ThreadLocalRandom.current().nextInt(10_000, 20_000);
			try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
				return socket.getLocalPort();
			}
			catch (IOException ex) {
				// taken: try another
			}
		}
		throw new IllegalStateException("No free loopback port found below the ephemeral port range");
	}

	String label() {
		return this.label;
	}

	String host() {
		return this.host;
	}

	int port() {
		return this.port;
	}

	Path log() {
		return this.log;
	}

	long pid() {
		return this.process.pid();
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	/**
	 * Send {@code GET} to a path of this node.
	 * @param path the path, starting with a slash
	 * @return the response, empty when the node does not answer
	 */
	Optional<HttpResponse<String>> get(String path) {
		return send(request(path).GET().build());
	}

	/**
	 * Send {@code PUT} with a text body to a path of this node.
	 * @param path the path, starting with a slash
	 * @param body the text
	 * @return the response, empty when the node does not answer
	 */
	Optional<HttpResponse<String>> put(String path, String body) {
		return send(request(path).header("Content-Type", "text/plain").PUT(BodyPublishers.ofString(body)).build());
	}

	/**
	 * Send {@code POST} without a body to a path of this node.
	 * @param path the path, starting with a slash
	 * @return the response, empty when the node does not answer
	 */
	Optional<HttpResponse<String>> post(String path) {
		return send(request(path).POST(BodyPublishers.noBody()).build());
	}

	/**
	 * Return this node's view of the registry from {@code /actuator/dispatch}.
	 * @return the view, empty when the node does not answer
	 */
	Optional<View> view() {
		return get("/actuator/dispatch").filter((response) -> response.statusCode() == 200)
			.map((response) -> View.parse(response.body()));
	}

	/**
	 * Return the views of a group of nodes, all of them or none.
	 * @param group the nodes
	 * @return their views, in the group's order, empty when a node does not answer
	 */
	static Optional<List<View>> views(List<SampleNode> group) {
		List<View> views = new ArrayList<>();
		for (SampleNode node : group) {
			Optional<View> view = node.view();
			if (view.isEmpty()) {
				return Optional.empty();
			}
			views.add(view.get());
		}
		return Optional.of(views);
	}

	/**
	 * Kill the process with {@code SIGKILL} and wait until it is gone.
	 */
	void kill() {
		this.process.destroyForcibly();
		awaitExit();
	}

	/**
	 * Stop the process with {@code SIGTERM} and wait until it has exited.
	 * @return the exit code
	 */
	int stop() {
		this.process.destroy();
		return awaitExit();
	}

	/**
	 * Suspend the process with {@code SIGSTOP}.
	 */
	void freeze() {
		signal("STOP");
	}

	/**
	 * Resume the process with {@code SIGCONT}.
	 */
	void thaw() {
		signal("CONT");
	}

	@Override
	public void close() {
		if (this.process.isAlive()) {
			kill();
		}
		running.remove(this.process);
	}

	@Override
	public String toString() {
		return "node " + this.label + " (pid " + pid() + ", " + this.host + ":" + this.port + ", log " + this.log + ")";
	}

	private HttpRequest.Builder request(String path) {
		return HttpRequest.newBuilder(URI.create("http://" + this.host + ":" + this.port + path))
			.timeout(REQUEST_TIMEOUT);
	}

	private Optional<HttpResponse<String>> send(HttpRequest request) {
		try {
			return Optional.of(this.client.send(request, BodyHandlers.ofString()));
		}
		catch (IOException ex) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException(this + " has exited with code " + this.process.exitValue(), ex);
			}
			return Optional.empty();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while calling " + this, ex);
		}
	}

	private int awaitExit() {
		try {
			if (!this.process.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
				this.process.destroyForcibly();
				throw new IllegalStateException(this + " did not exit within " + EXIT_TIMEOUT);
			}
			running.remove(this.process);
			return this.process.exitValue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for " + this + " to exit", ex);
		}
	}

	private void signal(String signal) {
		try {
			Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid())).inheritIO().start();
			if (!kill.waitFor(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) || kill.exitValue() != 0) {
				throw new IllegalStateException("Could not send SIG" + signal + " to " + this);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not send SIG" + signal + " to " + this, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while sending SIG" + signal + " to " + this, ex);
		}
	}

	/**
	 * One node's view of the registry, limited to the {@code uploader} type.
	 *
	 * @param node the id of the node
	 * @param members the ids of the cluster's members as this node sees them
	 * @param ringChecksum the checksum of the {@code uploader} ring, {@code null} when
	 * the type has no services
	 * @param uploaders the {@code uploader} services
	 */
	record View(String node, List<String> members, String ringChecksum, List<Service> uploaders) {

		static View parse(String json) {
			JsonNode root = JsonMapper.shared().readTree(json);
			List<String> members = new ArrayList<>();
			root.path("members").forEach((member) -> members.add(member.asString()));
			JsonNode uploader = root.path("types").path(FilesController.TYPE);
			List<Service> services = new ArrayList<>();
			uploader.path("services")
				.forEach((service) -> services.add(new Service(service.path("id").asString(),
						service.path("node").asString(), service.path("state").asString())));
			String checksum = uploader.path("ringChecksum").asString(null);
			return new View(root.path("node").asString(), List.copyOf(members), checksum, List.copyOf(services));
		}

		/**
		 * Return whether each view holds the {@code uploader} services of exactly the
		 * views' nodes.
		 * @param views the views of a group of nodes
		 * @return whether they list only each other
		 */
		static boolean listOnlyEachOther(List<View> views) {
			List<String> nodeIds = views.stream().map(View::node).sorted().toList();
			return views.stream().allMatch((view) -> view.uploaderNodes().stream().sorted().toList().equals(nodeIds));
		}

		/**
		 * Return whether the views list only each other and have the same ring checksum.
		 * @param views the views of a group of nodes
		 * @return whether they agree
		 */
		static boolean agree(List<View> views) {
			return listOnlyEachOther(views) && views.stream()
				.allMatch((view) -> view.ringChecksum() != null
						&& view.ringChecksum().equals(views.get(0).ringChecksum()));
		}

		/**
		 * Return the ids of the nodes whose {@code uploader} services this view holds.
		 * @return the node ids, one per service
		 */
		List<String> uploaderNodes() {
			return this.uploaders.stream().map(Service::node).toList();
		}

		/**
		 * Return the {@code uploader} services of this view's own node.
		 * @return the local services
		 */
		List<Service> localUploaders() {
			return this.uploaders.stream().filter((service) -> service.node().equals(this.node)).toList();
		}

	}

	/**
	 * One service as the endpoint shows it.
	 *
	 * @param id the service's id
	 * @param node the id of the service's node
	 * @param state the service's state
	 */
	record Service(String id, String node, String state) {

	}

}
