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

package dev.reuseport.actuate.health;

import java.time.Duration;

import dev.reuseport.offload.distributed.TaskWorker;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Health of the distributed offload queue as this instance's worker sees it: up while the
 * queue's state was read from Redis within the last {@value #STALE_SECONDS} seconds (it
 * is read every 5 s), with the queue's length, pending entries, lag and dead letters. It
 * is not part of the liveness or readiness groups: an instance without Redis still
 * serves, and runs its calls on its own pool.
 *
 * @author reuseport team
 * @since 0.1.0
 */
public class TaskQueueHealthIndicator extends AbstractHealthIndicator {

	static final long STALE_SECONDS = 15;

	private final TaskWorker worker;

	/**
	 * Create a new instance.
	 * @param worker this instance's worker
	 */
	public TaskQueueHealthIndicator(TaskWorker worker) {
		super("reuseport task queue check failed");
		this.worker = worker;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		Duration age = this.worker.getQueueStateAge();
		TaskWorker.QueueState state = this.worker.getQueueState();
		((age.toSeconds() < STALE_SECONDS) ? builder.up() : builder.down()).withDetail("length", state.length())
			.withDetail("pending", state.pending())
			.withDetail("lag", state.lag())
			.withDetail("deadLetters", state.deadLetters())
			.withDetail("readMillisAgo", age.toMillis());
	}

}
