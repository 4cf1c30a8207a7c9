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

package dev.dispatch.observation;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;

/**
 * Records the context of every observation that stops.
 *
 * @author Dispatch team
 */
class RecordingObservationHandler implements ObservationHandler<Observation.Context> {

	private final List<Observation.Context> stopped = new CopyOnWriteArrayList<>();

	@Override
	public boolean supportsContext(Observation.Context context) {
		return true;
	}

	@Override
	public void onStop(Observation.Context context) {
		this.stopped.add(context);
	}

	/**
	 * Return the first stopped observation of that name.
	 * @param name the name
	 * @return the context, or {@code null}
	 */
	Observation.Context find(String name) {
		return this.stopped.stream().filter((context) -> name.equals(context.getName())).findFirst().orElse(null);
	}

	/**
	 * Return the first stopped observation of a template's cast or call.
	 * @param name the name
	 * @param operation {@code cast} or {@code call}
	 * @return the context, or {@code null}
	 */
	Observation.Context find(String name, String operation) {
		return all(name).stream()
			.filter((context) -> context instanceof DispatchSenderContext sender
					&& operation.equals(sender.getOperation()))
			.findFirst()
			.orElse(null);
	}

	/**
	 * Return the stopped observations of that name.
	 * @param name the name
	 * @return the contexts
	 */
	List<Observation.Context> all(String name) {
		return this.stopped.stream().filter((context) -> name.equals(context.getName())).toList();
	}

	/**
	 * Return the low-cardinality tags of an observation.
	 * @param context the context
	 * @return the tags by key
	 */
	static Map<String, String> lowCardinalityTags(Observation.Context context) {
		return context.getLowCardinalityKeyValues()
			.stream()
			.collect(Collectors.toMap(KeyValue::getKey, KeyValue::getValue));
	}

}
