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

package dev.reuseport.metrics;

import java.util.function.ToDoubleFunction;

import dev.reuseport.offload.distributed.TaskSubmitter;
import dev.reuseport.offload.distributed.TaskWorker;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Binds the meters of the distributed offload queue ({@link DistributedOffloadMeters}).
 *
 * @author reuseport team
 * @since 0.1.0
 */
public class DistributedOffloadMetrics implements MeterBinder {

	private final TaskWorker worker;

	private final TaskSubmitter submitter;

	/**
	 * Create a new instance.
	 * @param worker this instance's worker
	 * @param submitter this instance's submitter
	 */
	public DistributedOffloadMetrics(TaskWorker worker, TaskSubmitter submitter) {
		this.worker = worker;
		this.submitter = submitter;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		counter(registry, DistributedOffloadMeters.COMPLETED, (worker) -> worker.getOutcomes("done"));
		counter(registry, DistributedOffloadMeters.RETRIED, (worker) -> worker.getOutcomes("retry"));
		counter(registry, DistributedOffloadMeters.DEAD_LETTERED, (worker) -> worker.getOutcomes("dead"));
		counter(registry, DistributedOffloadMeters.EXPIRED, (worker) -> worker.getOutcomes("expired"));
		counter(registry, DistributedOffloadMeters.REQUEUED, (worker) -> worker.getOutcomes("requeue"));
		counter(registry, DistributedOffloadMeters.FENCED, (worker) -> worker.getOutcomes("fenced"));
		counter(registry, DistributedOffloadMeters.CLAIMED, TaskWorker::getClaimed);
		Gauge.builder(DistributedOffloadMeters.WAITING.getName(), this.submitter, TaskSubmitter::getWaiting)
			.register(registry);
		gauge(registry, DistributedOffloadMeters.QUEUE_LENGTH, (worker) -> worker.getQueueState().length());
		gauge(registry, DistributedOffloadMeters.QUEUE_PENDING, (worker) -> worker.getQueueState().pending());
		gauge(registry, DistributedOffloadMeters.QUEUE_LAG, (worker) -> worker.getQueueState().lag());
		gauge(registry, DistributedOffloadMeters.QUEUE_DELAYED, (worker) -> worker.getQueueState().delayed());
		gauge(registry, DistributedOffloadMeters.DEAD_LETTERS, (worker) -> worker.getQueueState().deadLetters());
	}

	private void counter(MeterRegistry registry, DistributedOffloadMeters meter, ToDoubleFunction<TaskWorker> count) {
		FunctionCounter.builder(meter.getName(), this.worker, count).register(registry);
	}

	private void gauge(MeterRegistry registry, DistributedOffloadMeters meter, ToDoubleFunction<TaskWorker> value) {
		Gauge.builder(meter.getName(), this.worker, value).register(registry);
	}

}
