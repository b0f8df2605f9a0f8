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
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;

/**
 * The thread pool behind an {@link OffloadScheduler}: a fixed number of threads (core =
 * max, so threads start before tasks queue, as in Piscina), one FIFO queue of bounded
 * capacity shared by every caller, and a rejection that fails at once. Its tasks are
 * {@link OffloadTask}s; a timer thread enforces their deadlines.
 *
 * @author reuseport team
 */
final class OffloadExecutor extends ThreadPoolExecutor {

	private final String name;

	private final Duration queueTimeout;

	private final Duration timeout;

	private final ScheduledThreadPoolExecutor timer;

	private final AtomicInteger busy = new AtomicInteger();

	private final LongAdder rejected = new LongAdder();

	private final LongAdder queueTimeouts = new LongAdder();

	private final LongAdder runTimeouts = new LongAdder();

	private final LongAdder cancelledQueued = new LongAdder();

	private final LongAdder cancelledRunning = new LongAdder();

	private final List<OffloadObserver> observers = new CopyOnWriteArrayList<>();

	OffloadExecutor(String name, int threads, int queueCapacity, Duration queueTimeout, Duration timeout,
			Duration keepAlive, String threadNamePrefix) {
		super(threads, threads, keepAlive.toNanos(), TimeUnit.NANOSECONDS, queue(queueCapacity),
				threadFactory(threadNamePrefix));
		allowCoreThreadTimeOut(true);
		setRejectedExecutionHandler((task, executor) -> {
			this.rejected.increment();
			throw unavailable(executor.isShutdown() ? OffloadUnavailableException.Reason.SHUTDOWN
					: OffloadUnavailableException.Reason.QUEUE_FULL);
		});
		this.name = name;
		this.queueTimeout = queueTimeout;
		this.timeout = timeout;
		this.timer = new ScheduledThreadPoolExecutor(1, threadFactory(threadNamePrefix + "timer-"));
		this.timer.setRemoveOnCancelPolicy(true);
	}

	private static BlockingQueue<Runnable> queue(int capacity) {
		return (capacity > 0) ? new ArrayBlockingQueue<>(capacity) : new SynchronousQueue<>();
	}

	private static ThreadFactory threadFactory(String prefix) {
		AtomicInteger counter = new AtomicInteger();
		return (runnable) -> {
			Thread thread = new Thread(runnable, prefix + counter.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

	/**
	 * Run a task, with the deadlines of its mode.
	 * @param task the task
	 * @throws OffloadUnavailableException if the queue is full or the executor is shut
	 * down
	 */
	void submitTask(OffloadTask<?> task) {
		execute(task);
		if (task.mode() != OffloadTask.Mode.NONE && isPositive(this.queueTimeout)) {
			task.setQueueDeadline(
					this.timer.schedule(task::queueDeadlinePassed, this.queueTimeout.toNanos(), TimeUnit.NANOSECONDS));
		}
	}

	@Override
	public void execute(Runnable command) {
		super.execute(
				(command instanceof OffloadTask<?>) ? command : new OffloadTask<>(this, OffloadTask.Mode.NONE, () -> {
					command.run();
					return null;
				}, null));
	}

	@Override
	protected <T> RunnableFuture<T> newTaskFor(Callable<T> callable) {
		return new OffloadTask<>(this, OffloadTask.Mode.NONE, callable, null);
	}

	@Override
	protected <T> RunnableFuture<T> newTaskFor(Runnable runnable, T value) {
		return newTaskFor(() -> {
			runnable.run();
			return value;
		});
	}

	@Nullable ScheduledFuture<?> scheduleRunDeadline(OffloadTask<?> task) {
		if (task.mode() == OffloadTask.Mode.NONE || !isPositive(this.timeout)) {
			return null;
		}
		return this.timer.schedule(task::runDeadlinePassed, this.timeout.toNanos(), TimeUnit.NANOSECONDS);
	}

	private static boolean isPositive(Duration duration) {
		return !duration.isZero() && !duration.isNegative();
	}

	OffloadUnavailableException unavailable(OffloadUnavailableException.Reason reason) {
		String message = switch (reason) {
			case QUEUE_FULL -> "All " + getMaximumPoolSize() + " threads of '" + this.name
					+ "' are busy and its queue of " + capacity() + " is full";
			case QUEUE_TIMEOUT ->
				"Task waited longer than " + this.queueTimeout + " in the queue of '" + this.name + "'";
			case RUN_TIMEOUT -> "Task ran longer than " + this.timeout + " on '" + this.name + "' and was interrupted";
			case SHUTDOWN -> "'" + this.name + "' is shut down";
		};
		return new OffloadUnavailableException(reason, message);
	}

	@Override
	protected void beforeExecute(Thread thread, Runnable task) {
		this.busy.incrementAndGet();
	}

	@Override
	protected void afterExecute(Runnable task, @Nullable Throwable failure) {
		this.busy.decrementAndGet();
	}

	void taskStarted(long waitNanos) {
		this.observers.forEach((observer) -> observer.taskStarted(waitNanos));
	}

	void taskFinished(long runNanos) {
		this.observers.forEach((observer) -> observer.taskFinished(runNanos));
	}

	void taskTimedOut(boolean inQueue) {
		(inQueue ? this.queueTimeouts : this.runTimeouts).increment();
	}

	void taskCancelled(boolean inQueue) {
		(inQueue ? this.cancelledQueued : this.cancelledRunning).increment();
	}

	void addObserver(OffloadObserver observer) {
		this.observers.add(observer);
	}

	@Override
	protected void terminated() {
		this.timer.shutdownNow();
	}

	String name() {
		return this.name;
	}

	int capacity() {
		return getQueue().size() + getQueue().remainingCapacity();
	}

	int busy() {
		return this.busy.get();
	}

	long rejected() {
		return this.rejected.sum();
	}

	long queueTimeouts() {
		return this.queueTimeouts.sum();
	}

	long runTimeouts() {
		return this.runTimeouts.sum();
	}

	long cancelledQueued() {
		return this.cancelledQueued.sum();
	}

	long cancelledRunning() {
		return this.cancelledRunning.sum();
	}

	Duration queueTimeout() {
		return this.queueTimeout;
	}

	Duration timeout() {
		return this.timeout;
	}

}
