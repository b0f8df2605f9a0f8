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

package dev.reuseport.server.supervision;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import dev.reuseport.server.ReusePortWebServer;
import org.jspecify.annotations.Nullable;

/**
 * The one thread, {@code reuseport-supervisor}, on which every change to the workers of a
 * {@link ReusePortWebServer} runs, one at a time: restarts, stalled-worker replacement,
 * scaling and the graceful drain. Changes asked for from outside (Actuator) are refused
 * with {@link WorkerChangeInProgressException} while another change runs or waits; the
 * others wait for their turn.
 *
 * @author reuseport team
 */
final class WorkerSupervisor {

	private final ExecutorService executor;

	private final AtomicInteger pending = new AtomicInteger();

	private volatile @Nullable Thread thread;

	WorkerSupervisor() {
		this.executor = Executors.newSingleThreadExecutor((task) -> {
			Thread thread = new Thread(task, "reuseport-supervisor");
			thread.setDaemon(true);
			this.thread = thread;
			return thread;
		});
	}

	/**
	 * Start a change asked for from outside, unless another change runs or waits.
	 * @param <T> the result type
	 * @param change the change
	 * @return the result, once the change is done
	 * @throws WorkerChangeInProgressException if another change runs or waits
	 */
	<T> CompletableFuture<T> request(Supplier<T> change) {
		if (!this.pending.compareAndSet(0, 1)) {
			throw new WorkerChangeInProgressException();
		}
		try {
			return CompletableFuture.supplyAsync(() -> counted(change), this.executor);
		}
		catch (RejectedExecutionException ex) {
			this.pending.decrementAndGet();
			throw new IllegalStateException("The server is stopped", ex);
		}
	}

	/**
	 * Run a change in its turn and wait for it; on the supervisor thread itself, run it
	 * at once.
	 * @param <T> the result type
	 * @param change the change
	 * @return its result
	 */
	<T> T run(Supplier<T> change) {
		if (Thread.currentThread() == this.thread) {
			return change.get();
		}
		Future<T> result = submit(change);
		try {
			return result.get();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			result.cancel(true);
			throw new IllegalStateException("Interrupted while waiting for a change of the workers", ex);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof RuntimeException runtime) {
				throw runtime;
			}
			if (ex.getCause() instanceof Error error) {
				throw error;
			}
			throw new IllegalStateException(ex.getCause());
		}
	}

	/**
	 * Queue a change without waiting for it.
	 * @param change the change
	 */
	void enqueue(Runnable change) {
		submit(() -> {
			change.run();
			return null;
		});
	}

	private <T> Future<T> submit(Supplier<T> change) {
		this.pending.incrementAndGet();
		try {
			return this.executor.submit(() -> counted(change));
		}
		catch (RejectedExecutionException ex) {
			this.pending.decrementAndGet();
			throw new IllegalStateException("The server is stopped", ex);
		}
	}

	private <T> T counted(Supplier<T> change) {
		try {
			return change.get();
		}
		finally {
			this.pending.decrementAndGet();
		}
	}

	/**
	 * Return whether a change runs or waits.
	 * @return whether the supervisor is busy
	 */
	boolean isBusy() {
		return this.pending.get() > 0;
	}

	/**
	 * Return how many changes run or wait.
	 * @return the number of changes
	 */
	int getPendingChanges() {
		return this.pending.get();
	}

	/**
	 * Stop the supervisor thread, interrupting a change that runs; queued changes are
	 * dropped.
	 */
	void shutdown() {
		this.executor.shutdownNow();
	}

}
