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

import java.util.concurrent.RejectedExecutionException;

/**
 * Thrown (or signalled) when the {@link OffloadScheduler} does not complete a task: its
 * queue was full, the task waited too long in the queue, ran too long, or the scheduler
 * was shut down. Web applications answer it with {@code 503 Service Unavailable}.
 *
 * @author reuseport team
 * @since 0.1.0
 */
public class OffloadUnavailableException extends RejectedExecutionException {

	private final Reason reason;

	/**
	 * Create a new instance.
	 * @param reason why the task was not completed
	 * @param message the detail message
	 */
	public OffloadUnavailableException(Reason reason, String message) {
		super(message);
		this.reason = reason;
	}

	/**
	 * Return why the task was not completed.
	 * @return the reason
	 */
	public Reason getReason() {
		return this.reason;
	}

	/**
	 * Why a task was not completed.
	 */
	public enum Reason {

		/**
		 * Every thread was busy and the queue was full: rejected at once.
		 */
		QUEUE_FULL,

		/**
		 * The task waited longer than the queue timeout and was dropped without running.
		 */
		QUEUE_TIMEOUT,

		/**
		 * The task ran longer than the timeout; its thread was interrupted.
		 */
		RUN_TIMEOUT,

		/**
		 * The scheduler was shut down.
		 */
		SHUTDOWN

	}

}
