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

package dev.dispatch.security;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * What the seal refused: counted by kind (what was refused) and reason, passed on to a
 * listener (the metrics), and logged at most once per period so that a flood of forged
 * bytes does not become a flood of log lines.
 * <p>
 * Threads: any thread that opens sealed bytes reports; the listener is set before the
 * node starts.
 *
 * @author Dispatch team
 */
final class Rejections {

	private static final Log logger = LogFactory.getLog(Rejections.class);

	private static final int MAX_NAME_LENGTH = 100;

	private final ThrottledLog log = new ThrottledLog(logger);

	private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

	private volatile ClusterSeal.RejectionListener listener = (kind, reason) -> {
	};

	void setListener(ClusterSeal.RejectionListener listener) {
		this.listener = listener;
	}

	void reject(String kind, String reason, String from) {
		this.counts.computeIfAbsent(kind + "/" + reason, (key) -> new LongAdder()).increment();
		this.listener.rejected(kind, reason);
		this.log.warn("Refused " + article(kind) + " from " + printable(from) + ": " + describe(reason));
	}

	private static String article(String kind) {
		return ("aeiou".indexOf(kind.charAt(0)) >= 0) ? "an " + kind : "a " + kind;
	}

	// the sender chose the name: no line breaks or other control characters, and not long
	private static String printable(String name) {
		String shown = name.codePoints()
			.limit(MAX_NAME_LENGTH)
			.map((c) -> Character.isISOControl(c) ? '?' : c)
			.collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
			.toString();
		return (name.length() > shown.length()) ? shown + "..." : shown;
	}

	long count(String kind, String reason) {
		LongAdder count = this.counts.get(kind + "/" + reason);
		return (count != null) ? count.sum() : 0;
	}

	private static String describe(String reason) {
		return switch (reason) {
			case ClusterSeal.UNAUTHENTICATED -> "it is not sealed with this cluster's secret";
			case ClusterSeal.REPLAYED -> "it was received before";
			case ClusterSeal.EXPIRED -> "it is too old by this node's clock, or was sealed before this node started";
			default -> "it is not sealed at all";
		};
	}

}
