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

import java.util.Collection;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The allow-list of classes that may be rebuilt from bytes that arrive from other nodes:
 * the JDK's value types (including the value types of {@code java.time}, but not the rest
 * of that package), the collection interfaces, arrays of trusted types, classes in the
 * packages of handler parameter types (exactly those packages), and classes in trusted
 * packages (a trusted package also trusts its sub-packages; {@code *} trusts everything).
 *
 * @author Dispatch team
 * @since 0.1.0
 */
public final class TrustedTypes {

	private static final Set<String> JDK_TYPES = Set.of("java.lang.String", "java.lang.Boolean", "java.lang.Character",
			"java.lang.Byte", "java.lang.Short", "java.lang.Integer", "java.lang.Long", "java.lang.Float",
			"java.lang.Double", "java.math.BigInteger", "java.math.BigDecimal", "java.util.UUID", "java.util.List",
			"java.util.Set", "java.util.Map", "java.time.Instant", "java.time.Duration", "java.time.LocalDate",
			"java.time.LocalTime", "java.time.LocalDateTime", "java.time.OffsetDateTime", "java.time.OffsetTime",
			"java.time.ZonedDateTime", "java.time.Period", "java.time.Year", "java.time.YearMonth",
			"java.time.MonthDay", "java.time.ZoneOffset", "java.time.DayOfWeek", "java.time.Month", "java.time.ZoneId",
			"java.time.ZoneRegion");

	private final Set<String> prefixes = ConcurrentHashMap.newKeySet();

	private final Set<String> packages = ConcurrentHashMap.newKeySet();

	private volatile boolean trustAll;

	/**
	 * Trust the classes of these packages and their sub-packages; {@code *} trusts all.
	 * @param packageNames the package names
	 */
	public void trustPackages(Collection<String> packageNames) {
		for (String name : packageNames) {
			String trimmed = name.trim();
			if (trimmed.equals("*")) {
				this.trustAll = true;
			}
			else if (!trimmed.isEmpty()) {
				this.prefixes.add(trimmed.endsWith(".") ? trimmed : trimmed + ".");
			}
		}
	}

	/**
	 * Trust the classes in the packages of these classes, but not in their sub-packages.
	 * The JDK's packages are left out.
	 * @param types the classes
	 */
	public void trustPackagesOf(Collection<Class<?>> types) {
		for (Class<?> type : types) {
			Class<?> component = type;
			while (component.isArray()) {
				component = component.getComponentType();
			}
			if (!component.isPrimitive() && !component.getPackageName().startsWith("java.")) {
				this.packages.add(component.getPackageName());
			}
		}
	}

	/**
	 * Return whether a class of this name may be rebuilt.
	 * @param className the binary class name, as {@link Class#getName()} gives it
	 * @return whether it is trusted
	 */
	public boolean isTrusted(String className) {
		if (this.trustAll || JDK_TYPES.contains(className)) {
			return true;
		}
		if (className.startsWith("[")) {
			return isTrustedArray(className);
		}
		int lastDot = className.lastIndexOf('.');
		if (lastDot > 0 && this.packages.contains(className.substring(0, lastDot))) {
			return true;
		}
		for (String prefix : this.prefixes) {
			if (className.startsWith(prefix)) {
				return true;
			}
		}
		return false;
	}

	private boolean isTrustedArray(String className) {
		String component = className.substring(1);
		if (component.length() == 1) {
			return "ZBCSIJFD".contains(component);
		}
		if (component.startsWith("[")) {
			return isTrustedArray(component);
		}
		return component.startsWith("L") && component.endsWith(";")
				&& isTrusted(component.substring(1, component.length() - 1));
	}

	/**
	 * Return the trusted packages, for diagnostics: {@code com.example.*} for a package
	 * and its sub-packages, {@code com.example} for that package alone.
	 * @return the packages, or {@code *}
	 */
	public Set<String> getPackages() {
		if (this.trustAll) {
			return Set.of("*");
		}
		Set<String> all = new TreeSet<>(this.packages);
		this.prefixes.forEach((prefix) -> all.add(prefix + "*"));
		return Collections.unmodifiableSet(all);
	}

}
