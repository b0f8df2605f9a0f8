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

import java.util.OptionalInt;

/**
 * Tells which worker the current thread belongs to.
 *
 * @author reuseport team
 * @since 0.1.0
 */
public final class WorkerThreads {

	/**
	 * The MDC key that carries the worker index on event-loop threads.
	 */
	public static final String WORKER_KEY = "reuseport.worker";

	private WorkerThreads() {
	}

	/**
	 * Return the index of the worker whose event loop runs the current thread.
	 * @return the worker index, or empty on any other thread
	 */
	public static OptionalInt currentWorker() {
		return (Thread.currentThread() instanceof WorkerLoopResources.LoopThread thread)
				? OptionalInt.of(thread.workerIndex()) : OptionalInt.empty();
	}

}
