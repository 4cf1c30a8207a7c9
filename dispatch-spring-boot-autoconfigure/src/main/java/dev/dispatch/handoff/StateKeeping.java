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

package dev.dispatch.handoff;

import java.util.HashMap;
import java.util.Map;

import dev.dispatch.KeyedState;
import dev.dispatch.ServiceOptions;
import dev.dispatch.annotation.BackupRequirements;

/**
 * Whether a service keeps state per key, and on how many backups: read from a handler
 * when it is bound, written into its metadata, and read back from there, here only.
 *
 * @param keyed whether the service keeps state per key
 * @param backups how many other services hold a copy of each key's state
 * @author Dispatch team
 */
public record StateKeeping(boolean keyed, int backups) {

	/**
	 * What a service that keeps no state per key has.
	 */
	public static final StateKeeping NONE = new StateKeeping(false, 0);

	private static final String KEYED = "dispatch.keyed-state";

	private static final String BACKUPS = "dispatch.backups";

	/**
	 * Return how a handler keeps state.
	 * @param handler the handler
	 * @param backups how many backups it asks for
	 * @return how it keeps state
	 * @throws IllegalArgumentException if it asks for backups but is not a
	 * {@link KeyedState} that overrides {@link KeyedState#snapshot(Object)}
	 */
	public static StateKeeping of(Object handler, int backups) {
		BackupRequirements.check(handler, backups);
		return (handler instanceof KeyedState) ? new StateKeeping(true, backups) : NONE;
	}

	/**
	 * Return how a service keeps state, as its metadata says; what a hostile member may
	 * have written there reads as no backups.
	 * @param metadata the service's metadata
	 * @return how it keeps state
	 */
	public static StateKeeping of(Map<String, String> metadata) {
		if (!"true".equals(metadata.get(KEYED))) {
			return NONE;
		}
		String backups = metadata.get(BACKUPS);
		int count = 0;
		if (backups != null && backups.length() == 1 && backups.charAt(0) >= '1'
				&& backups.charAt(0) <= '0' + ServiceOptions.MAX_BACKUPS) {
			count = backups.charAt(0) - '0';
		}
		return new StateKeeping(true, count);
	}

	/**
	 * Return metadata that says how the service keeps state.
	 * @param metadata the service's own metadata
	 * @return the metadata to publish
	 */
	public Map<String, String> describe(Map<String, String> metadata) {
		if (!this.keyed) {
			return metadata;
		}
		Map<String, String> described = new HashMap<>(metadata);
		described.put(KEYED, "true");
		if (this.backups > 0) {
			described.put(BACKUPS, Integer.toString(this.backups));
		}
		return described;
	}

}
