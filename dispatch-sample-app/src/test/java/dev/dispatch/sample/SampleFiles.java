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

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Files uploaded to nodes of the sample, and the check that nodes return them.
 *
 * @author Dispatch team
 */
final class SampleFiles {

	private SampleFiles() {
	}

	/**
	 * Upload files with unique contents through the nodes in turn, asserting that each
	 * upload is acknowledged.
	 * @param prefix the start of every file's name
	 * @param group the nodes to upload through
	 * @param count how many files
	 * @return the files' contents by name
	 */
	static Map<String, String> upload(String prefix, List<SampleNode> group, int count) {
		Map<String, String> files = new LinkedHashMap<>();
		for (int i = 0; i < count; i++) {
			String name = prefix + "-" + i + ".txt";
			String contents = "Contents of " + name + " (" + UUID.randomUUID() + ")\n";
			SampleNode node = group.get(i % group.size());
			Optional<Integer> status = node.put("/files/" + name, contents).map(HttpResponse::statusCode);
			assertThat(status).as("PUT %s to %s", name, node).contains(201);
			files.put(name, contents);
		}
		return files;
	}

	/**
	 * Wait until every node returns every file.
	 * @param files the files' contents by name
	 * @param group the nodes
	 * @param atMost how long to wait
	 */
	static void awaitReadable(Map<String, String> files, List<SampleNode> group, Duration atMost) {
		await().atMost(atMost)
			.pollInterval(Duration.ofMillis(200))
			.untilAsserted(() -> assertThat(unreadable(files, group)).isEmpty());
	}

	/**
	 * Return the files that some node does not return as uploaded.
	 * @param files the files' contents by name
	 * @param group the nodes
	 * @return one line per file and node that failed, with what the node answered
	 */
	static List<String> unreadable(Map<String, String> files, List<SampleNode> group) {
		List<String> unreadable = new ArrayList<>();
		for (SampleNode node : group) {
			files.forEach((name, contents) -> {
				Optional<HttpResponse<String>> response = node.get("/files/" + name);
				if (response.filter((ok) -> ok.statusCode() == 200 && ok.body().equals(contents)).isEmpty()) {
					unreadable.add(name + " from " + node.label() + ": "
							+ response.map((failed) -> failed.statusCode() + " " + failed.body()).orElse("no answer"));
				}
			});
		}
		return unreadable;
	}

}
