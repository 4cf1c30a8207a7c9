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

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.context.event.EventListener;

import dev.dispatch.ServiceInfo;
import dev.dispatch.ServiceJoinedEvent;
import dev.dispatch.ServiceLeftEvent;

/**
 * Records the join and leave events of a node, as {@code "join"} or {@code "leave"} and
 * the service.
 *
 * @author Dispatch team
 */
public class RecordedEvents {

	private final List<Event> events = new CopyOnWriteArrayList<>();

	@EventListener
	void joined(ServiceJoinedEvent event) {
		this.events.add(new Event("join", event.service()));
	}

	@EventListener
	void left(ServiceLeftEvent event) {
		this.events.add(new Event("leave", event.service()));
	}

	/**
	 * Return the events about services of one type, in order.
	 * @param type the service type
	 * @return the events
	 */
	public List<Event> ofType(String type) {
		return this.events.stream().filter((event) -> event.service().ref().type().equals(type)).toList();
	}

	/**
	 * One event.
	 *
	 * @param kind {@code "join"} or {@code "leave"}
	 * @param service the service
	 */
	public record Event(String kind, ServiceInfo service) {

	}

}
