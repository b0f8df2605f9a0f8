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

import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.reuseport.offload.OffloadObserver;
import dev.reuseport.offload.OffloadScheduler;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.ExecutorServiceMetrics;

/**
 * Binds the meters of an {@link OffloadScheduler}, all tagged {@code name}: Micrometer's
 * {@code executor.*} meters of its thread pool, {@code executor.rejected}, the
 * {@code reuseport.offload.queue.wait} and {@code reuseport.offload.run} timers,
 * {@code reuseport.offload.utilization}, {@code reuseport.offload.timeouts} (tag
 * {@code phase}) and {@code reuseport.offload.cancelled} (tag {@code state}).
 *
 * @author reuseport team
 * @since 0.1.0
 */
public class OffloadMetrics implements MeterBinder {

	/**
	 * Tasks rejected because the queue was full.
	 */
	public static final String REJECTED = "executor.rejected";

	/**
	 * Time tasks waited in the queue.
	 */
	public static final String QUEUE_WAIT = "reuseport.offload.queue.wait";

	/**
	 * Time tasks ran.
	 */
	public static final String RUN = "reuseport.offload.run";

	/**
	 * Busy threads divided by threads.
	 */
	public static final String UTILIZATION = "reuseport.offload.utilization";

	/**
	 * Tasks that missed a deadline, tagged {@code phase} = {@code queue} or {@code run}.
	 */
	public static final String TIMEOUTS = "reuseport.offload.timeouts";

	/**
	 * Tasks cancelled by their caller, tagged {@code state} = {@code queued} or
	 * {@code running}.
	 */
	public static final String CANCELLED = "reuseport.offload.cancelled";

	private final OffloadScheduler scheduler;

	public OffloadMetrics(OffloadScheduler scheduler) {
		this.scheduler = scheduler;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		OffloadScheduler scheduler = this.scheduler;
		Tags tags = Tags.of("name", scheduler.getName());
		new ExecutorServiceMetrics(scheduler.getThreadPoolExecutor(), scheduler.getName(), List.<Tag>of())
			.bindTo(registry);
		FunctionCounter.builder(REJECTED, scheduler, (pool) -> pool.getStatistics().rejected())
			.tags(tags)
			.baseUnit("tasks")
			.description("Tasks rejected because every thread was busy and the queue was full")
			.register(registry);
		Gauge.builder(UTILIZATION, scheduler, (pool) -> pool.getStatistics().utilization())
			.tags(tags)
			.description("Busy threads divided by threads")
			.register(registry);
		FunctionCounter.builder(TIMEOUTS, scheduler, (pool) -> pool.getStatistics().queueTimeouts())
			.tags(tags.and("phase", "queue"))
			.baseUnit("tasks")
			.description("Tasks dropped or interrupted because they missed a deadline")
			.register(registry);
		FunctionCounter.builder(TIMEOUTS, scheduler, (pool) -> pool.getStatistics().runTimeouts())
			.tags(tags.and("phase", "run"))
			.baseUnit("tasks")
			.description("Tasks dropped or interrupted because they missed a deadline")
			.register(registry);
		FunctionCounter.builder(CANCELLED, scheduler, (pool) -> pool.getStatistics().cancelledQueued())
			.tags(tags.and("state", "queued"))
			.baseUnit("tasks")
			.description("Tasks cancelled by their caller")
			.register(registry);
		FunctionCounter.builder(CANCELLED, scheduler, (pool) -> pool.getStatistics().cancelledRunning())
			.tags(tags.and("state", "running"))
			.baseUnit("tasks")
			.description("Tasks cancelled by their caller")
			.register(registry);
		Timer wait = Timer.builder(QUEUE_WAIT)
			.tags(tags)
			.description("Time tasks waited in the queue")
			.publishPercentileHistogram()
			.register(registry);
		Timer run = Timer.builder(RUN)
			.tags(tags)
			.description("Time tasks ran")
			.publishPercentileHistogram()
			.register(registry);
		scheduler.addObserver(new OffloadObserver() {

			@Override
			public void taskStarted(long nanos) {
				wait.record(nanos, TimeUnit.NANOSECONDS);
			}

			@Override
			public void taskFinished(long nanos) {
				run.record(nanos, TimeUnit.NANOSECONDS);
			}

		});
	}

}
