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

/**
 * Signalled to the caller of a queued task that did not complete with a result: it threw
 * on its last attempt, went to the dead letter, or was not run because its deadline
 * passed while it waited.
 *
 * @author reuseport team
 * @since 0.1.0
 */
public class TaskFailedException extends RuntimeException {

	private final String outcome;

	/**
	 * Create a new instance.
	 * @param outcome the outcome: {@code dead} or {@code expired} as recorded, or
	 * {@code lost} when the result could not be read
	 * @param message the reason recorded with it
	 */
	public TaskFailedException(String outcome, String message) {
		super(outcome + ": " + message, null, false, false);
		this.outcome = outcome;
	}

	/**
	 * Return the outcome: {@code dead} (failed on its last attempt, or rejected),
	 * {@code expired}, or {@code lost} (reading the results from Redis failed while the
	 * caller waited: the task may still run).
	 * @return the outcome
	 */
	public String getOutcome() {
		return this.outcome;
	}

}
