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

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

import org.springframework.core.task.AsyncTaskExecutor;

/**
 * An {@link java.util.concurrent.ExecutorService} view of threads that belong to
 * something else: shutting the view down does nothing, and its state is the state of the
 * threads' owner. Being an {@code ExecutorService}, Reactor cancels its tasks through
 * their futures.
 *
 * @author reuseport team
 */
abstract class ExecutorView extends AbstractExecutorService implements AsyncTaskExecutor {

	private final ExecutorService owner;

	ExecutorView(ExecutorService owner) {
		this.owner = owner;
	}

	@Override
	public void shutdown() {
		// the threads' life-cycle belongs to their owner
	}

	@Override
	public List<Runnable> shutdownNow() {
		return List.of();
	}

	@Override
	public boolean isShutdown() {
		return this.owner.isShutdown();
	}

	@Override
	public boolean isTerminated() {
		return this.owner.isTerminated();
	}

	@Override
	public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
		return this.owner.awaitTermination(timeout, unit);
	}

}
