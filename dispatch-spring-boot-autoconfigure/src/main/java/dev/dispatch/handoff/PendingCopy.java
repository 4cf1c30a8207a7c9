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

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.dispatch.ServiceRef;
import dev.dispatch.handoff.BackupFrames.Copy;

/**
 * A version of a key's state on its way to the key's backups: what runs once all of them
 * acknowledged it (a message's reply), the copy to send them once the owner has seen its
 * first ring, and the former backups that may drop the key once it is safe on the new
 * ones.
 * <p>
 * Threads: guarded by the {@link Replicas} that holds it.
 *
 * @author Dispatch team
 */
final class PendingCopy {

	private final long version;

	private final Set<String> waiting;

	private final Runnable completion;

	private @Nullable Copy unsent;

	private final List<ServiceRef> dropAfter = new ArrayList<>();

	PendingCopy(long version, Set<String> waiting, Runnable completion, @Nullable Copy unsent) {
		this.version = version;
		this.waiting = waiting;
		this.completion = completion;
		this.unsent = unsent;
	}

	long version() {
		return this.version;
	}

	/**
	 * Return the ids of the backups that have not acknowledged this version yet.
	 */
	Set<String> waiting() {
		return this.waiting;
	}

	Runnable completion() {
		return this.completion;
	}

	boolean isSent() {
		return this.unsent == null;
	}

	@Nullable Copy takeUnsent() {
		Copy copy = this.unsent;
		this.unsent = null;
		return copy;
	}

	/**
	 * Let former backups drop the key once this version is safe.
	 */
	void dropAfter(List<ServiceRef> former) {
		former.stream().filter((ref) -> !this.dropAfter.contains(ref)).forEach(this.dropAfter::add);
	}

	List<ServiceRef> formerBackups() {
		return this.dropAfter;
	}

}
