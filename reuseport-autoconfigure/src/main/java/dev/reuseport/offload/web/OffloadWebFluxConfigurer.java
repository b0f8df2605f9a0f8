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

import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import dev.reuseport.offload.Offload;
import dev.reuseport.offload.OffloadCallerThreads;
import dev.reuseport.offload.OffloadScheduler;
import org.jspecify.annotations.Nullable;

import org.springframework.web.method.HandlerMethod;
import org.springframework.web.reactive.config.BlockingExecutionConfigurer;
import org.springframework.web.reactive.config.WebFluxConfigurer;

/**
 * Has WebFlux invoke {@link Offload @Offload} controller methods on the
 * {@link OffloadScheduler}, through Spring's blocking-execution support. With virtual
 * threads ({@code spring.threads.virtual.enabled=true}) it leaves that support to Spring
 * Boot, which then invokes every blocking controller method on a virtual thread; the
 * {@code @Offload} interceptor moves {@code @Offload} methods from there to the pool.
 * With {@link OffloadCallerThreads} (the distributed offload queue), an invocation that
 * finds no idle pool thread runs on a caller thread, where the method's interceptors
 * decide where it runs.
 *
 * @author reuseport team
 * @since 0.1.0
 */
public class OffloadWebFluxConfigurer implements WebFluxConfigurer {

	private final OffloadScheduler scheduler;

	private final boolean virtualThreads;

	private final Map<Method, Boolean> offloadedMethods = new ConcurrentHashMap<>();

	private final Supplier<@Nullable OffloadCallerThreads> callerThreads;

	/**
	 * Create a new instance.
	 * @param scheduler the scheduler of {@code @Offload} methods
	 * @param virtualThreads whether Spring Boot runs blocking controller methods on
	 * virtual threads
	 */
	public OffloadWebFluxConfigurer(OffloadScheduler scheduler, boolean virtualThreads) {
		this(scheduler, virtualThreads, () -> null);
	}

	/**
	 * Create a new instance that invokes {@code @Offload} methods on caller threads when
	 * the pool has no idle thread, so that they may run elsewhere.
	 * @param scheduler the scheduler of {@code @Offload} methods
	 * @param virtualThreads whether Spring Boot runs blocking controller methods on
	 * virtual threads
	 * @param callerThreads supplies the caller threads, or {@code null} for none; called
	 * when WebFlux is configured
	 */
	public OffloadWebFluxConfigurer(OffloadScheduler scheduler, boolean virtualThreads,
			Supplier<@Nullable OffloadCallerThreads> callerThreads) {
		this.scheduler = scheduler;
		this.virtualThreads = virtualThreads;
		this.callerThreads = callerThreads;
	}

	@Override
	public void configureBlockingExecution(BlockingExecutionConfigurer configurer) {
		if (this.virtualThreads) {
			return;
		}
		OffloadCallerThreads callers = this.callerThreads.get();
		configurer.setExecutor((callers != null) ? callers.handlerMethodExecutor(this.scheduler)
				: this.scheduler.handlerMethodExecutor());
		configurer.setControllerMethodPredicate(this::isOffloaded);
	}

	/**
	 * Whether a handler method is annotated {@link Offload @Offload}. Spring asks for
	 * every request, with a new {@link HandlerMethod} each time, so the answer is kept
	 * per method rather than looked up in the method's merged annotations again.
	 * @param handlerMethod the handler method
	 * @return whether it runs on the offload scheduler
	 */
	private boolean isOffloaded(HandlerMethod handlerMethod) {
		return this.offloadedMethods.computeIfAbsent(handlerMethod.getMethod(),
				(method) -> handlerMethod.hasMethodAnnotation(Offload.class));
	}

}
