/*
 * Copyright 2026-present the original author or authors.
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

package dev.reuseport.offload.distributed;

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import dev.reuseport.autoconfigure.ReusePortDistributedOffloadAutoConfiguration;
import dev.reuseport.autoconfigure.ReusePortOffloadAutoConfiguration;
import dev.reuseport.offload.Offload;
import dev.reuseport.testsupport.RedisServer;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler.FirstMatchingCompositeObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import io.micrometer.tracing.propagation.Propagator;
import io.micrometer.tracing.test.simple.SimpleSpan;
import io.micrometer.tracing.test.simple.SimpleTracer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that a queued task continues its caller's trace on the instance that runs it
 * ({@link TaskTracing}), through a real Redis, and that the {@code trace} field is read
 * as hostile.
 *
 * @author reuseport team
 */
class TaskTracingTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	@RegisterExtension
	static final RedisServer redis = new RedisServer();

	private final SimpleTracer tracer = new SimpleTracer();

	private final TaskStreams streams = TaskStreams.of("traced-" + UUID.randomUUID());

	private final QueueParts parts = new QueueParts(redis, this.streams);

	@AfterEach
	void cleanUp() {
		this.parts.close();
	}

	@Test
	void queuedTaskContinuesTheCallersTraceOnTheInstanceThatRunsIt() throws Exception {
		ObservationRegistry registry = registry();
		AtomicReference<Span> inTask = new AtomicReference<>();
		TaskRegistry tasks = new TaskRegistry();
		tasks.register("render", new Type[0], (arguments, context) -> {
			inTask.set(this.tracer.currentSpan());
			return "done";
		});
		TaskWorker worker = worker(tasks);
		worker.setObservationRegistry(registry);
		worker.start();
		TaskSubmitter submitter = submitter();
		submitter.setObservationRegistry(registry);
		Observation request = Observation.start("request", registry);
		String result;
		try (Observation.Scope scope = request.openScope()) {
			result = submitter.call("render", "[]", WAIT).get(WAIT.toSeconds(), TimeUnit.SECONDS);
		}
		finally {
			request.stop();
		}
		assertThat(result).isEqualTo("\"done\"");
		SimpleSpan caller = span("request");
		SimpleSpan send = span("send render");
		SimpleSpan process = span("process render");
		assertThat(send.getParentId()).isEqualTo(caller.getSpanId());
		assertThat(process.getTraceId()).isEqualTo(caller.getTraceId());
		assertThat(process.getParentId()).isEqualTo(send.getSpanId());
		assertThat(inTask.get().context().spanId()).isEqualTo(process.getSpanId());
	}

	@Test
	void queuedMonoCallContinuesTheTraceOfItsSubscribersContext() {
		ObservationRegistry registry = registry();
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class,
					ReusePortOffloadAutoConfiguration.class, ReusePortDistributedOffloadAutoConfiguration.class))
			.withPropertyValues("spring.data.redis.port=" + redis.getPort(),
					"spring.application.name=traced-" + UUID.randomUUID(), "reuseport.offload.distributed.enabled=true",
					"reuseport.offload.distributed.policy=always")
			.withBean(ObservationRegistry.class, () -> registry)
			.withBean(Describer.class, () -> new Describer(this.tracer))
			.run((context) -> {
				Observation request = Observation.start("request", registry);
				String traceInTask = context.getBean(Describer.class)
					.traceId()
					.contextWrite((reactor) -> reactor.put(ObservationThreadLocalAccessor.KEY, request))
					.block(WAIT);
				request.stop();
				assertThat(traceInTask).isEqualTo(span("request").getTraceId());
				assertThat(span("process taskTracingTests.Describer.traceId").getParentId())
					.isEqualTo(span("send taskTracingTests.Describer.traceId").getSpanId());
			});
	}

	@Test
	void hostileTraceFieldsAreBoundedAndReadInOnePass() {
		String noColons = "x".repeat(TaskTracing.MAX_TRACE);
		assertThat(TaskTracing.decode(noColons)).isEmpty();
		assertThat(TaskTracing.decode("\n".repeat(500) + "a:b")).containsExactly(Map.entry("a", "b"));
		StringBuilder many = new StringBuilder();
		for (int i = 0; i < 100; i++) {
			many.append('h').append(i).append(":v\n");
		}
		assertThat(TaskTracing.decode(many.toString())).hasSize(TaskTracing.MAX_HEADERS);
		assertThat(TaskTracing.decode(":no-name\nok:1")).containsExactly(Map.entry("ok", "1"));
		// what cannot travel is left out when writing
		assertThat(TaskTracing.encode(Map.of("bad\nname", "v"))).isEmpty();
		assertThat(TaskTracing.encode(Map.of("big", "v".repeat(TaskTracing.MAX_TRACE)))).isEmpty();
		assertThat(TaskTracing.decode(TaskTracing.encode(Map.of("traceparent", "00-ab-cd-01"))))
			.containsExactly(Map.entry("traceparent", "00-ab-cd-01"));
	}

	@Test
	void entryWithAnOversizedTraceFieldGoesToTheDeadLetter() {
		assertThat(
				org.assertj.core.api.Assertions
					.catchThrowable(
							() -> TaskEntry.of(
									Map.of("v", "1", "task", "t", "name", "n", "args", "[]", "reply", "", "deadline",
											"0", "attempt", "1", "trace", "x".repeat(TaskTracing.MAX_TRACE + 1)),
									1000)))
			.isInstanceOf(RejectedEntryException.class)
			.hasMessageContaining("'trace' longer than");
	}

	private ObservationRegistry registry() {
		Propagator propagator = new TestPropagator(this.tracer);
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig()
			.observationHandler(new FirstMatchingCompositeObservationHandler(
					new PropagatingSenderTracingObservationHandler<>(this.tracer, propagator),
					new PropagatingReceiverTracingObservationHandler<>(this.tracer, propagator),
					new DefaultTracingObservationHandler(this.tracer)));
		return registry;
	}

	private SimpleSpan span(String name) {
		return this.tracer.getSpans()
			.stream()
			.filter((span) -> name.equals(span.getName()))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no span " + name + " in " + this.tracer.getSpans()));
	}

	private TaskSubmitter submitter() {
		return this.parts.submitter("caller");
	}

	private TaskWorker worker(TaskRegistry tasks) {
		return this.parts.worker("worker", tasks, 1);
	}

	public static class Describer {

		private final SimpleTracer tracer;

		Describer(SimpleTracer tracer) {
			this.tracer = tracer;
		}

		@Offload(distributed = true)
		public Mono<String> traceId() {
			return Mono.fromSupplier(() -> this.tracer.currentSpan().context().traceId());
		}

	}

	/**
	 * What a tracer's propagator does (W3C's {@code traceparent}, B3), for the test
	 * tracer: the trace and span ids in one header.
	 */
	private record TestPropagator(SimpleTracer tracer) implements Propagator {

		@Override
		public List<String> fields() {
			return List.of("test-trace");
		}

		@Override
		public <C> void inject(TraceContext context, C carrier, Setter<C> setter) {
			setter.set(carrier, "test-trace", context.traceId() + "/" + context.spanId());
		}

		@Override
		public <C> Span.Builder extract(C carrier, Getter<C> getter) {
			String header = getter.get(carrier, "test-trace");
			if (header == null) {
				return this.tracer.spanBuilder();
			}
			String[] ids = header.split("/", 2);
			return this.tracer.spanBuilder()
				.setParent(this.tracer.traceContextBuilder().traceId(ids[0]).spanId(ids[1]).sampled(true).build());
		}

	}

}
