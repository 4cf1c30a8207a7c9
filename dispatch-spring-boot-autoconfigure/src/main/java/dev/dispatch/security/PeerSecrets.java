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

package dev.dispatch.security;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * Which secret to encrypt for each other node during a change of secret: the current one
 * for a node that signs its heartbeats with it, and otherwise the previous one, which the
 * nodes that have not yet been restarted still hold. A node learns what each other node
 * signs with from its authenticated heartbeats and republish requests.
 * <p>
 * Threads: Hazelcast's topic event threads learn; senders choose; both concurrently.
 *
 * @author Dispatch team
 */
final class PeerSecrets {

	private static final int MAX_NODES = 4096;

	private final SecretKeys current;

	private final @Nullable SecretKeys previous;

	private final Map<String, Boolean> holdsCurrent = new ConcurrentHashMap<>();

	PeerSecrets(SecretKeys current, @Nullable SecretKeys previous) {
		this.current = current;
		this.previous = previous;
	}

	/**
	 * Remember whether a node signed with the current secret.
	 * @param node the node
	 * @param signedWithCurrent whether its latest authenticated broadcast carried a
	 * signature with the current secret
	 */
	void learn(String node, boolean signedWithCurrent) {
		if (this.holdsCurrent.size() >= MAX_NODES && !this.holdsCurrent.containsKey(node)) {
			this.holdsCurrent.clear();
		}
		this.holdsCurrent.put(node, signedWithCurrent);
	}

	/**
	 * Return the secret to encrypt for a node: the current one, unless a previous secret
	 * is set and the node is not known to hold the current one.
	 * @param node the node
	 * @return the keys of the secret
	 */
	SecretKeys forNode(String node) {
		if (this.previous == null || Boolean.TRUE.equals(this.holdsCurrent.get(node))) {
			return this.current;
		}
		return this.previous;
	}

	void forget(String node) {
		this.holdsCurrent.remove(node);
	}

}
