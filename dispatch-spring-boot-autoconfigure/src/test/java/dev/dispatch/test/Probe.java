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

package dev.dispatch.test;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializable;

/**
 * A value whose rebuilding by Hazelcast is counted, with no Java serialization involved:
 * what a hostile member plants to see whether a node rebuilds what it sends.
 *
 * @author Dispatch team
 */
public final class Probe implements DataSerializable {

	/**
	 * How many times a probe was rebuilt in this JVM.
	 */
	public static final AtomicInteger rebuilt = new AtomicInteger();

	@Override
	public void writeData(ObjectDataOutput out) throws IOException {
		out.writeInt(42);
	}

	@Override
	public void readData(ObjectDataInput in) throws IOException {
		rebuilt.incrementAndGet();
		in.readInt();
	}

}
