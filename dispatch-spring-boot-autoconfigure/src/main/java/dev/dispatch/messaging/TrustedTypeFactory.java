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

import tools.jackson.databind.type.TypeFactory;

/**
 * The JSON mapper's type factory, which turns class names found inside a message into
 * classes only for trusted types, and refuses the others before they are loaded: naming a
 * class, as a type parameter of a trusted one say, must not run its static initializer.
 * Classes come from the codec's class loader.
 *
 * @author Dispatch team
 */
final class TrustedTypeFactory extends TypeFactory {

	private static final long serialVersionUID = 1L;

	private final transient TrustedTypes trustedTypes;

	private final transient ClassLoader classLoader;

	TrustedTypeFactory(TrustedTypes trustedTypes, ClassLoader classLoader) {
		this.trustedTypes = trustedTypes;
		this.classLoader = classLoader;
	}

	@Override
	public ClassLoader getClassLoader() {
		return this.classLoader;
	}

	@Override
	public Class<?> findClass(String className) throws ClassNotFoundException {
		boolean primitive = className.indexOf('.') < 0 && !className.startsWith("[");
		if (!primitive && !this.trustedTypes.isTrusted(className)) {
			throw new ClassNotFoundException("Class " + className + " is not a trusted type");
		}
		return super.findClass(className);
	}

	@Override
	public TypeFactory snapshot() {
		return new TrustedTypeFactory(this.trustedTypes, this.classLoader);
	}

}
