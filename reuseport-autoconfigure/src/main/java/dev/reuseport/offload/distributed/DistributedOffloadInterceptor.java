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
import java.util.function.Supplier;

import dev.reuseport.offload.OffloadCallerThreads;
import dev.reuseport.offload.OffloadScheduler;
import dev.reuseport.offload.OffloadUnavailableException;
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
 * always queued, and the call returns once Redis has it. A method returning a plain value
 * (a controller method) is queued the same way when it is invoked on one of the
 * {@link OffloadCallerThreads}, which then waits for the result. A call waits at most the
 * offload timeout; no result within it, or a task not run because the deadline passed
 * while it waited, ends with {@link dev.reuseport.offload.OffloadUnavailableException}.
 *
 * @author reuseport team
 */
final class DistributedOffloadInterceptor implements MethodInterceptor {

	private final Supplier<DistributedTaskRegistrar> registrar;

	private final Supplier<DistributedTasks> tasks;

	private final Supplier<OffloadScheduler> scheduler;

	private final Supplier<TaskArguments> arguments;

	private final DistributedPolicy policy;

	DistributedOffloadInterceptor(Supplier<DistributedTaskRegistrar> registrar, Supplier<DistributedTasks> tasks,
			Supplier<OffloadScheduler> scheduler, Supplier<TaskArguments> arguments, DistributedPolicy policy) {
		this.registrar = SingletonSupplier.of(registrar);
		this.tasks = SingletonSupplier.of(tasks);
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
		if (definition == null) {
			return invocation.proceed();
		}
		Class<?> returnType = invocation.getMethod().getReturnType();
		boolean reactive = Mono.class.isAssignableFrom(returnType)
				|| CompletionStage.class.isAssignableFrom(returnType);
		if (returnType != void.class && !reactive) {
			return plain(invocation, definition);
		}
		Duration timeout = timeout();
		String json = this.arguments.get().write(definition.travelling(invocation.getArguments()));
		if (returnType == void.class) {
			job(definition.name(), json, timeout);
			return null;
		}
		Mono<Object> result = (this.policy == DistributedPolicy.LOCAL_FIRST && idle())
				? local(invocation, definition, timeout) : remote(definition, json);
		return Mono.class.isAssignableFrom(returnType) ? result : result.toFuture();
	}

	/**
	 * Call a method that returns a plain value (a controller method). On a thread that
	 * may wait ({@link OffloadCallerThreads}: the pool had no idle thread when WebFlux
	 * invoked it, or a virtual thread), the call is queued unless the policy lets it run
	 * here and a pool thread is idle now, and the thread waits for its result. Anywhere
	 * else (a pool thread, a direct call) it runs where it is called.
	 * @param invocation the call
	 * @param definition the task
	 * @return the result
	 * @throws Throwable what the method threw, or why the queued task failed
	 */
	private @Nullable Object plain(MethodInvocation invocation, DistributedTaskRegistrar.Definition definition)
			throws Throwable {
		if (!OffloadCallerThreads.isCurrent()) {
			withLocalContext(invocation, definition);
			return invocation.proceed();
		}
		if (this.policy == DistributedPolicy.LOCAL_FIRST && idle()) {
			withLocalContext(invocation, definition);
			try {
				return invocation.proceed();
			}
			catch (OffloadUnavailableException ex) {
				if (ex.getReason() != OffloadUnavailableException.Reason.QUEUE_FULL) {
					throw ex;
				}
				// the idle thread was taken meanwhile and the call did not start here:
				// queue it
			}
		}
		String json = this.arguments.get().write(definition.travelling(invocation.getArguments()));
		return this.tasks.get().queued(definition.name(), json, definition.resultType()).block();
	}

	private void job(String name, String json, Duration timeout) {
		this.tasks.get().queuedJob(name, json).block(timeout);
	}

	/**
	 * Run a call on the local pool.
	 * @param invocation the call
	 * @param definition the task
	 * @param timeout how long a {@code Mono} or future result is awaited
	 * @return the result
	 */
	private Mono<Object> local(MethodInvocation invocation, DistributedTaskRegistrar.Definition definition,
			Duration timeout) {
		withLocalContext(invocation, definition);
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

	/**
	 * Give a call that runs here its {@link TaskContext} parameter, if it has one: a
	 * context of its own (a new id, attempt 1, this instance) in place of what the caller
	 * passed.
	 * @param invocation the call
	 * @param definition the task
	 */
	private void withLocalContext(MethodInvocation invocation, DistributedTaskRegistrar.Definition definition) {
		if (definition.contextIndex() >= 0) {
			invocation.getArguments()[definition.contextIndex()] = new TaskContext(
					"local-" + Long.toHexString(ThreadLocalRandom.current().nextLong()), 1,
					this.tasks.get().getInstance());
		}
	}

	private Mono<Object> remote(DistributedTaskRegistrar.Definition definition, String json) {
		return this.tasks.get().queued(definition.name(), json, definition.resultType());
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
