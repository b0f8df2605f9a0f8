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
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.MonoSink;

/**
 * A task of the {@link OffloadExecutor}: a {@link FutureTask} that leaves the executor's
 * queue when it is cancelled, and that carries the queue and run deadlines.
 * <p>
 * How a missed deadline reaches the caller depends on the {@link Mode}: a task submitted
 * through {@link OffloadScheduler#submit} signals its {@code Mono}; a controller method
 * invocation ({@link Offload}) is marked and {@link OffloadMethodInterceptor} turns the
 * mark into an exception; a task scheduled through the {@code Scheduler} view has no
 * deadlines, since nothing could tell its subscriber.
 *
 * @param <T> the result type
 * @author reuseport team
 */
final class OffloadTask<T> extends FutureTask<T> {

	private static final ThreadLocal<@Nullable OffloadTask<?>> CURRENT = new ThreadLocal<>();

	private final OffloadExecutor executor;

	private final Mode mode;

	private final @Nullable MonoSink<T> sink;

	private final long submittedAt = System.nanoTime();

	private final AtomicBoolean claimed = new AtomicBoolean();

	private final AtomicBoolean signalled = new AtomicBoolean();

	private volatile @Nullable ScheduledFuture<?> queueDeadline;

	private volatile @Nullable ScheduledFuture<?> runDeadline;

	private volatile boolean expired;

	private volatile boolean timedOut;

	private @Nullable Thread runner;

	OffloadTask(OffloadExecutor executor, Mode mode, Callable<T> callable, @Nullable MonoSink<T> sink) {
		super(callable);
		this.executor = executor;
		this.mode = mode;
		this.sink = sink;
	}

	/**
	 * Return the task running on the current thread, if any.
	 * @return the task or {@code null}
	 */
	static @Nullable OffloadTask<?> current() {
		return CURRENT.get();
	}

	Mode mode() {
		return this.mode;
	}

	OffloadExecutor executor() {
		return this.executor;
	}

	boolean isExpired() {
		return this.expired;
	}

	boolean isTimedOut() {
		return this.timedOut;
	}

	void setQueueDeadline(ScheduledFuture<?> deadline) {
		this.queueDeadline = deadline;
		if (this.claimed.get()) {
			deadline.cancel(false);
		}
	}

	@Override
	public void run() {
		if (!this.claimed.compareAndSet(false, true)) {
			return;
		}
		cancel(this.queueDeadline);
		this.executor.taskStarted(System.nanoTime() - this.submittedAt);
		long start = System.nanoTime();
		synchronized (this) {
			this.runner = Thread.currentThread();
		}
		this.runDeadline = this.executor.scheduleRunDeadline(this);
		try {
			runMarked();
		}
		finally {
			cancel(this.runDeadline);
			synchronized (this) {
				this.runner = null;
			}
			this.executor.taskFinished(System.nanoTime() - start);
		}
	}

	private void runMarked() {
		CURRENT.set(this);
		try {
			super.run();
		}
		finally {
			CURRENT.remove();
		}
	}

	/**
	 * Cancel the task: a queued task leaves the queue and never runs, a running one is
	 * interrupted if {@code mayInterruptIfRunning}.
	 */
	@Override
	public boolean cancel(boolean mayInterruptIfRunning) {
		boolean cancelled = super.cancel(mayInterruptIfRunning);
		if (cancelled) {
			boolean queued = this.claimed.compareAndSet(false, true);
			if (queued) {
				cancel(this.queueDeadline);
				this.executor.remove(this);
			}
			this.executor.taskCancelled(queued);
		}
		return cancelled;
	}

	/**
	 * The queue deadline passed: drop the task if it has not started.
	 */
	void queueDeadlinePassed() {
		if (!this.claimed.compareAndSet(false, true)) {
			return;
		}
		this.executor.remove(this);
		this.expired = true;
		this.executor.taskTimedOut(true);
		if (this.mode == Mode.SIGNAL) {
			signalError(this.executor.unavailable(OffloadUnavailableException.Reason.QUEUE_TIMEOUT));
			super.cancel(false);
		}
		else {
			// Let the invocation fail fast on this thread: the interceptor sees the mark
			// and throws before the method runs.
			runMarked();
		}
	}

	/**
	 * The run deadline passed: interrupt the task's thread and report the timeout.
	 */
	void runDeadlinePassed() {
		this.timedOut = true;
		this.executor.taskTimedOut(false);
		if (this.mode == Mode.SIGNAL) {
			signalError(this.executor.unavailable(OffloadUnavailableException.Reason.RUN_TIMEOUT));
			super.cancel(true);
			return;
		}
		synchronized (this) {
			if (this.runner != null) {
				this.runner.interrupt();
			}
		}
	}

	@Override
	protected void done() {
		if (this.mode != Mode.SIGNAL || isCancelled()) {
			return;
		}
		try {
			T value = get();
			if (this.signalled.compareAndSet(false, true) && this.sink != null) {
				if (value != null) {
					this.sink.success(value);
				}
				else {
					this.sink.success();
				}
			}
		}
		catch (ExecutionException ex) {
			signalError((ex.getCause() != null) ? ex.getCause() : ex);
		}
		catch (InterruptedException | CancellationException ex) {
			// done() runs after completion: get() does not block or throw these here
		}
	}

	void signalError(Throwable error) {
		if (this.signalled.compareAndSet(false, true) && this.sink != null) {
			this.sink.error(error);
		}
	}

	private static void cancel(@Nullable ScheduledFuture<?> deadline) {
		if (deadline != null) {
			deadline.cancel(false);
		}
	}

	/**
	 * How a task reports missed deadlines.
	 */
	enum Mode {

		/**
		 * Signals its {@code Mono}.
		 */
		SIGNAL,

		/**
		 * Marks itself for {@link OffloadMethodInterceptor}.
		 */
		MARK,

		/**
		 * Has no deadlines.
		 */
		NONE

	}

}
