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

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The frames waiting to go to one node. Whichever sending thread finds the outbox idle
 * publishes everything queued, in queue order, as batches: a lone sender pays no hand-off
 * and many senders share each publish. Frames from one thread keep their order.
 *
 * @author Dispatch team
 */
final class Outbox {

	private static final int MAX_BATCH_BYTES = 256 * 1024;

	private static final int MAX_BATCH_FRAMES = 1024;

	private final Queue<byte[]> queue = new ConcurrentLinkedQueue<>();

	private final AtomicBoolean publishing = new AtomicBoolean();

	private final String sender;

	private final Consumer<byte[]> publisher;

	Outbox(String sender, Consumer<byte[]> publisher) {
		this.sender = sender;
		this.publisher = publisher;
	}

	void send(byte[] frame) {
		this.queue.add(frame);
		while (!this.queue.isEmpty() && this.publishing.compareAndSet(false, true)) {
			try {
				publishQueued();
			}
			finally {
				this.publishing.set(false);
			}
		}
	}

	private void publishQueued() {
		List<byte[]> batch = new ArrayList<>();
		int bytes = 0;
		byte[] frame;
		while ((frame = this.queue.peek()) != null) {
			if (!batch.isEmpty() && (bytes + frame.length > MAX_BATCH_BYTES || batch.size() == MAX_BATCH_FRAMES)) {
				this.publisher.accept(Frames.batch(this.sender, batch));
				batch.clear();
				bytes = 0;
			}
			this.queue.poll();
			batch.add(frame);
			bytes += frame.length;
		}
		if (!batch.isEmpty()) {
			this.publisher.accept(Frames.batch(this.sender, batch));
		}
	}

}
