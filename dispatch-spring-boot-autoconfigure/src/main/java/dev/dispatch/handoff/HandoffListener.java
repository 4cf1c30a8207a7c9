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

import java.util.List;

/**
 * Receives the states and the end markers that services hand off to this node's services.
 * Called on the thread that received them: the inbox thread for another node's, the
 * handing-off service's worker for this node's; it must not block.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
interface HandoffListener {

	/**
	 * States arrived for a service of this node.
	 * @param targetId the service they are for
	 * @param sourceId the service that handed them off
	 * @param sender the node of that service
	 * @param states the states, decoded when read
	 */
	void statesArrived(String targetId, String sourceId, String sender, List<ArrivingState> states);

	/**
	 * A service said that it handed off every key it holds and does not own on a ring
	 * with the given checksum.
	 * @param targetId the service of this node it says so to
	 * @param sourceId the service that handed off
	 * @param sender the node of that service
	 * @param ringChecksum the checksum of its ring
	 */
	void doneArrived(String targetId, String sourceId, String sender, long ringChecksum);

	/**
	 * The state of one key, as it arrives.
	 */
	interface ArrivingState {

		/**
		 * Return the hash of the key, readable even when the key is not.
		 * @return the key hash
		 */
		long keyHash();

		/**
		 * Return the version of the state that the key's backups hold.
		 * @return the version, 0 for a service without backups
		 */
		default long version() {
			return 0;
		}

		/**
		 * Return the key.
		 * @return the key
		 * @throws dev.dispatch.DispatchException if it cannot be rebuilt
		 */
		Object key();

		/**
		 * Return the state.
		 * @return the state
		 * @throws dev.dispatch.DispatchException if it cannot be rebuilt, for example
		 * because its class is not trusted
		 */
		Object state();

	}

}
