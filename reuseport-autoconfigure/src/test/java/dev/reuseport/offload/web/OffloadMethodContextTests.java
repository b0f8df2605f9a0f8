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

package dev.reuseport.offload.web;

import java.time.Duration;
import java.util.stream.Stream;

import dev.reuseport.offload.Offload;
import dev.reuseport.offload.OffloadMethodPostProcessor;
import dev.reuseport.offload.OffloadScheduler;
import dev.reuseport.offload.OffloadSchedulerBuilder;
import io.micrometer.context.ContextRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.test.simple.SimpleSpan;
import io.micrometer.tracing.test.simple.SimpleTracer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Hooks;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.config.EnableWebFlux;
import org.springframework.web.server.WebFilter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Context propagation into {@link Offload @Offload} controller methods, through WebFlux's
 * own request handling without a server.
 *
 * @author reuseport team
 */
class OffloadMethodContextTests {

	private static final ThreadLocal<String> tenant = new ThreadLocal<>();

	private static final SimpleTracer tracer = new SimpleTracer();

	private AnnotationConfigApplicationContext context;

	@BeforeEach
	void registerAccessor() {
		ContextRegistry.getInstance().registerThreadLocalAccessor("test.tenant", tenant);
	}

	@AfterEach
	void close() {
		ContextRegistry.getInstance().removeThreadLocalAccessor("test.tenant");
		Hooks.disableAutomaticContextPropagation();
		if (this.context != null) {
			this.context.close();
		}
	}

	private WebTestClient client() {
		this.context = new AnnotationConfigApplicationContext(WebFluxConfiguration.class, TenantController.class);
		return WebTestClient.bindToApplicationContext(this.context).build();
	}

	@Test
	void anOffloadMethodSeesTheCallersContextWithAutomaticPropagation() {
		Hooks.enableAutomaticContextPropagation();
		client().get().uri("/tenant").exchange().expectBody(String.class).isEqualTo("acme on reuseport-offload-1");
	}

	@Test
	void eachCallIsAnObservationBetweenTheRequestsAndTheMethodsSpans() {
		Hooks.enableAutomaticContextPropagation();
		client().get().uri("/traced").exchange().expectBody(String.class).isEqualTo("traced");
		// spans get their names when they end; the request's ends just after the response
		await().atMost(Duration.ofSeconds(5))
			.until(() -> Stream.of("request", "reuseport.offload", "in-method")
				.allMatch(OffloadMethodContextTests::ended));
		SimpleSpan request = span("request");
		SimpleSpan call = span("reuseport.offload");
		SimpleSpan method = span("in-method");
		assertThat(call.getParentId()).isEqualTo(request.getSpanId());
		assertThat(method.getParentId()).isEqualTo(call.getSpanId());
		assertThat(call.getTags()).containsEntry("scheduler", "context").containsEntry("outcome", "success");
	}

	private static boolean ended(String name) {
		return tracer.getSpans().stream().anyMatch((span) -> name.equals(span.getName()));
	}

	private static SimpleSpan span(String name) {
		return tracer.getSpans()
			.stream()
			.filter((span) -> name.equals(span.getName()))
			.reduce((first, second) -> second)
			.orElseThrow(() -> new AssertionError("no span " + name + " in " + tracer.getSpans()));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableWebFlux
	static class WebFluxConfiguration {

		@Bean
		ObservationRegistry observationRegistry() {
			ObservationRegistry registry = ObservationRegistry.create();
			registry.observationConfig().observationHandler(new DefaultTracingObservationHandler(tracer));
			return registry;
		}

		@Bean(destroyMethod = "dispose")
		OffloadScheduler offloadScheduler(ObservationRegistry observationRegistry) {
			return new OffloadSchedulerBuilder().name("context")
				.threads(1)
				.observationRegistry(observationRegistry)
				.build();
		}

		@Bean
		WebFilter requestObservationFilter(ObservationRegistry observationRegistry) {
			return (exchange, chain) -> {
				Observation request = Observation.start("request", observationRegistry);
				return chain.filter(exchange)
					.contextWrite((context) -> context.put(ObservationThreadLocalAccessor.KEY, request))
					.doFinally((signal) -> request.stop());
			};
		}

		@Bean
		OffloadWebFluxConfigurer offloadWebFluxConfigurer(OffloadScheduler offloadScheduler) {
			return new OffloadWebFluxConfigurer(offloadScheduler, false);
		}

		@Bean
		static OffloadMethodPostProcessor offloadMethodPostProcessor(ObjectProvider<OffloadScheduler> scheduler) {
			return new OffloadMethodPostProcessor(scheduler::getObject);
		}

		@Bean
		WebFilter tenantFilter() {
			return (exchange, chain) -> chain.filter(exchange)
				.contextWrite((context) -> context.put("test.tenant", "acme"));
		}

	}

	@RestController
	public static class TenantController {

		@GetMapping("/tenant")
		@Offload
		public String tenant() {
			return tenant.get() + " on " + Thread.currentThread().getName();
		}

		@GetMapping("/traced")
		@Offload
		public String traced() {
			tracer.nextSpan().name("in-method").start().end();
			return "traced";
		}

	}

}
