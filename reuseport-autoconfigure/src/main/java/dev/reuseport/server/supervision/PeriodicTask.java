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

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Runs a task every interval on its own daemon thread, outside the event loops, logging
 * and surviving its failures.
 *
 * @author reuseport team
 */
final class PeriodicTask {

	private static final Log logger = LogFactory.getLog(PeriodicTask.class);

	private final String name;

	private final Duration interval;

	private final Runnable task;

	private @Nullable ScheduledExecutorService executor;

	PeriodicTask(String name, Duration interval, Runnable task) {
		this.name = name;
		this.interval = interval;
		this.task = task;
	}

	/**
	 * Start running the task on a new thread; a no-op while running. Can start again
	 * after {@link #stop()}.
	 */
	synchronized void start() {
		if (this.executor != null) {
			return;
		}
		ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, this.name);
			thread.setDaemon(true);
			return thread;
		});
		long nanos = this.interval.toNanos();
		executor.scheduleWithFixedDelay(this::runSafely, nanos, nanos, TimeUnit.NANOSECONDS);
		this.executor = executor;
	}

	synchronized void stop() {
		if (this.executor != null) {
			this.executor.shutdownNow();
			this.executor = null;
		}
	}

	private void runSafely() {
		try {
			this.task.run();
		}
		catch (RuntimeException ex) {
			logger.warn(this.name + " failed", ex);
		}
	}

}
