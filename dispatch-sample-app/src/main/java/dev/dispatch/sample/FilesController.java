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

import java.time.Duration;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.dispatch.DispatchException;
import dev.dispatch.DispatchRegistry;
import dev.dispatch.DispatchTemplate;
import dev.dispatch.Reply;
import dev.dispatch.ServiceRef;

/**
 * {@code PUT /files/{name}} stores a file on two replicas and answers once one holds it;
 * {@code GET /files/{name}} asks the owner of the name and falls over to the next
 * replica.
 *
 * @author Dispatch team
 */
@RestController
@RequestMapping("/files")
class FilesController {

	static final String TYPE = "uploader";

	static final int REPLICAS = 2;

	private static final Duration TIMEOUT = Duration.ofSeconds(2);

	private static final Log logger = LogFactory.getLog(FilesController.class);

	private final DispatchTemplate template;

	private final DispatchRegistry registry;

	FilesController(DispatchTemplate template, DispatchRegistry registry) {
		this.template = template;
		this.registry = registry;
	}

	/**
	 * Store a file on its replicas and answer once at least one of them holds it; the
	 * {@link ReplicaRepair} of each node copies it to the others when the ring changes.
	 * @param name the file's name
	 * @param contents the file's text
	 * @return {@code 201} with the number of replicas that stored the file; when none
	 * did, the owner's failure answers as a problem detail ({@code 503} when it is
	 * unavailable)
	 */
	@PutMapping("/{name}")
	ResponseEntity<String> upload(@PathVariable String name, @RequestBody String contents) {
		List<Reply<Void>> replies = this.template.multiCall(REPLICAS, TYPE, name, new Upload(name, contents),
				Void.class, TIMEOUT);
		long stored = replies.stream().filter(Reply::isOk).count();
		if (stored == 0) {
			throw failure(name, replies.get(0).error());
		}
		return ResponseEntity.status(HttpStatus.CREATED).body("Stored on " + stored + " replicas\n");
	}

	/**
	 * The owner's own failure when it is a Dispatch one, so that it answers with its
	 * status (a {@code 503} or {@code 504} problem detail).
	 */
	private static DispatchException failure(String name, @Nullable Throwable error) {
		return (error instanceof DispatchException dispatch) ? dispatch
				: new DispatchException("No replica stored " + name, error);
	}

	@GetMapping("/{name}")
	ResponseEntity<String> download(@PathVariable String name) {
		for (ServiceRef replica : this.registry.findMultiService(REPLICAS, TYPE, name)) {
			try {
				String contents = this.template.call(replica, new Download(name), String.class, TIMEOUT);
				if (contents != null) {
					return ResponseEntity.ok(contents);
				}
			}
			catch (DispatchException ex) {
				logger.debug("Replica " + replica.id() + " could not answer for " + name + ": " + ex.getMessage());
			}
		}
		return ResponseEntity.notFound().build();
	}

}
