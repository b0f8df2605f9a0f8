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

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.context.ContextRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.TracingObservationHandler;
import io.micrometer.tracing.test.simple.SimpleSpan;
import io.micrometer.tracing.test.simple.SimpleTracer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link OffloadScheduler}.
 *
 * @author reuseport team
 */
class OffloadSchedulerTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final CountDownLatch gate = new CountDownLatch(1);

	private OffloadScheduler scheduler;

	@AfterEach
	void dispose() {
		this.gate.countDown();
		if (this.scheduler != null) {
			this.scheduler.dispose();
		}
	}

	private OffloadScheduler scheduler(OffloadSchedulerBuilder builder) {
		this.scheduler = builder.build();
		return this.scheduler;
	}

	private Boolean awaitGate() throws InterruptedException {
		return this.gate.await(30, TimeUnit.SECONDS);
	}

	/**
	 * Occupy one thread with a task that waits for the gate. With a queue capacity of 0,
	 * a task submitted while the only thread is between two tasks is rejected (a
	 * {@code SynchronousQueue} needs a waiting taker), so submit again until it runs.
	 */
	private Disposable occupyOneThread(OffloadScheduler scheduler) {
		AtomicReference<Disposable> blocker = new AtomicReference<>();
		await().atMost(WAIT).until(() -> {
			if (scheduler.getStatistics().busyThreads() == 1) {
				return true;
			}
			if (blocker.get() == null || blocker.get().isDisposed()) {
				blocker.set(scheduler.submit(this::awaitGate).subscribe((value) -> {
				}, (ex) -> {
				}));
			}
			return false;
		});
		return blocker.get();
	}

	@Test
	void submitRunsOnAnOffloadThreadAndDeliversTheResult() {
		OffloadScheduler scheduler = scheduler(new OffloadSchedulerBuilder().threads(2));
		StepVerifier.create(scheduler.submit(() -> Thread.currentThread().getName()))
			.assertNext((name) -> assertThat(name).startsWith("reuseport-offload-"))
			.expectComplete()
			.verify(WAIT);
	}

	@Test
	void nullResultCompletesEmpty() {
		OffloadScheduler scheduler = scheduler(new OffloadSchedulerBuilder().threads(1));
		StepVerifier.create(scheduler.submit(() -> null)).expectComplete().verify(WAIT);
	}

	@Test
	void taskFailureIsSignalled() {
		OffloadScheduler scheduler = scheduler(new OffloadSchedulerBuilder().threads(1));
		StepVerifier.create(scheduler.submit(() -> {
			throw new IllegalStateException("boom");
		})).expectErrorMessage("boom").verify(WAIT);
	}

	@Test
	void fullQueueRejectsAtOnce() {
		OffloadScheduler scheduler = scheduler(new OffloadSchedulerBuilder().threads(1).queueCapacity(1));
		occupyOneThread(scheduler);
		scheduler.submit(() -> "queued").subscribe();
		assertThat(scheduler.getStatistics().queued()).isOne();
		StepVerifier.create(scheduler.submit(() -> "rejected"))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(OffloadUnavailableException.class)
				.extracting("reason")
				.isEqualTo(OffloadUnavailableException.Reason.QUEUE_FULL))
			.verify(WAIT);
		assertThat(scheduler.getStatistics().rejected()).isOne();
	}

	@Test
	void zeroQueueCapacityRejectsWhenEveryThreadIsBusy() {
		OffloadScheduler scheduler = scheduler(new OffloadSchedulerBuilder().threads(1).queueCapacity(0));
		occupyOneThread(scheduler);
		StepVerifier.create(scheduler.submit(() -> "rejected"))
			.expectError(OffloadUnavailableException.class)
			.verify(WAIT);
	}

	@Test
	void taskThatWaitsPastQueueTimeoutIsDroppedWithoutRunning() {
		OffloadScheduler scheduler = scheduler(
				new OffloadSchedulerBuilder().threads(1).queueCapacity(4).queueTimeout(Duration.ofMillis(200)));
		occupyOneThread(scheduler);
		AtomicBoolean ran = new AtomicBoolean();
		StepVerifier.create(scheduler.submit(() -> ran.getAndSet(true)))
			.expectErrorSatisfies((ex) -> assertThat(ex).extracting("reason")
				.isEqualTo(OffloadUnavailableException.Reason.QUEUE_TIMEOUT))
			.verify(WAIT);
		assertThat(scheduler.getStatistics().queued()).isZero();
		this.gate.countDown();
		await().atMost(WAIT).until(() -> scheduler.getStatistics().busyThreads() == 0);
		assertThat(ran).isFalse();
		assertThat(scheduler.getStatistics().queueTimeouts()).isOne();
	}

	@Test
	void taskThatRunsPastTimeoutIsInterrupted() {
		OffloadScheduler scheduler = scheduler(
				new OffloadSchedulerBuilder().threads(1).timeout(Duration.ofMillis(200)));
		AtomicBoolean interrupted = new AtomicBoolean();
		StepVerifier.create(scheduler.submit(() -> {
			while (!Thread.currentThread().isInterrupted()) {
				Thread.onSpinWait();
			}
			interrupted.set(true);
			return "late";
		}))
			.expectErrorSatisfies((ex) -> assertThat(ex).extracting("reason")
				.isEqualTo(OffloadUnavailableException.Reason.RUN_TIMEOUT))
			.verify(WAIT);
		await().atMost(WAIT).untilTrue(interrupted);
		assertThat(scheduler.getStatistics().runTimeouts()).isOne();
	}

	@Test
	void cancellingAQueuedTaskRemovesItFromTheQueue() {
		OffloadScheduler scheduler = scheduler(new OffloadSchedulerBuilder().threads(1).queueCapacity(4));
		occupyOneThread(scheduler);
		AtomicBoolean ran = new AtomicBoolean();
		Disposable queued = scheduler.submit(() -> ran.getAndSet(true)).subscribe();
		assertThat(scheduler.getStatistics().queued()).isOne();
		queued.dispose();
		assertThat(scheduler.getStatistics().queued()).isZero();
		this.gate.countDown();
		await().atMost(WAIT).until(() -> scheduler.getStatistics().busyThreads() == 0);
		assertThat(ran).isFalse();
		assertThat(scheduler.getStatistics().cancelledQueued()).isOne();
	}

	@Test
	void cancellingARunningTaskInterruptsIt() {
		OffloadScheduler scheduler = scheduler(new OffloadSchedulerBuilder().threads(1));
		AtomicBoolean interrupted = new AtomicBoolean();
		Disposable running = scheduler.submit(() -> {
			try {
				return awaitGate();
			}
			catch (InterruptedException ex) {
				interrupted.set(true);
				throw ex;
			}
		}).subscribe();
		await().atMost(WAIT).until(() -> scheduler.getStatistics().busyThreads() == 1);
		running.dispose();
		await().atMost(WAIT).untilTrue(interrupted);
		assertThat(scheduler.getStatistics().cancelledRunning()).isOne();
	}

	@Test
	void schedulerViewRunsOnThePoolAndRejectsWhenFull() {
		OffloadScheduler scheduler = scheduler(new OffloadSchedulerBuilder().threads(1).queueCapacity(0));
		StepVerifier.create(Mono.fromCallable(() -> Thread.currentThread().getName()).subscribeOn(scheduler))
			.assertNext((name) -> assertThat(name).startsWith("reuseport-offload-"))
			.expectComplete()
			.verify(WAIT);
		occupyOneThread(scheduler);
		StepVerifier.create(Mono.just("x").subscribeOn(scheduler))
			.expectErrorSatisfies((ex) -> assertThat(ex).isInstanceOf(RejectedExecutionException.class)
				.hasRootCauseInstanceOf(OffloadUnavailableException.class))
			.verify(WAIT);
	}

	@Test
	void threadsAreOnlyTheConfiguredOnes() {
		OffloadScheduler scheduler = scheduler(new OffloadSchedulerBuilder().threads(2).queueCapacity(100));
		AtomicInteger maxBusy = new AtomicInteger();
		Mono<String> task = scheduler.submit(() -> {
			maxBusy.accumulateAndGet(scheduler.getStatistics().busyThreads(), Math::max);
			long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
			while (System.nanoTime() < end) {
				Thread.onSpinWait();
			}
			return Thread.currentThread().getName();
		});
		StepVerifier.create(reactor.core.publisher.Flux.range(0, 20).flatMap((i) -> task))
			.thenConsumeWhile((name) -> name.matches("reuseport-offload-[12]"))
			.expectComplete()
			.verify(WAIT);
		assertThat(maxBusy.get()).isBetween(1, 2);
		assertThat(scheduler.getStatistics().completed()).isEqualTo(20);
	}

	/**
	 * Submit a task that starts and ends a span, as a request handler in the given
	 * observation would, and return the span.
	 */
	private static Span spanInTask(OffloadScheduler scheduler, SimpleTracer tracer, Observation caller) {
		return scheduler.submit(() -> {
			Span span = tracer.nextSpan().name("offloaded").start();
			span.end();
			return span;
		}).contextWrite((context) -> context.put(ObservationThreadLocalAccessor.KEY, caller)).block(WAIT);
	}

	private static ObservationRegistry tracing(SimpleTracer tracer) {
		ObservationRegistry registry = ObservationRegistry.create();
		registry.observationConfig().observationHandler(new DefaultTracingObservationHandler(tracer));
		return registry;
	}

	@Test
	void taskRunsInTheSpanOfTheCallersObservation() {
		SimpleTracer tracer = new SimpleTracer();
		ObservationRegistry registry = tracing(tracer);
		OffloadScheduler scheduler = scheduler(new OffloadSchedulerBuilder().threads(1));
		Observation handler = Observation.start("handler", registry);
		TracingObservationHandler.TracingContext tracing = handler.getContext()
			.getRequired(TracingObservationHandler.TracingContext.class);
		Span parent = tracing.getSpan();
		Span offloaded = spanInTask(scheduler, tracer, handler);
		handler.stop();
		assertThat(offloaded).isNotNull();
		assertThat(offloaded.context().traceId()).isEqualTo(parent.context().traceId());
		assertThat(offloaded.context().parentId()).isEqualTo(parent.context().spanId());
		assertThat(registry.getCurrentObservation()).as("nothing leaks into the test thread").isNull();
	}

	@Test
	void taskSeesTheCallersContextValuesAndLeavesNothingOnThePoolThread() {
		ThreadLocal<String> tenant = new ThreadLocal<>();
		ContextRegistry.getInstance().registerThreadLocalAccessor("test.tenant", tenant);
		try {
			OffloadScheduler scheduler = scheduler(new OffloadSchedulerBuilder().threads(1));
			String seen = scheduler.submit(tenant::get)
				.contextWrite((context) -> context.put("test.tenant", "acme"))
				.block(WAIT);
			assertThat(seen).isEqualTo("acme");
			assertThat(scheduler.submit(() -> String.valueOf(tenant.get())).block(WAIT)).isEqualTo("null");
		}
		finally {
			ContextRegistry.getInstance().removeThreadLocalAccessor("test.tenant");
		}
	}

	@Test
	void eachTaskIsAnObservationBetweenTheCallersAndTheTasksSpans() {
		SimpleTracer tracer = new SimpleTracer();
		ObservationRegistry registry = tracing(tracer);
		OffloadScheduler scheduler = scheduler(
				new OffloadSchedulerBuilder().threads(1).name("pricing").observationRegistry(registry));
		Observation handler = Observation.start("handler", registry);
		Span offloaded = spanInTask(scheduler, tracer, handler);
		handler.stop();
		// the task's observation stops when the Mono ends, just after block() returns
		await().atMost(WAIT)
			.until(() -> tracer.getSpans()
				.stream()
				.anyMatch(
						(span) -> span.getName().equals("reuseport.offload") && span.getTags().containsKey("outcome")));
		SimpleSpan task = tracer.getSpans()
			.stream()
			.filter((span) -> span.getName().equals("reuseport.offload"))
			.findFirst()
			.orElseThrow();
		SimpleSpan parent = tracer.getSpans()
			.stream()
			.filter((span) -> span.getName().equals("handler"))
			.findFirst()
			.orElseThrow();
		assertThat(task.getParentId()).isEqualTo(parent.getSpanId());
		assertThat(offloaded.context().parentId()).isEqualTo(task.getSpanId());
		assertThat(task.getTags()).containsEntry("scheduler", "pricing").containsEntry("outcome", "success");
		assertThat(task.getEvents()).extracting(Map.Entry::getValue).contains("reuseport.offload.started");
	}

	@Test
	void rejectedTaskObservationRecordsTheRejection() {
		SimpleTracer tracer = new SimpleTracer();
		ObservationRegistry registry = tracing(tracer);
		OffloadScheduler scheduler = scheduler(
				new OffloadSchedulerBuilder().threads(1).queueCapacity(0).observationRegistry(registry));
		occupyOneThread(scheduler);
		StepVerifier.create(scheduler.submit(() -> "never"))
			.expectError(OffloadUnavailableException.class)
			.verify(WAIT);
		await().atMost(WAIT)
			.until(() -> tracer.getSpans()
				.stream()
				.anyMatch((span) -> "rejected".equals(span.getTags().get("outcome"))));
		SimpleSpan rejected = tracer.getSpans()
			.stream()
			.filter((span) -> "rejected".equals(span.getTags().get("outcome")))
			.findFirst()
			.orElseThrow();
		assertThat(rejected.getError()).isInstanceOf(OffloadUnavailableException.class);
	}

}
