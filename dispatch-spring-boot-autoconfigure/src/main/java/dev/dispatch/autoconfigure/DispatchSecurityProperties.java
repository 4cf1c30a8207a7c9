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

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of the cluster secret, which authenticates and encrypts what
 * nodes send each other.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
@ConfigurationProperties("dispatch.security")
public class DispatchSecurityProperties {

	/**
	 * Secret that every node of the cluster holds, at least 32 characters long: what
	 * nodes send each other is signed, and messages and replies are encrypted, with keys
	 * derived from it. Best set from an environment variable (DISPATCH_SECURITY_SECRET).
	 */
	private @Nullable String secret;

	/**
	 * Secret the cluster had before, accepted from nodes that still use it while the
	 * nodes are restarted one by one with a new secret; sent only to nodes not yet known
	 * to hold the new one.
	 */
	private @Nullable String previousSecret;

	/**
	 * Whether a node that can be reached beyond this host (a non-loopback interface or
	 * member, multicast, or discovery) may start without a secret; logs a warning at
	 * every start.
	 */
	private boolean allowInsecure;

	public @Nullable String getSecret() {
		return this.secret;
	}

	public void setSecret(@Nullable String secret) {
		this.secret = secret;
	}

	public @Nullable String getPreviousSecret() {
		return this.previousSecret;
	}

	public void setPreviousSecret(@Nullable String previousSecret) {
		this.previousSecret = previousSecret;
	}

	public boolean isAllowInsecure() {
		return this.allowInsecure;
	}

	public void setAllowInsecure(boolean allowInsecure) {
		this.allowInsecure = allowInsecure;
	}

	boolean hasSecret() {
		return this.secret != null && !this.secret.isEmpty();
	}

}
