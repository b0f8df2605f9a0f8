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

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.micrometer.observation.ObservationRegistry;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

import org.springframework.core.task.AsyncTaskExecutor;

/**
 * A bounded pool for CPU-heavy work, shared by every worker of the application, so that
 * event loops stay free to serve other connections.
 * <p>
 * {@link #submit(Callable)} runs a task and returns its result as a {@link Mono}, which
 * is delivered from the pool thread; the event loop never blocks. The call fails fast
 * with {@link OffloadUnavailableException} when every thread is busy and the queue is
 * full; a task that waits longer than the queue timeout is dropped without running, and
 * one that runs longer than the timeout is interrupted. Cancelling the {@code Mono} (a
 * client that disconnects) removes a queued task from the queue, so it never runs, and
 * interrupts a running one: CPU loops should check {@link Thread#isInterrupted()}.
 * <p>
 * As a Reactor {@link Scheduler} ({@code subscribeOn(offloadScheduler)}) it shares the
 * same threads, queue bound and cancellation, but not the deadlines, which would have no
 * way to reach the subscriber. The pool is separate from Reactor's global
 * {@code boundedElastic()}, which Actuator and health checks use.
 * <p>
 * Thread-safe.
 *
 * @author reuseport team
 * @since 0.1.0
 */
public final class OffloadScheduler implements Scheduler {

	private final OffloadExecutor executor;

	private final Scheduler scheduler;

	private final ObservationRegistry observationRegistry;

	OffloadScheduler(OffloadExecutor executor, ObservationRegistry observationRegistry) {
		this.executor = executor;
		this.observationRegistry = observationRegistry;
		this.scheduler = Schedulers.fromExecutorService(executor, executor.name());
	}

	ObservationRegistry observationRegistry() {
		return this.observationRegistry;
	}

	/**
	 * Run a task on the pool, with the caller's context: the current observation (and
	 * tracing span) and every other value Micrometer's context propagation knows of,
	 * taken from the subscriber's Reactor context and the subscribing thread.
	 * @param <T> the result type
	 * @param task the task; a {@code null} result completes the {@code Mono} empty
	 * @return a {@code Mono} of the result that runs the task when subscribed, and errors
	 * with {@link OffloadUnavailableException} when the pool is saturated or a deadline
	 * passes
	 */
	public <T> Mono<T> submit(Callable<? extends T> task) {
		return Mono.create((sink) -> {
			TaskObservation observation = TaskObservation.start(this.observationRegistry, getName(),
					sink.contextView());
			// the caller's context first, then the task's own observation within it
			Callable<? extends T> call = CallerContext.propagate(observation.wrap(task), sink.contextView());
			OffloadTask<T> offloadTask = new OffloadTask<>(this.executor, OffloadTask.Mode.SIGNAL, call::call, sink);
			sink.onCancel(() -> offloadTask.cancel(true));
			sink.onDispose(observation::stop);
			try {
				this.executor.submitTask(offloadTask);
			}
			catch (OffloadUnavailableException ex) {
				observation.rejected(ex);
				offloadTask.signalError(ex);
			}
		});
	}

	/**
	 * Return an executor that runs controller method invocations on the pool with the
	 * pool's deadlines, for {@code BlockingExecutionConfigurer}; see {@link Offload}.
	 * @return the executor
	 */
	public AsyncTaskExecutor handlerMethodExecutor() {
		return new HandlerMethodExecutor(this.executor);
	}

	@Override
	public Disposable schedule(Runnable task) {
		return this.scheduler.schedule(task);
	}

	@Override
	public Worker createWorker() {
		return this.scheduler.createWorker();
	}

	@Override
	public void init() {
		this.scheduler.init();
	}

	@Override
	public boolean isDisposed() {
		return this.executor.isShutdown();
	}

	/**
	 * Shut the pool down: queued tasks are dropped and running ones interrupted; waits a
	 * bounded time for them.
	 */
	@Override
	public void dispose() {
		this.scheduler.dispose();
		this.executor.shutdownNow();
		try {
			this.executor.awaitTermination(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Register an observer of task timings.
	 * @param observer the observer
	 */
	public void addObserver(OffloadObserver observer) {
		this.executor.addObserver(observer);
	}

	/**
	 * Return the pool's name, used for its threads and in metrics.
	 * @return the name
	 */
	public String getName() {
		return this.executor.name();
	}

	/**
	 * Return the underlying thread pool, for monitoring. Do not resize it.
	 * @return the thread pool
	 */
	public ThreadPoolExecutor getThreadPoolExecutor() {
		return this.executor;
	}

	/**
	 * Return a snapshot of the pool: its size and what its tasks did so far.
	 * @return the statistics
	 */
	public OffloadStatistics getStatistics() {
		return new OffloadStatistics(this.executor.getMaximumPoolSize(), this.executor.busy(),
				this.executor.getQueue().size(), this.executor.capacity(), this.executor.getCompletedTaskCount(),
				this.executor.rejected(), this.executor.queueTimeouts(), this.executor.runTimeouts(),
				this.executor.cancelledQueued(), this.executor.cancelledRunning());
	}

	/**
	 * Return how many threads are idle now: the largest pool size less the threads
	 * running a task. Reads counters only, takes no lock: callable on an event loop.
	 * @return the idle threads
	 */
	public int getIdleThreads() {
		return Math.max(0, this.executor.getMaximumPoolSize() - this.executor.busy());
	}

	/**
	 * Return the queue timeout; zero means none.
	 * @return the queue timeout
	 */
	public Duration getQueueTimeout() {
		return this.executor.queueTimeout();
	}

	/**
	 * Return the run timeout; zero means none.
	 * @return the timeout
	 */
	public Duration getTimeout() {
		return this.executor.timeout();
	}

	@Override
	public String toString() {
		return "OffloadScheduler '" + getName() + "' (" + this.executor.getMaximumPoolSize() + " threads, queue "
				+ this.executor.capacity() + ")";
	}

	/**
	 * The {@link ExecutorService} view for controller methods: its tasks carry the pool's
	 * deadlines as marks. Being an {@code ExecutorService}, Reactor cancels its tasks
	 * through their futures, which removes queued ones and interrupts running ones.
	 */
	private static final class HandlerMethodExecutor extends ExecutorView {

		private final OffloadExecutor executor;

		HandlerMethodExecutor(OffloadExecutor executor) {
			super(executor);
			this.executor = executor;
		}

		@Override
		protected <T> RunnableFuture<T> newTaskFor(Callable<T> callable) {
			return new OffloadTask<>(this.executor, OffloadTask.Mode.MARK, callable, null);
		}

		@Override
		protected <T> RunnableFuture<T> newTaskFor(Runnable runnable, T value) {
			return newTaskFor(() -> {
				runnable.run();
				return value;
			});
		}

		@Override
		public void execute(Runnable command) {
			this.executor.submitTask(
					(command instanceof OffloadTask<?> task) ? task : (OffloadTask<?>) newTaskFor(command, null));
		}

	}

}
