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

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.dispatch.DispatchTemplate;

/**
 * {@code POST /counters/{name}} adds one to a counter on the counters service that owns
 * the name and answers with the new value; {@code GET /counters/{name}} answers with the
 * value, {@code 0} for a counter never counted.
 *
 * @author Dispatch team
 */
@RestController
@RequestMapping("/counters")
class CountersController {

	static final String TYPE = "counters";

	private static final Duration TIMEOUT = Duration.ofSeconds(2);

	private final DispatchTemplate template;

	CountersController(DispatchTemplate template) {
		this.template = template;
	}

	/**
	 * Add one to a counter.
	 * @param name the counter's name
	 * @return {@code 200} with the new value; Dispatch answers {@code 503} when no
	 * counters service can take it and {@code 504} when the owner did not answer in time
	 */
	@PostMapping("/{name}")
	ResponseEntity<String> increment(@PathVariable String name) {
		return call(name, new Increment(name));
	}

	/**
	 * Read a counter.
	 * @param name the counter's name
	 * @return {@code 200} with the value, {@code 0} when it was never counted
	 */
	@GetMapping("/{name}")
	ResponseEntity<String> count(@PathVariable String name) {
		return call(name, new CountQuery(name));
	}

	private ResponseEntity<String> call(String name, Object message) {
		Long value = this.template.call(TYPE, name, message, Long.class, TIMEOUT);
		return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(String.valueOf((value != null) ? value : 0L));
	}

}
