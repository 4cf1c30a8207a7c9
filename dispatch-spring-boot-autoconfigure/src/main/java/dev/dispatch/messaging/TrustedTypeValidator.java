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

import tools.jackson.databind.DatabindContext;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.jsontype.PolymorphicTypeValidator;

/**
 * Lets the JSON of a message name a class, where a type's {@code @JsonTypeInfo} asks for
 * one, only if that class is {@link TrustedTypes trusted}; the class is checked by name,
 * before it is loaded.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
final class TrustedTypeValidator extends PolymorphicTypeValidator.Base {

	private static final long serialVersionUID = 1L;

	private final transient TrustedTypes trustedTypes;

	TrustedTypeValidator(TrustedTypes trustedTypes) {
		this.trustedTypes = trustedTypes;
	}

	@Override
	public Validity validateSubClassName(DatabindContext ctxt, JavaType baseType, String subClassName) {
		return this.trustedTypes.isTrusted(subClassName) ? Validity.ALLOWED : Validity.DENIED;
	}

	@Override
	public Validity validateSubType(DatabindContext ctxt, JavaType baseType, JavaType subType) {
		return validateSubClassName(ctxt, baseType, subType.getRawClass().getName());
	}

}
