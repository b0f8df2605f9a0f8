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

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import dev.reuseport.offload.OffloadScheduler;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.aop.support.AopUtils;
import org.springframework.util.function.SingletonSupplier;

/**
 * Runs the calls of {@link dev.reuseport.offload.Offload @Offload(distributed = true)}
 * methods: a method returning {@code Mono} or a future runs on this instance's offload
 * pool when the policy allows it and a thread is idle, otherwise it is queued and its
 * result comes back from whichever instance ran it; a {@code void} method is a job,
 * always queued, and the call returns once Redis has it. A call waits at most the offload
 * timeout. Other methods are called as they are.
 *
 * @author reuseport team
 */
final class DistributedOffloadInterceptor implements MethodInterceptor {

	private final Supplier<DistributedTaskRegistrar> registrar;

	private final Supplier<TaskSubmitter> submitter;

	private final Supplier<OffloadScheduler> scheduler;

	private final Supplier<TaskArguments> arguments;

	private final DistributedPolicy policy;

	DistributedOffloadInterceptor(Supplier<DistributedTaskRegistrar> registrar, Supplier<TaskSubmitter> submitter,
			Supplier<OffloadScheduler> scheduler, Supplier<TaskArguments> arguments, DistributedPolicy policy) {
		this.registrar = SingletonSupplier.of(registrar);
		this.submitter = SingletonSupplier.of(submitter);
		this.scheduler = SingletonSupplier.of(scheduler);
		this.arguments = SingletonSupplier.of(arguments);
		this.policy = policy;
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		Object target = invocation.getThis();
		Method method = (target != null) ? AopUtils.getMostSpecificMethod(invocation.getMethod(), target.getClass())
				: invocation.getMethod();
		DistributedTaskRegistrar.Definition definition = this.registrar.get().definition(method);
		if (definition == null) {
			definition = this.registrar.get().definition(invocation.getMethod());
		}
		Class<?> returnType = invocation.getMethod().getReturnType();
		if (definition == null || !(returnType == void.class || Mono.class.isAssignableFrom(returnType)
				|| CompletionStage.class.isAssignableFrom(returnType))) {
			return invocation.proceed();
		}
		Duration timeout = timeout();
		String json = this.arguments.get().write(definition.travelling(invocation.getArguments()));
		if (returnType == void.class) {
			job(definition.name(), json, timeout);
			return null;
		}
		Mono<Object> result = (this.policy == DistributedPolicy.LOCAL_FIRST && idle())
				? local(invocation, definition, timeout) : remote(definition, json, timeout);
		return Mono.class.isAssignableFrom(returnType) ? result : result.toFuture();
	}

	private void job(String name, String json, Duration timeout) throws Throwable {
		try {
			this.submitter.get().enqueue(name, json).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException ex) {
			throw ex.getCause();
		}
	}

	/**
	 * Run a call on the local pool; its {@link TaskContext} parameter, if any, gets a
	 * context of its own (a new id, attempt 1) in place of what the caller passed.
	 * @param invocation the call
	 * @param definition the task
	 * @param timeout how long a {@code Mono} or future result is awaited
	 * @return the result
	 */
	private Mono<Object> local(MethodInvocation invocation, DistributedTaskRegistrar.Definition definition,
			Duration timeout) {
		if (definition.contextIndex() >= 0) {
			invocation.getArguments()[definition.contextIndex()] = new TaskContext(
					"local-" + Long.toHexString(ThreadLocalRandom.current().nextLong()), 1);
		}
		return this.scheduler.get().submit(() -> {
			try {
				return Optional.ofNullable(DistributedTaskRegistrar.await(invocation.proceed(), timeout));
			}
			catch (Exception | Error ex) {
				throw ex;
			}
			catch (Throwable ex) {
				throw new ExecutionException(ex);
			}
		}).flatMap(Mono::justOrEmpty);
	}

	private Mono<Object> remote(DistributedTaskRegistrar.Definition definition, String json, Duration timeout) {
		return Mono.fromFuture(() -> this.submitter.get().call(definition.name(), json, timeout), true)
			.handle((result, sink) -> {
				Object value = this.arguments.get().read(result, definition.resultType());
				if (value != null) {
					sink.next(value);
				}
			});
	}

	/**
	 * Return whether a thread of the local pool is idle (counters only, no lock: the
	 * caller may be an event loop).
	 * @return whether a call would start at once here
	 */
	private boolean idle() {
		return this.scheduler.get().getIdleThreads() > 0;
	}

	private Duration timeout() {
		Duration timeout = this.scheduler.get().getTimeout();
		return (timeout.isZero()) ? Duration.ofDays(1) : timeout;
	}

}
