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

/**
 * Receives the timings of the tasks an {@link OffloadScheduler} runs, for metrics. Called
 * from the scheduler's threads; implementations must be fast and thread-safe.
 *
 * @author reuseport team
 * @since 0.1.0
 */
public interface OffloadObserver {

	/**
	 * A task left the queue to run.
	 * @param nanos how long it waited in the queue
	 */
	void taskStarted(long nanos);

	/**
	 * A task finished running, normally, with an error, or interrupted.
	 * @param nanos how long it ran
	 */
	void taskFinished(long nanos);

}
