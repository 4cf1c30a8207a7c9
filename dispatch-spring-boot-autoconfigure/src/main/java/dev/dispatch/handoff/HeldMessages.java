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

package dev.dispatch.handoff;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongPredicate;

import dev.dispatch.messaging.GatedMessage;

/**
 * The messages a stateful service holds: per key, those that wait for the key's state, in
 * the order they came; and strays, forwarded as often as a message may be, that wait for
 * the service's next ring or hand-off. Released messages go back to the head of the
 * mailbox in the order they came.
 * <p>
 * Threads: not thread-safe; guarded by the {@link StatefulService} that holds it, whose
 * lock is held while messages are put back, never while they run.
 *
 * @author Dispatch team
 */
final class HeldMessages {

	/**
	 * How many messages a service holds at most; beyond, a message that would wait is
	 * refused as overloaded, since held messages no longer count in the mailbox.
	 */
	static final int MAX_HELD = 10_000;

	private final Map<Long, ArrayDeque<GatedMessage>> byKey = new LinkedHashMap<>();

	private final List<Stray> strays = new ArrayList<>();

	private int count;

	/**
	 * Hold a message until the state of its key arrives.
	 * @return whether it is held: not when too many wait already
	 */
	boolean holdForKey(GatedMessage message, long keyHash) {
		if (this.count >= MAX_HELD) {
			return false;
		}
		this.count++;
		this.byKey.computeIfAbsent(keyHash, (hash) -> new ArrayDeque<>()).add(message);
		return true;
	}

	/**
	 * Hold a message until the service's next ring or hand-off.
	 * @return whether it is held: not when too many wait already
	 */
	boolean holdStray(GatedMessage message, long now) {
		if (this.count >= MAX_HELD) {
			return false;
		}
		this.count++;
		this.strays.add(new Stray(message, now));
		return true;
	}

	boolean holdsKey(long keyHash) {
		return this.byKey.containsKey(keyHash);
	}

	Set<Long> keys() {
		return this.byKey.keySet();
	}

	int count() {
		return this.count;
	}

	/**
	 * Put back the messages of the keys that may run now.
	 */
	void releaseWhere(LongPredicate mayRun) {
		List<GatedMessage> released = new ArrayList<>();
		for (Iterator<Map.Entry<Long, ArrayDeque<GatedMessage>>> it = this.byKey.entrySet().iterator(); it.hasNext();) {
			Map.Entry<Long, ArrayDeque<GatedMessage>> waiting = it.next();
			if (mayRun.test(waiting.getKey())) {
				it.remove();
				released.addAll(waiting.getValue());
			}
		}
		release(released, false);
	}

	/**
	 * Put back every stray, to be forwarded afresh.
	 */
	void releaseStrays() {
		List<GatedMessage> released = new ArrayList<>(this.strays.size());
		this.strays.forEach((stray) -> released.add(stray.message()));
		this.strays.clear();
		release(released, true);
	}

	/**
	 * Take out the strays that waited as long as a timeout.
	 * @return them, in the order they came
	 */
	List<GatedMessage> takeOverdueStrays(long now, long timeoutNanos) {
		List<GatedMessage> overdue = new ArrayList<>();
		for (Iterator<Stray> it = this.strays.iterator(); it.hasNext();) {
			Stray stray = it.next();
			if (now - stray.since() >= timeoutNanos) {
				it.remove();
				this.count--;
				overdue.add(stray.message());
			}
		}
		return overdue;
	}

	/**
	 * Put back every message held, to be decided on again afresh.
	 */
	void releaseAll() {
		List<GatedMessage> released = new ArrayList<>();
		this.byKey.values().forEach(released::addAll);
		this.byKey.clear();
		this.strays.forEach((stray) -> released.add(stray.message()));
		this.strays.clear();
		release(released, true);
	}

	/**
	 * Put messages back at the head of the mailbox in the order they came: each goes
	 * before the others, so the last is put back first.
	 */
	private void release(List<GatedMessage> messages, boolean afresh) {
		this.count -= messages.size();
		for (int i = messages.size() - 1; i >= 0; i--) {
			messages.get(i).release(afresh);
		}
	}

	private record Stray(GatedMessage message, long since) {

	}

}
