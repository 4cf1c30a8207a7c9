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

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.function.IntFunction;

/**
 * What hostile but well-formed messages cost the codec to decode, or to refuse: messages
 * that a member of the cluster may send to any service. Prints the best and median time
 * of each over a number of runs.
 * <p>
 * Run with {@code java -cp dispatch-benchmarks/target/benchmarks.jar
 * dev.dispatch.messaging.DecodeCost [runs]}.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
public final class DecodeCost {

	private static final int MB = 1 << 20;

	private final MessageCodec codec;

	private final int runs;

	private DecodeCost(int runs) {
		TrustedTypes trusted = new TrustedTypes();
		trusted.trustPackages(Set.of(DecodeCost.class.getPackageName()));
		this.codec = MessageCodec.create(trusted, DecodeCost.class.getClassLoader());
		this.runs = runs;
	}

	public static void main(String[] args) {
		DecodeCost cost = new DecodeCost((args.length > 0) ? Integer.parseInt(args[0]) : 7);
		cost.time("Set of 10,000 hash-colliding lists", "java.util.Set",
				join("[", "]", 10_000, (x) -> "[" + x + "," + (-31 * x) + "]"));
		cost.time("Set of hash-colliding lists, 1 MB", "java.util.Set",
				fill("[", "]", (x) -> "[" + x + "," + (-31 * x) + "]", MB));
		cost.time("record with a Set of 10,000 hash-colliding records", Points.class.getName(),
				"{\"points\":" + join("[", "]", 10_000, (x) -> "{\"x\":" + x + ",\"y\":" + (-31 * x) + "}") + "}");
		cost.time("Set of hash-colliding strings, 1 MB", "java.util.Set",
				fill("[", "]", DecodeCost::collidingString, MB));
		cost.time("record with a map of hash-colliding keys, 1 MB", Tally.class.getName(),
				"{\"counts\":" + fill("{", "}", (i) -> collidingString(i) + ":" + i, MB - 20) + "}");
		cost.time("BigInteger[] of 10 x 1e99999", "[Ljava.math.BigInteger;", join("[", "]", 10, (i) -> "1e99999"));
		cost.time("BigInteger[] of 1e99999, 1 MB", "[Ljava.math.BigInteger;", fill("[", "]", (i) -> "1e99999", MB));
		cost.time("BigDecimal[] of 1e99999, 1 MB", "[Ljava.math.BigDecimal;", fill("[", "]", (i) -> "1e99999", MB));
		String digits = "9".repeat(1000);
		cost.time("BigInteger[] of 1,000-digit numbers, 1 MB", "[Ljava.math.BigInteger;",
				fill("[", "]", (i) -> digits, MB));
		cost.time("List nested 512 Ki deep", "java.util.List", "[".repeat(MB / 2) + "]".repeat(MB / 2));
		cost.time("Lists nested 63 deep, 1 MB", "java.util.List",
				fill("[", "]", (i) -> "[".repeat(63) + "]".repeat(63), MB));
		cost.time("Set of integers (ordinary), 1 MB", "java.util.Set", fill("[", "]", Integer::toString, MB));
		cost.time("Map of strings (ordinary), 1 MB", "java.util.Map",
				fill("{", "}", (x) -> "\"k" + x + "\":\"v" + x + "\"", MB));
	}

	private static String collidingString(int i) {
		StringBuilder text = new StringBuilder("\"");
		for (int bit = 0; bit < 16; bit++) {
			text.append((((i >> bit) & 1) == 0) ? "Aa" : "BB");
		}
		return text.append('"').toString();
	}

	private static String join(String open, String close, int count, IntFunction<String> element) {
		StringJoiner joined = new StringJoiner(",", open, close);
		for (int i = 0; i < count; i++) {
			joined.add(element.apply(i));
		}
		return joined.toString();
	}

	private static String fill(String open, String close, IntFunction<String> element, int maxBytes) {
		StringJoiner joined = new StringJoiner(",", open, close);
		int size = open.length() + close.length();
		for (int i = 0;; i++) {
			String next = element.apply(i);
			if (size + next.length() + 1 > maxBytes) {
				return joined.toString();
			}
			size += next.length() + 1;
			joined.add(next);
		}
	}

	private void time(String label, String type, String json) {
		byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
		List<Long> micros = new ArrayList<>();
		String outcome = "";
		for (int run = 0; run < this.runs; run++) {
			long start = System.nanoTime();
			try {
				this.codec.decode(type, bytes, "benchmark");
				outcome = "decoded";
			}
			catch (RuntimeException ex) {
				String message = String.valueOf(ex.getMessage());
				outcome = "refused: " + message.substring(0, Math.min(90, message.length()));
			}
			micros.add((System.nanoTime() - start) / 1000);
		}
		micros.sort(null);
		System.out.printf("%-52s | %8d B | best %8.1f ms | median %8.1f ms | %s%n", label, bytes.length,
				micros.get(0) / 1000.0, micros.get(micros.size() / 2) / 1000.0, outcome);
	}

	/**
	 * A message with a map whose keys are built from strings and hash as the strings do.
	 *
	 * @param counts counts by name
	 */
	public record Tally(Map<Name, Integer> counts) {
	}

	/**
	 * A name.
	 *
	 * @param value the name
	 */
	public record Name(String value) {
	}

	/**
	 * A message with a set of records.
	 *
	 * @param points the points
	 */
	public record Points(Set<Point> points) {
	}

	/**
	 * A point.
	 *
	 * @param x its x
	 * @param y its y
	 */
	public record Point(int x, int y) {
	}

}
