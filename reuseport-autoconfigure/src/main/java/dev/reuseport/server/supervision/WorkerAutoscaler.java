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
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Samples the mean event-loop utilization of the running workers every second, from its
 * own thread, and adds or removes a worker when the {@link ScalingPolicy} says so.
 *
 * @author reuseport team
 */
final class WorkerAutoscaler {

	private static final Log logger = LogFactory.getLog(WorkerAutoscaler.class);

	private static final Duration SAMPLE_INTERVAL = Duration.ofSeconds(1);

	private final WorkerGroup workerGroup;

	private final ScalingPolicy policy;

	private final Duration drainTimeout;

	private final PeriodicTask task;

	WorkerAutoscaler(WorkerGroup workerGroup, ScalingPolicy policy, Duration drainTimeout) {
		this.workerGroup = workerGroup;
		this.policy = policy;
		this.drainTimeout = drainTimeout;
		this.task = new PeriodicTask("reuseport-autoscaler", SAMPLE_INTERVAL, this::sample);
	}

	void start() {
		this.task.start();
	}

	void stop() {
		this.task.stop();
	}

	private void sample() {
		List<ReusePortWorker> running = this.workerGroup.getWorkers()
			.stream()
			.filter((worker) -> worker.getState() == WorkerState.RUNNING)
			.toList();
		double utilization = running.stream()
			.mapToDouble(ReusePortWorker::getEventLoopUtilization)
			.filter((value) -> !Double.isNaN(value))
			.average()
			.orElse(Double.NaN);
		if (this.workerGroup.isChanging()) {
			return;
		}
		int change = this.policy.decide(System.nanoTime(), utilization, running.size());
		if (change != 0) {
			logger.info(((change > 0) ? "Adding" : "Removing") + " a worker: mean event-loop utilization "
					+ String.format(java.util.Locale.ROOT, "%.2f", utilization) + " over " + running.size()
					+ " worker(s)");
			this.workerGroup.scaleTo(running.size() + change, this.drainTimeout);
		}
	}

}
