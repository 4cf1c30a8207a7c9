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

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.Assert;

import dev.dispatch.DispatchRegistry;
import dev.dispatch.DispatchService;
import dev.dispatch.ServiceOptions;

/**
 * Finds {@link DispatchService @DispatchService} beans, checks their handler methods when
 * each bean is initialized, and adds them to the {@link DispatchRegistry} once all
 * singletons exist. The registry publishes them when it starts.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
public class DispatchServiceAnnotationBeanPostProcessor
		implements BeanPostProcessor, SmartInitializingSingleton, BeanFactoryAware, Ordered {

	private static final int MAX_TYPE_LENGTH = 255;

	private final Set<Class<?>> nonAnnotatedClasses = ConcurrentHashMap.newKeySet();

	private final List<DeclaredService> declaredServices = new CopyOnWriteArrayList<>();

	private @Nullable BeanFactory beanFactory;

	@Override
	public void setBeanFactory(BeanFactory beanFactory) {
		this.beanFactory = beanFactory;
	}

	@Override
	public int getOrder() {
		return LOWEST_PRECEDENCE;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
		Class<?> targetClass = AopUtils.getTargetClass(bean);
		if (this.nonAnnotatedClasses.contains(targetClass)) {
			return bean;
		}
		DispatchService annotation = AnnotatedElementUtils.findMergedAnnotation(targetClass, DispatchService.class);
		if (annotation == null) {
			this.nonAnnotatedClasses.add(targetClass);
			return bean;
		}
		this.declaredServices.add(declare(bean, beanName, targetClass, annotation));
		return bean;
	}

	private DeclaredService declare(Object bean, String beanName, Class<?> targetClass, DispatchService annotation) {
		String description = "@DispatchService bean '" + beanName + "' (" + targetClass.getName() + ")";
		String type = annotation.type().trim();
		if (type.isEmpty()) {
			throw new InvalidDispatchServiceException(beanName, description + " names no service type",
					"Name the type, for example @DispatchService(\"uploader\").");
		}
		if (type.length() > MAX_TYPE_LENGTH) {
			throw new InvalidDispatchServiceException(beanName,
					description + " names a type of " + type.length() + " characters",
					"Name a type of at most " + MAX_TYPE_LENGTH + " characters.");
		}
		if (annotation.concurrency() < 1) {
			throw new InvalidDispatchServiceException(beanName,
					description + " has concurrency " + annotation.concurrency(),
					"Set a concurrency of 1 or more, or leave the default of 1.");
		}
		if (annotation.backups() > 0 && annotation.concurrency() > 1) {
			throw new InvalidDispatchServiceException(beanName,
					description + " has backups and concurrency " + annotation.concurrency(),
					"A service with backups handles one message at a time: set concurrency to 1, or backups to 0.");
		}
		try {
			BackupRequirements.check(bean, annotation.backups());
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidDispatchServiceException(beanName,
					description + " has backups = " + annotation.backups() + ": " + ex.getMessage(),
					"Implement KeyedState and override its snapshot(Object) method, returning a copy or an immutable "
							+ "value of the key's state, or set backups to 0. A service has at most "
							+ ServiceOptions.MAX_BACKUPS + " backups.");
		}
		try {
			HandlerMethods.of(bean);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidDispatchServiceException(beanName,
					description + " cannot be a service: " + ex.getMessage(),
					"Give it one public @DispatchHandler method per message type, each taking the message as "
							+ "its only parameter.");
		}
		return new DeclaredService(type, bean,
				new ServiceOptions(annotation.concurrency(), annotation.backups(), Map.of()));
	}

	@Override
	public void afterSingletonsInstantiated() {
		Assert.state(this.beanFactory != null, "No BeanFactory set");
		DispatchRegistry registry = this.beanFactory.getBean(DispatchRegistry.class);
		for (DeclaredService service : this.declaredServices) {
			registry.addService(service.type(), service.bean(), service.options());
		}
		this.declaredServices.clear();
		this.nonAnnotatedClasses.clear();
	}

	private record DeclaredService(String type, Object bean, ServiceOptions options) {

	}

}
