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
 * Which secret to encrypt for each other node during a change of secret. A node's signed
 * heartbeats carry a signature with each secret it holds, so they tell whether it holds
 * the current one; a batch that a node encrypted with the current secret tells it too.
 * For a node not heard from yet, the choice follows the nodes heard so far: the previous
 * secret while any of them lacks the current one or none was heard (a node that has just
 * been restarted with a new secret, among nodes that still have the old one alone), the
 * current one once every node heard holds it (a node restarted with the new secret alone,
 * among nodes that hold both).
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
	 * Remember what a node's signed heartbeat or republish request showed: whether it
	 * holds the current secret.
	 * @param node the node
	 * @param holdsCurrent whether it carried a signature with the current secret
	 */
	void heard(String node, boolean holdsCurrent) {
		if (this.holdsCurrent.size() >= MAX_NODES && !this.holdsCurrent.containsKey(node)) {
			this.holdsCurrent.clear();
		}
		this.holdsCurrent.put(node, holdsCurrent);
	}

	/**
	 * Remember that a node encrypted a batch with the current secret, so holds it.
	 * @param node the node
	 */
	void encryptedWithCurrent(String node) {
		if (!Boolean.TRUE.equals(this.holdsCurrent.get(node))) {
			heard(node, true);
		}
	}

	/**
	 * Return the secret to encrypt for a node: the current one, unless a previous secret
	 * is set and the node is not known to hold the current one (see the class comment for
	 * a node not heard from yet).
	 * @param node the node
	 * @return the keys of the secret
	 */
	SecretKeys forNode(String node) {
		if (this.previous == null) {
			return this.current;
		}
		Boolean holds = this.holdsCurrent.get(node);
		if (holds == null) {
			holds = !this.holdsCurrent.isEmpty() && !this.holdsCurrent.containsValue(false);
		}
		return holds ? this.current : this.previous;
	}

	void forget(String node) {
		this.holdsCurrent.remove(node);
	}

}
