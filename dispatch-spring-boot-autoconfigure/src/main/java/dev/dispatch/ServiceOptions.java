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

package dev.dispatch;

import java.util.Map;

import org.springframework.util.Assert;

/**
 * How a service added at run time through {@link DispatchRegistry} runs: the same options
 * as {@link DispatchService @DispatchService}, and metadata that other nodes see.
 *
 * <pre class="code">
 * registry.addService("sessions", sessions, ServiceOptions.defaults().withBackups(1));
 * </pre>
 *
 * @param concurrency how many messages it may handle at the same time, at least 1; 1 with
 * backups
 * @param backups how many other services hold a copy of each key's state, 0 to
 * {@value #MAX_BACKUPS}; see {@link DispatchService#backups()}
 * @param metadata metadata that other nodes see with the service
 * @author Dispatch team
 * @since 0.1.0
 */
public record ServiceOptions(int concurrency, int backups, Map<String, String> metadata) {

	/**
	 * The most backups a service may have.
	 */
	public static final int MAX_BACKUPS = 3;

	public ServiceOptions {
		Assert.isTrue(concurrency >= 1, () -> "'concurrency' must be at least 1 but was " + concurrency);
		Assert.isTrue(backups >= 0 && backups <= MAX_BACKUPS,
				() -> "'backups' must be from 0 to " + MAX_BACKUPS + " but was " + backups);
		Assert.isTrue(backups == 0 || concurrency == 1,
				() -> "A service with backups handles one message at a "
						+ "time, so that each copy is its key's state after the message before; 'concurrency' was "
						+ concurrency);
		Assert.notNull(metadata, "'metadata' must not be null");
		metadata = Map.copyOf(metadata);
	}

	/**
	 * Return the defaults: one message at a time, no backups, no metadata.
	 * @return the default options
	 */
	public static ServiceOptions defaults() {
		return new ServiceOptions(1, 0, Map.of());
	}

	/**
	 * Return these options with another concurrency.
	 * @param concurrency how many messages the service may handle at the same time
	 * @return the new options
	 */
	public ServiceOptions withConcurrency(int concurrency) {
		return new ServiceOptions(concurrency, this.backups, this.metadata);
	}

	/**
	 * Return these options with another number of backups.
	 * @param backups how many other services hold a copy of each key's state
	 * @return the new options
	 */
	public ServiceOptions withBackups(int backups) {
		return new ServiceOptions(this.concurrency, backups, this.metadata);
	}

	/**
	 * Return these options with other metadata.
	 * @param metadata metadata that other nodes see with the service
	 * @return the new options
	 */
	public ServiceOptions withMetadata(Map<String, String> metadata) {
		return new ServiceOptions(this.concurrency, this.backups, metadata);
	}

}
