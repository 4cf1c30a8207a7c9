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

package dev.dispatch.sample;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.TestContextManager;

import dev.dispatch.baseline.PlainApplication;
import dev.dispatch.test.autoconfigure.AutoConfigureDispatch;

/**
 * How long the test context of {@link UploaderApplicationTests} takes to start (the
 * sample on a random web port, one Dispatch node made isolated by
 * {@link AutoConfigureDispatch}) against the same test context of
 * {@link PlainApplication}, the sample's starters and classpath without Dispatch. Each is
 * started as Spring's test context framework starts a test class's context, alternately,
 * in one JVM, after warm-up starts of each, and closed before the next starts. Not a
 * test: run it by hand, as docs/performance.md says.
 *
 * @author Dispatch team
 * @since 0.1.0
 */
public final class ContextStartupComparison {

	private ContextStartupComparison() {
	}

	public static void main(String[] args) {
		int runs = (args.length > 0) ? Integer.parseInt(args[0]) : 20;
		int warmUps = (args.length > 1) ? Integer.parseInt(args[1]) : 5;
		for (int i = 0; i < warmUps; i++) {
			start(SampleWithDispatch.class);
			start(PlainSpringBoot.class);
		}
		List<Long> dispatch = new ArrayList<>();
		List<Long> plain = new ArrayList<>();
		for (int i = 0; i < runs; i++) {
			dispatch.add(start(SampleWithDispatch.class));
			plain.add(start(PlainSpringBoot.class));
		}
		System.out.printf("%n| test context | starts | median | min | max |%n|---|---:|---:|---:|---:|%n");
		row("sample, @AutoConfigureDispatch", dispatch);
		row("plain Spring Boot", plain);
		System.out.printf("Dispatch / plain (medians): %.2f%n", (double) median(dispatch) / median(plain));
	}

	/**
	 * Start the test context of a class, close it, and return how long it took to start,
	 * in milliseconds.
	 */
	private static long start(Class<?> testClass) {
		long start = System.nanoTime();
		TestContext context = new TestContextManager(testClass).getTestContext();
		context.getApplicationContext();
		long took = (System.nanoTime() - start) / 1_000_000;
		context.markApplicationContextDirty(null);
		return took;
	}

	private static void row(String label, List<Long> millis) {
		List<Long> sorted = millis.stream().sorted().toList();
		System.out.printf("| %s | %d | %d ms | %d ms | %d ms |%n", label, sorted.size(), median(sorted), sorted.get(0),
				sorted.get(sorted.size() - 1));
	}

	private static long median(List<Long> millis) {
		List<Long> sorted = millis.stream().sorted().toList();
		int middle = sorted.size() / 2;
		return (sorted.size() % 2 == 1) ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
	}

	@SpringBootTest(classes = UploaderApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT)
	@AutoConfigureDispatch
	static final class SampleWithDispatch {

	}

	@SpringBootTest(classes = PlainApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
			"dispatch.enabled=false", "dispatch.discovery.enabled=false", "spring.application.name=plain" })
	static final class PlainSpringBoot {

	}

}
