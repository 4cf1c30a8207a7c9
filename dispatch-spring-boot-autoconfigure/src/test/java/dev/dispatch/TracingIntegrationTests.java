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

package dev.dispatch;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import brave.Tracing;
import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.ThreadLocalCurrentTraceContext;
import brave.propagation.TraceContext;
import brave.sampler.Sampler;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.brave.bridge.BraveBaggageManager;
import io.micrometer.tracing.brave.bridge.BraveCurrentTraceContext;
import io.micrometer.tracing.brave.bridge.BravePropagator;
import io.micrometer.tracing.brave.bridge.BraveTracer;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.dispatch.observation.DispatchObservations;
import dev.dispatch.test.TestCluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The trace context travels with each message: the span of the handler on the serving
 * node is a child of the caller's span, across nodes and on one node.
 *
 * @author Dispatch team
 */
class TracingIntegrationTests {

	private static final List<MutableSpan> spans = new CopyOnWriteArrayList<>();

	private final TestCluster cluster = new TestCluster(2);

	@AfterEach
	void stopCluster() {
		this.cluster.close();
		spans.clear();
	}

	@Test
	void handlerSpanIsAChildOfTheCallersSpanAcrossNodes() {
		ConfigurableApplicationContext caller = this.cluster.start(0, List.of(TracingConfiguration.class));
		ConfigurableApplicationContext server = this.cluster.start(1, List.of(TracingConfiguration.class));
		server.getBean(DispatchRegistry.class).addService("traced", new Traced());
		await().atMost(Duration.ofSeconds(10))
			.until(() -> caller.getBean(DispatchRegistry.class).findService("traced", "key").isPresent());
		Tracer tracer = caller.getBean(Tracer.class);
		Span parent = tracer.nextSpan().name("request").start();
		try (Tracer.SpanInScope scope = tracer.withSpan(parent)) {
			assertThat(caller.getBean(DispatchTemplate.class).call("traced", "key", "hello", String.class))
				.isEqualTo("traced hello");
		}
		finally {
			parent.end();
		}
		await().atMost(Duration.ofSeconds(5))
			.until(() -> find(DispatchObservations.HANDLER) != null && find(DispatchObservations.TEMPLATE) != null);
		MutableSpan sending = find(DispatchObservations.TEMPLATE);
		MutableSpan handling = find(DispatchObservations.HANDLER);
		assertThat(sending.traceId()).isEqualTo(parent.context().traceId());
		assertThat(sending.parentId()).isEqualTo(parent.context().spanId());
		assertThat(handling.traceId()).isEqualTo(parent.context().traceId());
		assertThat(handling.parentId()).isEqualTo(sending.id());
		assertThat(handling.tags()).containsEntry("dispatch.type", "traced");
		assertThat(sending.name()).isEqualTo("traced call");
		assertThat(handling.name()).isEqualTo("traced handle");
	}

	@Test
	void handlerSpanIsAChildOfTheCallersSpanOnOneNode() {
		ConfigurableApplicationContext node = this.cluster.start(0, List.of(TracingConfiguration.class));
		node.getBean(DispatchRegistry.class).addService("traced", new Traced());
		Tracer tracer = node.getBean(Tracer.class);
		Span parent = tracer.nextSpan().name("request").start();
		try (Tracer.SpanInScope scope = tracer.withSpan(parent)) {
			node.getBean(DispatchTemplate.class).cast("traced", "key", "hello");
		}
		finally {
			parent.end();
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> find(DispatchObservations.HANDLER) != null);
		MutableSpan sending = find(DispatchObservations.TEMPLATE);
		MutableSpan handling = find(DispatchObservations.HANDLER);
		assertThat(sending.parentId()).isEqualTo(parent.context().spanId());
		assertThat(handling.traceId()).isEqualTo(parent.context().traceId());
		assertThat(handling.parentId()).isEqualTo(sending.id());
	}

	/**
	 * Find the span of an observation: the template's carries the operation tag, the
	 * handler's only the type.
	 */
	private static MutableSpan find(String observation) {
		boolean template = observation.equals(DispatchObservations.TEMPLATE);
		return spans.stream()
			.filter((span) -> span.tag("dispatch.type") != null)
			.filter((span) -> (span.tag("dispatch.operation") != null) == template)
			.findFirst()
			.orElse(null);
	}

	@Configuration(proxyBeanMethods = false)
	static class TracingConfiguration {

		@Bean(destroyMethod = "close")
		Tracing braveTracing() {
			return Tracing.newBuilder()
				.currentTraceContext(ThreadLocalCurrentTraceContext.newBuilder().build())
				.sampler(Sampler.ALWAYS_SAMPLE)
				.addSpanHandler(new SpanHandler() {

					@Override
					public boolean end(TraceContext context, MutableSpan span, Cause cause) {
						spans.add(span);
						return true;
					}

				})
				.build();
		}

		@Bean
		Tracer tracer(Tracing tracing) {
			return new BraveTracer(tracing.tracer(), new BraveCurrentTraceContext(tracing.currentTraceContext()),
					new BraveBaggageManager());
		}

		@Bean
		ObservationRegistry observationRegistry(Tracing tracing, Tracer tracer) {
			BravePropagator propagator = new BravePropagator(tracing);
			ObservationRegistry registry = ObservationRegistry.create();
			registry.observationConfig()
				.observationHandler(new ObservationHandler.FirstMatchingCompositeObservationHandler(
						new PropagatingSenderTracingObservationHandler<>(tracer, propagator),
						new PropagatingReceiverTracingObservationHandler<>(tracer, propagator),
						new DefaultTracingObservationHandler(tracer)));
			return registry;
		}

	}

	static class Traced {

		@DispatchHandler
		public String handle(String message) {
			return "traced " + message;
		}

	}

}
