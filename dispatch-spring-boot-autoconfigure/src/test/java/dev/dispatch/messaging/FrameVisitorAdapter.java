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

import java.util.Map;

/**
 * A {@link Frames.Visitor} that ignores every frame: tests override what they read.
 *
 * @author Dispatch team
 */
class FrameVisitorAdapter implements Frames.Visitor {

	@Override
	public void onCast(String sender, String serviceId, Map<String, String> headers, String typeName, byte[] payload) {
	}

	@Override
	public void onCall(String sender, long callId, String serviceId, Map<String, String> headers, String typeName,
			byte[] payload) {
	}

	@Override
	public void onReply(String sender, long callId, String typeName, byte[] payload) {
	}

	@Override
	public void onError(String sender, long callId, byte status, String errorType, String message) {
	}

	@Override
	public void onAck(String sender, String serviceId, int count) {
	}

}
