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

import java.lang.reflect.Method;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * The threads of a transport: handlers run on a cached pool of daemon threads, or on a
 * virtual thread per task (Java 21 and later, as Spring Boot's
 * {@code spring.threads.virtual.enabled} asks); the timer is one platform thread.
 *
 * @author Dispatch team
 */
final class TransportThreads {

	private TransportThreads() {
	}

	/**
	 * Return the executor on which handlers run.
	 * @param virtual whether to use virtual threads, when this Java has them
	 * @return the executor
	 */
	static ExecutorService handlers(boolean virtual) {
		if (virtual && Runtime.version().feature() >= 21) {
			return virtualThreadPerTask("dispatch-handler-");
		}
		return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
				daemonThreads("dispatch-handler-"));
	}

	/**
	 * Return the timer of call timeouts: one platform thread, which a blocking handler
	 * never holds.
	 * @return the timer
	 */
	static ScheduledThreadPoolExecutor timer() {
		ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, daemonThreads("dispatch-timer-"));
		timer.setRemoveOnCancelPolicy(true);
		return timer;
	}

	private static ThreadFactory daemonThreads(String prefix) {
		CustomizableThreadFactory factory = new CustomizableThreadFactory(prefix);
		factory.setDaemon(true);
		return factory;
	}

	/**
	 * {@code Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name(prefix, 0).factory())},
	 * called reflectively, since this code is compiled for Java 17.
	 */
	private static ExecutorService virtualThreadPerTask(String prefix) {
		try {
			Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
			Class<?> builderType = Class.forName("java.lang.Thread$Builder");
			builder = builderType.getMethod("name", String.class, long.class).invoke(builder, prefix, 0L);
			ThreadFactory factory = (ThreadFactory) builderType.getMethod("factory").invoke(builder);
			Method perTask = Executors.class.getMethod("newThreadPerTaskExecutor", ThreadFactory.class);
			return (ExecutorService) perTask.invoke(null, factory);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException("Could not create virtual threads on Java " + Runtime.version(), ex);
		}
	}

}
