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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.springframework.util.FileSystemUtils;

/**
 * How a node of the sample is launched: its executable jar, extracted once per test run
 * ({@code -Djarmode=tools extract}) with a class data archive recorded by one start of
 * it, so that each node loads its classes from the archive and starts in about half the
 * time (about 2.0 against 4.3 s on a quiet 2-core machine). The classes are the jar's
 * own. Should the archive not be made, nodes start from the extracted jar without it, and
 * should the jar not extract, from the jar itself.
 *
 * @author Dispatch team
 */
final class SampleJar {

	private static final Path HOME = Path.of("target", "sample-jar");

	private static final long TRAINING_SECONDS = 90;

	private static List<String> launch;

	private SampleJar() {
	}

	/**
	 * Return what follows the JVM options of a node's command, before its arguments.
	 * @param java the {@code java} command
	 * @param jvmOptions the options that every node is started with
	 * @return the options and {@code -jar} with the jar to run
	 */
	static synchronized List<String> launch(String java, List<String> jvmOptions) {
		if (launch == null) {
			launch = prepare(java, jvmOptions);
		}
		return launch;
	}

	private static List<String> prepare(String java, List<String> jvmOptions) {
		String jar = System.getProperty("sample.jar");
		if (jar == null || !Files.isRegularFile(Path.of(jar))) {
			throw new IllegalStateException("System property 'sample.jar' must name the executable jar but was " + jar);
		}
		try {
			FileSystemUtils.deleteRecursively(HOME);
			Files.createDirectories(HOME);
			Path extracted = HOME.resolve("extracted");
			if (run(List.of(java, "-Djarmode=tools", "-jar", jar, "extract", "--destination", extracted.toString()),
					"extract") != 0) {
				return List.of("-jar", jar);
			}
			Path app = extracted.resolve(Path.of(jar).getFileName());
			Path archive = HOME.resolve("sample.jsa").toAbsolutePath();
			List<String> training = new ArrayList<>(List.of(java));
			training.addAll(jvmOptions);
			training.addAll(List.of("-XX:ArchiveClassesAtExit=" + archive, "-Dspring.context.exit=onRefresh", "-jar",
					app.toString(), "--server.port=0", "--dispatch.pubsub.port=0", "--dispatch.pubsub.members="));
			if (run(training, "training") != 0 || !Files.isRegularFile(archive)) {
				return List.of("-jar", app.toAbsolutePath().toString());
			}
			return List.of("-XX:SharedArchiveFile=" + archive, "-jar", app.toAbsolutePath().toString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not prepare the sample's jar in " + HOME, ex);
		}
	}

	private static int run(List<String> command, String name) throws IOException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(HOME.resolve(name + ".log").toFile())
			.start();
		try {
			if (!process.waitFor(TRAINING_SECONDS, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				return -1;
			}
			return process.exitValue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			process.destroyForcibly();
			return -1;
		}
	}

}
