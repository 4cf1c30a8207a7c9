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

package dev.dispatch.annotation;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

import dev.dispatch.DispatchException;
import dev.dispatch.DispatchHandler;

/**
 * The {@link DispatchHandler @DispatchHandler} methods of one handler object, and the
 * choice among them by the runtime type of a message.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
public final class HandlerMethods {

	private final Object handler;

	private final Map<Class<?>, Method> byParameterType;

	private final @Nullable Method defaultMethod;

	private final Map<Class<?>, Method> resolved = new ConcurrentHashMap<>();

	private HandlerMethods(Object handler, Map<Class<?>, Method> byParameterType, @Nullable Method defaultMethod) {
		this.handler = handler;
		this.byParameterType = byParameterType;
		this.defaultMethod = defaultMethod;
	}

	/**
	 * Resolve the handler methods of an object.
	 * @param handler the handler, possibly a proxy
	 * @return its handler methods
	 * @throws IllegalArgumentException if it has none, or two accept the same type, or
	 * more than one is the default, or one does not take exactly one parameter
	 */
	public static HandlerMethods of(Object handler) {
		Class<?> targetClass = AopUtils.getTargetClass(handler);
		Map<Method, DispatchHandler> annotated = MethodIntrospector.selectMethods(targetClass,
				(MethodIntrospector.MetadataLookup<DispatchHandler>) (method) -> AnnotatedElementUtils
					.findMergedAnnotation(method, DispatchHandler.class));
		if (annotated.isEmpty()) {
			throw new IllegalArgumentException(targetClass.getName() + " has no @DispatchHandler methods: annotate "
					+ "at least one public method that takes the message as its only parameter");
		}
		Map<Class<?>, Method> byType = new LinkedHashMap<>();
		Method defaultMethod = null;
		for (Map.Entry<Method, DispatchHandler> entry : sortedByName(annotated)) {
			Method method = entry.getKey();
			if (method.getParameterCount() != 1) {
				throw new IllegalArgumentException("@DispatchHandler method " + describe(method)
						+ " must take exactly one parameter, the message, but takes " + method.getParameterCount());
			}
			Method invocable = AopUtils.selectInvocableMethod(method, handler.getClass());
			ReflectionUtils.makeAccessible(invocable);
			Class<?> type = ClassUtils.resolvePrimitiveIfNecessary(method.getParameterTypes()[0]);
			Method previous = byType.putIfAbsent(type, invocable);
			if (previous != null) {
				throw new IllegalArgumentException("@DispatchHandler methods " + describe(previous) + " and "
						+ describe(method) + " both accept " + type.getName() + ": keep one handler per message type");
			}
			if (entry.getValue().isDefault()) {
				if (defaultMethod != null) {
					throw new IllegalArgumentException("@DispatchHandler methods " + describe(defaultMethod) + " and "
							+ describe(method) + " are both marked isDefault: at most one handler can be the default");
				}
				defaultMethod = invocable;
			}
		}
		return new HandlerMethods(handler, Map.copyOf(byType), defaultMethod);
	}

	private static List<Map.Entry<Method, DispatchHandler>> sortedByName(Map<Method, DispatchHandler> methods) {
		List<Map.Entry<Method, DispatchHandler>> entries = new ArrayList<>(methods.entrySet());
		entries
			.sort(Comparator.comparing((Map.Entry<Method, DispatchHandler> entry) -> entry.getKey().toGenericString()));
		return entries;
	}

	private static String describe(Method method) {
		return method.getDeclaringClass().getSimpleName() + "." + method.getName() + "("
				+ method.getParameterTypes()[0].getSimpleName() + ")";
	}

	/**
	 * Return the parameter types that the handler methods accept.
	 * @return the accepted message types
	 */
	public Set<Class<?>> getMessageTypes() {
		return this.byParameterType.keySet();
	}

	/**
	 * Return the handler object.
	 * @return the handler
	 */
	public Object getHandler() {
		return this.handler;
	}

	/**
	 * Handle a message with the method that accepts its runtime type most specifically.
	 * @param message the message
	 * @return the method's return value, {@code null} for {@code void} methods
	 * @throws DispatchException if no method, or no single most specific method, accepts
	 * the message
	 * @throws HandlerFailedException if the method threw
	 */
	public @Nullable Object invoke(Object message) {
		Method method = this.resolved.computeIfAbsent(message.getClass(), this::resolve);
		try {
			return method.invoke(this.handler, message);
		}
		catch (InvocationTargetException ex) {
			throw new HandlerFailedException(ex.getTargetException());
		}
		catch (IllegalAccessException ex) {
			throw new HandlerFailedException(ex);
		}
	}

	private Method resolve(Class<?> messageType) {
		List<Class<?>> candidates = this.byParameterType.keySet()
			.stream()
			.filter((type) -> type.isAssignableFrom(messageType))
			.toList();
		if (candidates.isEmpty()) {
			if (this.defaultMethod != null && this.defaultMethod.getParameterTypes()[0].isAssignableFrom(messageType)) {
				return this.defaultMethod;
			}
			throw new DispatchException("No @DispatchHandler of " + AopUtils.getTargetClass(this.handler).getName()
					+ " accepts a message of type " + messageType.getName() + " (it accepts "
					+ this.byParameterType.keySet()
						.stream()
						.map(Class::getName)
						.sorted()
						.collect(Collectors.joining(", "))
					+ ")");
		}
		List<Class<?>> mostSpecific = candidates.stream()
			.filter((type) -> candidates.stream().allMatch((other) -> other.isAssignableFrom(type)))
			.toList();
		if (mostSpecific.size() != 1) {
			throw new DispatchException(
					"A message of type " + messageType.getName() + " matches several @DispatchHandler " + "methods of "
							+ AopUtils.getTargetClass(this.handler).getName() + " and none is more specific: "
							+ candidates.stream().map(Class::getName).sorted().collect(Collectors.joining(", ")));
		}
		return this.byParameterType.get(mostSpecific.get(0));
	}

	/**
	 * Thrown by {@link #invoke(Object)} when the handler method itself threw.
	 */
	public static final class HandlerFailedException extends RuntimeException {

		HandlerFailedException(Throwable cause) {
			super(cause.getMessage(), cause, false, false);
		}

	}

}
