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
 * A snapshot of an {@link OffloadScheduler}: its size and what its tasks did so far.
 *
 * @param threads the threads the pool may run
 * @param busyThreads the threads running a task now
 * @param queued the tasks waiting in the queue
 * @param queueCapacity the queue capacity
 * @param completed the tasks completed
 * @param rejected the tasks rejected because the queue was full
 * @param queueTimeouts the tasks dropped because they waited past the queue timeout
 * @param runTimeouts the tasks interrupted because they ran past the timeout
 * @param cancelledQueued the tasks cancelled while queued; they never ran
 * @param cancelledRunning the tasks cancelled while running; they were interrupted
 * @author reuseport team
 * @since 0.2.0
 */
public record OffloadStatistics(int threads, int busyThreads, int queued, int queueCapacity, long completed,
		long rejected, long queueTimeouts, long runTimeouts, long cancelledQueued, long cancelledRunning) {

	/**
	 * Return the fraction of threads busy, from 0 to 1.
	 * @return the utilization
	 */
	public double utilization() {
		return (this.threads > 0) ? (double) this.busyThreads / this.threads : 0;
	}

}
