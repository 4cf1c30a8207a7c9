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

/**
 * What a {@link ClusterSeal} signs, each with its own kind so that one cannot pass for
 * another.
 *
 * @author Dispatch team
 */
public enum Channel {

	/**
	 * A node's heartbeat: recent and never seen before.
	 */
	HEARTBEAT((byte) 2, "heartbeat", true),

	/**
	 * A node's request that the others publish their entries again: recent and never seen
	 * before.
	 */
	REPUBLISH((byte) 3, "republish", true),

	/**
	 * A registry entry, which lives as long as its service: bound to its key.
	 */
	SERVICE_ENTRY((byte) 4, "entry", false),

	/**
	 * A node's web port, for discovery: bound to its node.
	 */
	WEB_ADDRESS((byte) 5, "address", false);

	static final byte FRAMES_KIND = 1;

	final byte kind;

	final String tag;

	final boolean fresh;

	Channel(byte kind, String tag, boolean fresh) {
		this.kind = kind;
		this.tag = tag;
		this.fresh = fresh;
	}

	/**
	 * Return the name of this channel in the {@code kind} tag of refusals.
	 * @return the tag
	 */
	public String tag() {
		return this.tag;
	}

}
