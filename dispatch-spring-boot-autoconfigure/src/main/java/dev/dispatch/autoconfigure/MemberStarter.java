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

package dev.dispatch.autoconfigure;

import java.net.BindException;
import java.util.UUID;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastException;
import com.hazelcast.core.HazelcastInstance;

import dev.dispatch.messaging.NodeIds;

/**
 * Starts the Hazelcast member of a Dispatch node from its configuration: gives it a node
 * id, keeps the registry's entries serialized, and turns a port in use into a message
 * that names the property.
 *
 * @author Dispatch team
 */
final class MemberStarter {

	private MemberStarter() {
	}

	static HazelcastInstance start(Config config) {
		NodeIds.assign(config, UUID.randomUUID().toString());
		DispatchHazelcastConfigFactory.useBinaryServiceEntries(config);
		try {
			return Hazelcast.newHazelcastInstance(config);
		}
		catch (HazelcastException ex) {
			if (isPortInUse(ex)) {
				int port = config.getNetworkConfig().getPort();
				throw new InvalidDispatchPropertyException("dispatch.pubsub.port", port, "the port is already in use"
						+ (config.getNetworkConfig().isPortAutoIncrement() ? ", and so are the ports after it" : ""),
						"Stop the process that uses it, set another port (0 picks any free one), or set "
								+ "dispatch.pubsub.port-auto-increment=true.");
			}
			throw ex;
		}
	}

	private static boolean isPortInUse(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof BindException || String.valueOf(cause.getMessage()).contains("already in use")) {
				return true;
			}
		}
		return false;
	}

}
