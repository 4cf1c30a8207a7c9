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

package dev.dispatch.benchmarks;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.topic.ITopic;

/**
 * Round trips over bare Hazelcast topics, the way Dispatch's frames travel but without
 * Dispatch: the caller publishes an id on a topic of the serving JVM and waits for it on
 * its own topic. The server answers either on Hazelcast's event thread, or after handing
 * the message to a thread of a pool, as Dispatch hands a message to its service's worker.
 *
 * @author Dispatch team
 */
final class TopicEcho {

	static final String DIRECT = "bench-topic-direct";

	static final String HANDED_OFF = "bench-topic-handed-off";

	static final String ANSWERS = "bench-topic-answers";

	private TopicEcho() {
	}

	/**
	 * Answer on both topics, in the serving JVM.
	 * @param hazelcast the serving member
	 * @param threads the size of the pool that the hand-off topic answers on
	 */
	static void serve(HazelcastInstance hazelcast, int threads) {
		ITopic<byte[]> answers = hazelcast.getTopic(ANSWERS);
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		hazelcast.<byte[]>getTopic(DIRECT).addMessageListener((message) -> answers.publish(message.getMessageObject()));
		hazelcast.<byte[]>getTopic(HANDED_OFF)
			.addMessageListener((message) -> pool.execute(() -> answers.publish(message.getMessageObject())));
	}

	/**
	 * Return a round trip on one of the serving topics, in the calling JVM.
	 * @param hazelcast the calling member
	 * @param topic {@link #DIRECT} or {@link #HANDED_OFF}
	 * @return a round trip that returns its id
	 */
	static LongSupplier roundTrip(HazelcastInstance hazelcast, String topic) {
		Map<Long, CompletableFuture<Long>> waiting = new ConcurrentHashMap<>();
		AtomicLong ids = new AtomicLong();
		hazelcast.<byte[]>getTopic(ANSWERS).addMessageListener((message) -> {
			long id = ByteBuffer.wrap(message.getMessageObject()).getLong();
			CompletableFuture<Long> answer = waiting.remove(id);
			if (answer != null) {
				answer.complete(id);
			}
		});
		ITopic<byte[]> requests = hazelcast.getTopic(topic);
		return () -> {
			long id = ids.incrementAndGet();
			CompletableFuture<Long> answer = new CompletableFuture<>();
			waiting.put(id, answer);
			requests.publish(ByteBuffer.allocate(16).putLong(id).putLong(0).array());
			try {
				return answer.get(10, TimeUnit.SECONDS);
			}
			catch (Exception ex) {
				waiting.remove(id);
				throw new IllegalStateException("No answer to " + id + " on " + topic, ex);
			}
		};
	}

}
