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

package dev.dispatch;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when a service's handler threw while processing a call. The message names the
 * class and message of the handler's exception; on the same node, the cause is that
 * exception itself.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
public class DispatchRemoteException extends DispatchException {

	private final ServiceRef service;

	private final String remoteExceptionClassName;

	public DispatchRemoteException(ServiceRef service, String remoteExceptionClassName, @Nullable String remoteMessage,
			@Nullable Throwable cause) {
		super("Service " + service.id() + " of type '" + service.type() + "' on node " + service.node() + " failed: "
				+ remoteExceptionClassName + ((remoteMessage != null) ? ": " + remoteMessage : ""), cause);
		this.service = service;
		this.remoteExceptionClassName = remoteExceptionClassName;
	}

	/**
	 * Return the class name of the exception that the handler threw.
	 * @return the class name
	 */
	public String getRemoteExceptionClassName() {
		return this.remoteExceptionClassName;
	}

	/**
	 * Return the service that failed.
	 * @return the service
	 */
	public ServiceRef getService() {
		return this.service;
	}

}
