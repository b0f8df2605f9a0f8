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

package dev.reuseport.offload;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Supplier;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import reactor.util.context.Context;

import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.util.function.SingletonSupplier;

/**
 * Applies the {@link OffloadScheduler}'s deadlines to {@link Offload @Offload} controller
 * methods: a method whose invocation waited past the queue timeout is not called, and one
 * that ran past the timeout (its thread was interrupted) ends with
 * {@link OffloadUnavailableException} instead of its late result. Each call is a
 * {@code reuseport.offload} observation (see {@link TaskObservation}), a child of the
 * current observation, which WebFlux's request observation is when Reactor's automatic
 * context propagation is on ({@code spring.reactor.context-propagation=auto}).
 * <p>
 * With {@code spring.threads.virtual.enabled=true}, Spring Boot invokes blocking
 * controller methods on virtual threads; an {@code @Offload} method called on a virtual
 * thread is moved to the offload pool, with the same deadlines and the same rejection
 * when the pool is full, and the virtual thread waits for it, which costs no platform
 * thread. A method invoked on one of the {@link OffloadCallerThreads} (the distributed
 * offload queue is on and the pool had no idle thread) is moved to the pool the same way.
 *
 * @author reuseport team
 */
final class OffloadMethodInterceptor implements MethodInterceptor {

	private final Supplier<OffloadScheduler> scheduler;

	private final Supplier<AsyncTaskExecutor> executor;

	OffloadMethodInterceptor(Supplier<OffloadScheduler> scheduler) {
		this.scheduler = SingletonSupplier.of(scheduler);
		this.executor = SingletonSupplier.of(() -> this.scheduler.get().handlerMethodExecutor());
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		OffloadTask<?> task = OffloadTask.current();
		if (task == null && OffloadCallerThreads.isCurrent()) {
			return onPool(invocation);
		}
		if (task == null || task.mode() != OffloadTask.Mode.MARK) {
			return invocation.proceed();
		}
		if (task.isExpired()) {
			throw unavailable(task, OffloadUnavailableException.Reason.QUEUE_TIMEOUT);
		}
		OffloadScheduler scheduler = this.scheduler.get();
		TaskObservation observation = TaskObservation.start(scheduler.observationRegistry(), scheduler.getName(),
				Context.empty());
		try {
			return observation.wrap(callable(() -> proceedWithinDeadline(invocation, task))).call();
		}
		catch (Rethrown ex) {
			throw ex.getCause();
		}
		finally {
			observation.stop();
		}
	}

	private @Nullable Object proceedWithinDeadline(MethodInvocation invocation, OffloadTask<?> task) throws Throwable {
		Object result;
		try {
			result = invocation.proceed();
		}
		catch (Throwable ex) {
			if (task.isTimedOut()) {
				throw unavailable(task, OffloadUnavailableException.Reason.RUN_TIMEOUT);
			}
			throw ex;
		}
		if (task.isTimedOut()) {
			throw unavailable(task, OffloadUnavailableException.Reason.RUN_TIMEOUT);
		}
		return result;
	}

	/**
	 * Run the invocation on the offload pool, as a controller method task, and wait for
	 * it. A full pool throws {@link OffloadUnavailableException} at once.
	 * @param invocation the invocation
	 * @return the method's result
	 * @throws Throwable what the method or the pool threw
	 */
	private @Nullable Object onPool(MethodInvocation invocation) throws Throwable {
		Future<@Nullable Object> result = this.executor.get().submit(callable(() -> invoke(invocation)));
		try {
			return result.get();
		}
		catch (InterruptedException ex) {
			result.cancel(true);
			Thread.currentThread().interrupt();
			throw ex;
		}
		catch (ExecutionException ex) {
			Throwable cause = ex.getCause();
			throw (cause instanceof Rethrown rethrown) ? rethrown.getCause() : cause;
		}
	}

	/**
	 * Adapt an invocation to a {@link Callable}: exceptions and errors pass as they are,
	 * any other throwable travels in a {@link Rethrown}.
	 * @param invocation the invocation
	 * @return the callable
	 */
	private static Callable<@Nullable Object> callable(Invocation invocation) {
		return () -> {
			try {
				return invocation.proceed();
			}
			catch (Exception | Error ex) {
				throw ex;
			}
			catch (Throwable ex) {
				throw new Rethrown(ex);
			}
		};
	}

	private static OffloadUnavailableException unavailable(OffloadTask<?> task,
			OffloadUnavailableException.Reason reason) {
		return task.executor().unavailable(reason);
	}

	@FunctionalInterface
	private interface Invocation {

		@Nullable Object proceed() throws Throwable;

	}

	/**
	 * Carries a throwable that is neither an exception nor an error through a
	 * {@link Callable}.
	 */
	private static final class Rethrown extends RuntimeException {

		Rethrown(Throwable cause) {
			super(null, cause, false, false);
		}

	}

}
