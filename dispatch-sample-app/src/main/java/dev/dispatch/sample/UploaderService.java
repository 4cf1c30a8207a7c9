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

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

import dev.dispatch.DispatchHandler;
import dev.dispatch.DispatchService;

/**
 * One uploader service of this node: it keeps the files it is sent in memory.
 *
 * @author Dispatch team
 */
@DispatchService("uploader")
public class UploaderService {

	private final Map<String, String> files = new ConcurrentHashMap<>();

	@DispatchHandler
	public void upload(Upload upload) {
		this.files.put(upload.name(), upload.contents());
	}

	@DispatchHandler
	public @Nullable String download(Download download) {
		return this.files.get(download.name());
	}

	/**
	 * Return the files this service holds.
	 * @return a copy of the files by name
	 */
	public Map<String, String> files() {
		return Map.copyOf(this.files);
	}

}
