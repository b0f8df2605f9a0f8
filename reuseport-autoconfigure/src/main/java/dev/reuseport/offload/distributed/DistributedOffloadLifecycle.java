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

import java.time.Duration;

import org.springframework.context.SmartLifecycle;

/**
 * Starts the distributed offload queue with the application and stops it gracefully, once
 * the web server's graceful shutdown let the requests in flight end: the worker takes no
 * new entries, the tasks it runs finish within the drain timeout (the entries it holds
 * beyond that are claimed by other instances after the lease), then the callers still
 * waiting here fail.
 *
 * @author reuseport team
 * @since 0.1.0
 */
public final class DistributedOffloadLifecycle implements SmartLifecycle {

	/**
	 * The phase: it stops after the web server's graceful shutdown (phase
	 * {@code DEFAULT_PHASE - 1024}), so that requests still in flight there get the
	 * results they wait for, and before the web server stops ({@code DEFAULT_PHASE -
	 * 2048}).
	 */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1536;

	private final TaskSubmitter submitter;

	private final TaskWorker worker;

	private final Duration drainTimeout;

	private volatile boolean running;

	/**
	 * Create a new instance.
	 * @param submitter the submitter
	 * @param worker the worker
	 * @param drainTimeout how long running tasks may take to finish at shutdown
	 */
	public DistributedOffloadLifecycle(TaskSubmitter submitter, TaskWorker worker, Duration drainTimeout) {
		this.submitter = submitter;
		this.worker = worker;
		this.drainTimeout = drainTimeout;
	}

	@Override
	public void start() {
		this.submitter.start();
		this.worker.start();
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
		this.worker.stop();
		this.worker.awaitTermination(this.drainTimeout);
		this.submitter.stop();
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
