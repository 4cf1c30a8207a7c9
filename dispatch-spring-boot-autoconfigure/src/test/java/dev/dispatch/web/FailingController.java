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

package dev.dispatch.web;

import java.time.Duration;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.dispatch.DispatchException;
import dev.dispatch.DispatchRemoteException;
import dev.dispatch.DispatchTimeoutException;
import dev.dispatch.ServiceOverloadedException;
import dev.dispatch.ServiceRef;
import dev.dispatch.ServiceUnavailableException;

/**
 * A controller whose endpoints each let one Dispatch exception escape.
 *
 * @author Dispatch team
 */
@RestController
class FailingController {

	static final ServiceRef SERVICE = new ServiceRef("counters", "counters-1", "node-a");

	@GetMapping("/unavailable")
	String unavailable() {
		throw new ServiceUnavailableException("counters");
	}

	@GetMapping("/overloaded")
	String overloaded() {
		throw new ServiceOverloadedException(SERVICE, 10);
	}

	@GetMapping("/timeout")
	String timeout() {
		throw new DispatchTimeoutException(SERVICE, Duration.ofMillis(2000));
	}

	@GetMapping("/remote")
	String remote() {
		throw new DispatchRemoteException(SERVICE, IllegalStateException.class.getName(), "secret text", null);
	}

	@GetMapping("/other")
	String other() {
		throw new DispatchException("Node node-a is shutting down");
	}

}
