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

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

import javax.management.ObjectName;

/**
 * The live objects of this JVM by class ({@code GC.class_histogram}, which runs a full GC
 * first), and which classes grew since the last one.
 *
 * @author Dispatch team
 */
final class HeapHistogram {

	private Map<String, long[]> last = Map.of();

	private long lastBytes;

	private long grownBytes;

	/**
	 * Take a histogram and return the classes whose live bytes grew most since the last.
	 * @param limit how many classes
	 * @param per what to divide instances and bytes by, such as the keys added
	 * @return one line per class: bytes and instances per {@code per}, and the class
	 * @throws Exception if the histogram could not be taken
	 */
	String growth(int limit, long per) throws Exception {
		Map<String, long[]> now = take();
		Map<String, long[]> before = this.last;
		this.last = now;
		long bytes = now.values().stream().mapToLong((counts) -> counts[1]).sum();
		this.grownBytes = bytes - this.lastBytes;
		this.lastBytes = bytes;
		return now.entrySet()
			.stream()
			.map((entry) -> Map.entry(entry.getKey(), grown(entry.getValue(), before.get(entry.getKey()))))
			.sorted((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1]))
			.limit(limit)
			.map((entry) -> String.format("    %8.1f B %6.2f objects  %s", entry.getValue()[1] / (double) per,
					entry.getValue()[0] / (double) per, entry.getKey()))
			.collect(Collectors.joining(System.lineSeparator()));
	}

	/**
	 * Return how many bytes of live objects the last histogram held more than the one
	 * before it.
	 * @return the bytes
	 */
	long grownBytes() {
		return this.grownBytes;
	}

	private static long[] grown(long[] now, long[] before) {
		return (before != null) ? new long[] { now[0] - before[0], now[1] - before[1] } : now;
	}

	private static Map<String, long[]> take() throws Exception {
		String text = (String) ManagementFactory.getPlatformMBeanServer()
			.invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
					new Object[] { new String[0] }, new String[] { String[].class.getName() });
		Map<String, long[]> classes = new HashMap<>();
		for (String line : text.split("\n")) {
			String[] fields = line.trim().split("\\s+");
			if (fields.length >= 4 && fields[0].endsWith(":")) {
				classes.put(fields[3], new long[] { Long.parseLong(fields[1]), Long.parseLong(fields[2]) });
			}
		}
		return classes;
	}

}
