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

package dev.dispatch.registry;

import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.dispatch.ServiceInfo;
import dev.dispatch.ServiceRef;

/**
 * A read-only look at this node's registry and its cluster, for the parts that report on
 * them (the actuator endpoint, health, info, metrics and discovery): they see the cluster
 * through this interface and cannot change it.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
public interface ClusterState {

	/**
	 * Return the id of this node.
	 * @return the node id
	 */
	String getLocalNode();

	/**
	 * Return the ids of the cluster's members, oldest first.
	 * @return the member ids
	 */
	List<String> getMembers();

	/**
	 * Return whether the Hazelcast member behind the registry is running.
	 * @return whether the member is running
	 */
	boolean isClusterRunning();

	/**
	 * Return whether the registry is running: this node's services are published and its
	 * view follows the cluster.
	 * @return whether the registry is running
	 */
	boolean isRunning();

	/**
	 * Return whether this node is leaving gracefully: its services are offline, so that
	 * no new routes reach them, and they finish the messages they have accepted before
	 * they are removed. The registry is no longer running then.
	 * @return whether the node is draining
	 */
	default boolean isDraining() {
		return false;
	}

	/**
	 * Return the members whose heartbeats this node refused within the silence limit
	 * ({@code broadcast-period x max-silent-periods}) and has not heard a valid one from
	 * since: they sign with another cluster secret, or with none.
	 * @return the refused members' ids, sorted
	 * @since 0.1.0
	 */
	default List<String> getRefusedMembers() {
		return List.of();
	}

	/**
	 * Return whether this node is cut off from the others: it refuses the heartbeats of
	 * other members and has heard no valid heartbeat from any other member for longer
	 * than the silence limit. Such a node holds a copy of the services of its own, which
	 * no other node sees.
	 * @return whether this node is cut off
	 * @since 0.1.0
	 */
	default boolean isCutOff() {
		return false;
	}

	/**
	 * Return the service types this node knows of.
	 * @return the types
	 */
	List<String> getTypes();

	/**
	 * Return the services of a type, online or not.
	 * @param type the service type
	 * @return the services
	 */
	List<ServiceInfo> getServices(String type);

	/**
	 * Return the online services of a type.
	 * @param type the service type
	 * @return the online services
	 */
	List<ServiceInfo> getOnlineServices(String type);

	/**
	 * Return the services that a key routes to, its owner first.
	 * @param count how many services at most
	 * @param type the service type
	 * @param key the key
	 * @return the services
	 */
	List<ServiceRef> findMultiService(int count, String type, Object key);

	/**
	 * Return the owner of a key that the caller has hashed already.
	 * @param type the service type
	 * @param keyHash the key's hash
	 * @return the owner, or {@code null} if the type has no online service
	 */
	@Nullable ServiceRef findServiceByHash(String type, long keyHash);

	/**
	 * Return the services that a key the caller has hashed already routes to, its owner
	 * first.
	 * @param count how many services at most
	 * @param type the service type
	 * @param keyHash the key's hash
	 * @return the services
	 */
	List<ServiceRef> findMultiServiceByHash(int count, String type, long keyHash);

	/**
	 * Return a digest of the online service ids of a type: two nodes whose views agree
	 * return the same value.
	 * @param type the service type
	 * @return the checksum, 0 when the type has no online service
	 */
	long getRingChecksum(String type);

	/**
	 * Return the services registered on this node.
	 * @return the local services
	 */
	List<ServiceInfo> getLocalServices();

}
