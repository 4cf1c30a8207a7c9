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

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Tests for {@link Frames}: what a batch from another member may hold.
 *
 * @author Dispatch team
 */
class FramesTests {

	@Test
	void aBatchThatNamesAnotherSenderThanItsPublisherIsRefused() {
		byte[] batch = Frames.batch("b", List.of(Frames.ack("s", 1)));
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> Frames.read(batch, "intruder", new Recorder()))
			.withMessageContaining("claims to come from b");
	}

	@Test
	void aFrameWhoseHandlingFailsDoesNotCostTheFramesAfterIt() throws IOException {
		byte[] batch = Frames.batch("b", List.of(Frames.ack("fails", 1), Frames.ack("s", 2)));
		Recorder recorder = new Recorder();
		Frames.read(batch, "b", recorder);
		assertThat(recorder.acks).containsExactly("fails", "s");
	}

	@Test
	void headersAreBoundedOnBothSides() {
		Map<String, String> many = new HashMap<>();
		for (int i = 0; i < 65; i++) {
			many.put("h" + i, "v");
		}
		assertThatIllegalArgumentException().isThrownBy(() -> Frames.checkHeaders(many)).withMessageContaining("65");
		Map<String, String> long_ = Map.of("h", "x".repeat(9000));
		assertThatIllegalArgumentException().isThrownBy(() -> Frames.checkHeaders(long_)).withMessageContaining("8192");
		Frames.checkHeaders(Map.of("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"));
		byte[] batch = Frames.batch("b", List.of(Frames.cast("s", long_, "java.lang.String", new byte[0])));
		assertThatExceptionOfType(IOException.class).isThrownBy(() -> Frames.read(batch, "b", new Recorder()))
			.withMessageContaining("headers exceed");
	}

	private static final class Recorder extends FrameVisitorAdapter {

		private final List<String> acks = new ArrayList<>();

		@Override
		public void onAck(String sender, String serviceId, int count) {
			this.acks.add(serviceId);
			if (serviceId.equals("fails")) {
				throw new IllegalStateException("refused");
			}
		}

	}

}
