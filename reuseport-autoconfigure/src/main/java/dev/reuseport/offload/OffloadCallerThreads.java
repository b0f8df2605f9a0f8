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

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import org.springframework.core.task.AsyncTaskExecutor;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;
import org.springframework.util.Assert;

/**
 * Threads on which {@link Offload @Offload} controller methods are invoked when the
 * offload pool has no idle thread and a call may run elsewhere (the distributed offload
 * queue): there the method's interceptors decide where it runs, and the caller thread
 * waits for the result without holding a thread of the pool. A plain {@code @Offload}
 * method goes on to the pool (its queue, its deadlines, its 503 when full); an
 * {@code @Offload(distributed = true)} method may be queued for another instance.
 * <p>
 * Their number is bounded: when every caller thread waits, invocations go to the pool as
 * they would without caller threads. With virtual threads
 * ({@code spring.threads.virtual.enabled=true}) Spring Boot invokes controller methods on
 * virtual threads, which play the same part; {@link #isCurrent()} is true on both.
 *
 * @author reuseport team
 * @since 0.1.0
 */
public final class OffloadCallerThreads {

	private static final @Nullable MethodHandle IS_VIRTUAL = isVirtualHandle();

	private static final ThreadLocal<Boolean> CALLER = ThreadLocal.withInitial(() -> Boolean.FALSE);

	private final ThreadPoolExecutor threads;

	private final boolean always;

	/**
	 * Create a new instance.
	 * @param threadNamePrefix the prefix of the threads' names
	 * @param maxThreads the most threads that wait at once
	 * @param keepAlive how long an idle thread lives
	 * @param always whether every invocation goes to a caller thread (calls that should
	 * always be queued), not only those that find no idle pool thread
	 */
	public OffloadCallerThreads(String threadNamePrefix, int maxThreads, Duration keepAlive, boolean always) {
		this.always = always;
		Assert.isTrue(maxThreads > 0, "'maxThreads' must be positive");
		CustomizableThreadFactory factory = new CustomizableThreadFactory(threadNamePrefix);
		factory.setDaemon(true);
		this.threads = new ThreadPoolExecutor(0, maxThreads, keepAlive.toMillis(), TimeUnit.MILLISECONDS,
				new SynchronousQueue<>(), (runnable) -> factory.newThread(() -> {
					CALLER.set(Boolean.TRUE);
					runnable.run();
				}), new ThreadPoolExecutor.AbortPolicy());
	}

	/**
	 * Return whether the current thread may wait for an {@code @Offload} call: a caller
	 * thread, or a virtual thread.
	 * @return whether the current thread is a caller thread
	 */
	public static boolean isCurrent() {
		Thread thread = Thread.currentThread();
		try {
			return CALLER.get() || (IS_VIRTUAL != null && (boolean) IS_VIRTUAL.invokeExact(thread));
		}
		catch (Throwable ex) {
			return false;
		}
	}

	/**
	 * Return an executor for {@code BlockingExecutionConfigurer}: an invocation runs on
	 * the pool when one of its threads is idle (unless every invocation goes to a caller
	 * thread), else on a caller thread, else (every caller thread waits) on the pool's
	 * queue.
	 * @param scheduler the offload scheduler
	 * @return the executor
	 */
	public AsyncTaskExecutor handlerMethodExecutor(OffloadScheduler scheduler) {
		return new Router(scheduler, scheduler.handlerMethodExecutor(), this.threads, this.always);
	}

	/**
	 * Return how many caller threads wait now.
	 * @return the waiting threads
	 */
	public int getWaiting() {
		return this.threads.getActiveCount();
	}

	/**
	 * Stop: threads end once their invocation returned.
	 */
	public void shutdown() {
		this.threads.shutdown();
	}

	private static @Nullable MethodHandle isVirtualHandle() {
		try {
			return MethodHandles.publicLookup()
				.findVirtual(Thread.class, "isVirtual", MethodType.methodType(boolean.class));
		}
		catch (ReflectiveOperationException ex) {
			return null;
		}
	}

	/**
	 * Routes each invocation when it is submitted. Reactor submits through
	 * {@link #submit(Callable)} and cancels through the returned future: a queued task of
	 * the pool then leaves its queue, a waiting caller thread is interrupted.
	 */
	private static final class Router extends ExecutorView {

		private final OffloadScheduler scheduler;

		private final AsyncTaskExecutor pool;

		private final ThreadPoolExecutor callers;

		private final boolean always;

		Router(OffloadScheduler scheduler, AsyncTaskExecutor pool, ThreadPoolExecutor callers, boolean always) {
			super(callers);
			this.scheduler = scheduler;
			this.pool = pool;
			this.callers = callers;
			this.always = always;
		}

		@Override
		public <T> Future<T> submit(Callable<T> task) {
			if (!this.always && this.scheduler.getIdleThreads() > 0) {
				try {
					return this.pool.submit(task);
				}
				catch (OffloadUnavailableException ex) {
					if (ex.getReason() != OffloadUnavailableException.Reason.QUEUE_FULL) {
						throw ex;
					}
					// the idle thread was taken meanwhile: a caller thread decides
				}
			}
			try {
				return this.callers.submit(task);
			}
			catch (RejectedExecutionException ex) {
				// every caller thread waits: the pool's queue decides
				return this.pool.submit(task);
			}
		}

		@Override
		public Future<?> submit(Runnable task) {
			return submit(() -> {
				task.run();
				return null;
			});
		}

		@Override
		public void execute(Runnable command) {
			submit(command);
		}

	}

}
