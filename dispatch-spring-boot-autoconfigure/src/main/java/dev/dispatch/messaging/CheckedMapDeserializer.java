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

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.std.DelegatingDeserializer;
import tools.jackson.databind.type.MapType;

/**
 * Reads a {@link Map} whose keys are not {@link Comparable} (an application's type built
 * from a string, say) without letting their hash codes cost more than linear time: no
 * more than {@value CheckedSetDeserializer#MAX_SAME_HASH_CODE} keys may share one hash
 * code, counted before a key goes into a hash table. Comparable keys need no check: a
 * hash table orders the keys of one hash code and finds them in logarithmic time.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
final class CheckedMapDeserializer extends DelegatingDeserializer {

	private CheckedMapDeserializer(ValueDeserializer<?> delegate) {
		super(delegate);
	}

	@Override
	protected ValueDeserializer<?> newDelegatingInstance(ValueDeserializer<?> newDelegatee) {
		return new CheckedMapDeserializer(newDelegatee);
	}

	@Override
	@SuppressWarnings("unchecked")
	public Object deserialize(JsonParser p, DeserializationContext ctxt) {
		ValueDeserializer<Object> delegate = (ValueDeserializer<Object>) this._delegatee;
		Map<Object, Object> checked = new HashCodeLimitedMap(this, ctxt);
		delegate.deserialize(p, ctxt, checked);
		if (delegate.getEmptyValue(ctxt) instanceof Map<?, ?> map) {
			((Map<Object, Object>) map).putAll(checked);
			return map;
		}
		return checked;
	}

	/**
	 * A map that refuses a key once {@value CheckedSetDeserializer#MAX_SAME_HASH_CODE}
	 * keys with its hash code are in it.
	 */
	private static final class HashCodeLimitedMap extends LinkedHashMap<Object, Object> {

		private static final long serialVersionUID = 1L;

		private final transient CheckedMapDeserializer deserializer;

		private final transient DeserializationContext ctxt;

		private final Map<Integer, Integer> keysByHashCode = new HashMap<>();

		HashCodeLimitedMap(CheckedMapDeserializer deserializer, DeserializationContext ctxt) {
			this.deserializer = deserializer;
			this.ctxt = ctxt;
		}

		@Override
		public Object put(Object key, Object value) {
			int count = this.keysByHashCode.merge(Objects.hashCode(key), 1, Integer::sum);
			if (count > CheckedSetDeserializer.MAX_SAME_HASH_CODE) {
				this.ctxt.reportInputMismatch(this.deserializer, "more than "
						+ CheckedSetDeserializer.MAX_SAME_HASH_CODE + " keys of a map share one hash code");
			}
			return super.put(key, value);
		}

	}

	/**
	 * Puts a {@link CheckedMapDeserializer} in front of every map whose keys are not
	 * comparable.
	 */
	static final class Modifier extends CheckedSetDeserializer.Modifier {

		@Override
		public ValueDeserializer<?> modifyMapDeserializer(DeserializationConfig config, MapType type,
				BeanDescription.Supplier beanDescRef, ValueDeserializer<?> deserializer) {
			boolean comparableKeys = type.getKeyType().isTypeOrSubTypeOf(Comparable.class);
			return comparableKeys ? deserializer : new CheckedMapDeserializer(deserializer);
		}

	}

}
