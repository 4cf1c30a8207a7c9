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

package dev.dispatch.messaging;

/**
 * The worker of a service of this node, on which tasks run in turn with the service's
 * messages. It stays usable after the service is unbound, until what it holds has run.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
public interface ServiceWorker {

	/**
	 * Run a task after the messages that wait before it, like a message.
	 * @param task the task
	 */
	void run(Runnable task);

	/**
	 * Run a task alone: after every message and task before it has ended, and before any
	 * after it starts.
	 * @param task the task
	 */
	void runAlone(Runnable task);

	/**
	 * Return how many messages and tasks wait to run.
	 * @return the number waiting
	 */
	int queued();

}
