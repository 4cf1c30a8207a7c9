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

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.BeanDescription;
import tools.jackson.databind.DeserializationConfig;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.deser.ValueDeserializerModifier;
import tools.jackson.databind.deser.jdk.CollectionDeserializer;
import tools.jackson.databind.deser.jdk.StringCollectionDeserializer;
import tools.jackson.databind.deser.std.DelegatingDeserializer;
import tools.jackson.databind.type.CollectionType;

/**
 * Reads a {@link java.util.Set} without letting its elements' hash codes cost more than
 * linear time: the elements are read into a list and checked before any is hashed. A set
 * may not hold lists, maps or sets, and no more than {@value #MAX_SAME_HASH_CODE} of its
 * elements may share one hash code; otherwise a sender could make every insertion compare
 * against all the elements before it.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
final class CheckedSetDeserializer extends DelegatingDeserializer {

	static final int MAX_SAME_HASH_CODE = 64;

	private CheckedSetDeserializer(ValueDeserializer<?> delegate) {
		super(delegate);
	}

	@Override
	protected ValueDeserializer<?> newDelegatingInstance(ValueDeserializer<?> newDelegatee) {
		return new CheckedSetDeserializer(newDelegatee);
	}

	@Override
	@SuppressWarnings("unchecked")
	public Object deserialize(JsonParser p, DeserializationContext ctxt) {
		ValueDeserializer<Object> delegate = (ValueDeserializer<Object>) this._delegatee;
		List<Object> elements = new ArrayList<>();
		delegate.deserialize(p, ctxt, elements);
		check(elements, ctxt);
		Collection<Object> set = (Collection<Object>) delegate.getEmptyValue(ctxt);
		set.addAll(elements);
		return set;
	}

	private void check(List<Object> elements, DeserializationContext ctxt) {
		int[] hashCodes = new int[elements.size()];
		for (int i = 0; i < hashCodes.length; i++) {
			Object element = elements.get(i);
			if (element instanceof Collection || element instanceof Map) {
				ctxt.reportInputMismatch(this, "a set may not hold lists, maps or sets; send a list of them instead");
			}
			hashCodes[i] = Objects.hashCode(element);
		}
		Arrays.sort(hashCodes);
		for (int i = MAX_SAME_HASH_CODE; i < hashCodes.length; i++) {
			if (hashCodes[i] == hashCodes[i - MAX_SAME_HASH_CODE]) {
				ctxt.reportInputMismatch(this,
						"more than " + MAX_SAME_HASH_CODE + " elements of a set share one hash code");
			}
		}
	}

	/**
	 * Puts a {@link CheckedSetDeserializer} in front of every set that Jackson reads.
	 */
	static class Modifier extends ValueDeserializerModifier {

		@Override
		public ValueDeserializer<?> modifyCollectionDeserializer(DeserializationConfig config, CollectionType type,
				BeanDescription.Supplier beanDescRef, ValueDeserializer<?> deserializer) {
			boolean set = type.isTypeOrSubTypeOf(java.util.Set.class);
			boolean readsInto = deserializer instanceof CollectionDeserializer
					|| deserializer instanceof StringCollectionDeserializer;
			return (set && readsInto) ? new CheckedSetDeserializer(deserializer) : deserializer;
		}

	}

}
