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

package dev.reuseport.autoconfigure;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.reuseport.metrics.DistributedOffloadMetrics;
import dev.reuseport.offload.Offload;
import dev.reuseport.offload.OffloadScheduler;
import dev.reuseport.offload.distributed.DistributedTaskDefinitionException;
import dev.reuseport.offload.distributed.DistributedTasks;
import dev.reuseport.offload.distributed.DistributedTasks.JobState;
import dev.reuseport.offload.distributed.TaskContext;
import dev.reuseport.offload.distributed.TaskFailedException;
import dev.reuseport.offload.distributed.TaskSubmitter;
import dev.reuseport.offload.distributed.TaskWorker;
import dev.reuseport.testsupport.OffloadSaturation;
import dev.reuseport.testsupport.RedisServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.server.ServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link ReusePortDistributedOffloadAutoConfiguration}: two application
 * contexts ("instances") sharing a real Redis.
 *
 * @author reuseport team
 */
class ReusePortDistributedOffloadAutoConfigurationTests {

	@RegisterExtension
	static final RedisServer redis = new RedisServer();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class,
				ReusePortOffloadAutoConfiguration.class, ReusePortDistributedOffloadAutoConfiguration.class))
		.withPropertyValues("spring.data.redis.port=" + redis.getPort(), "spring.application.name=distributed-test",
				"reuseport.offload.distributed.enabled=true", "reuseport.offload.threads=1",
				"reuseport.offload.distributed.lease=2s");

	@Test
	void offByDefault() {
		this.runner.withPropertyValues("reuseport.offload.distributed.enabled=false")
			.withBean(Thumbnails.class)
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean("reusePortTaskWorker"));
	}

	@Test
	void callOfASaturatedInstanceRunsOnAnIdleOneAndItsResultComesBack() {
		this.runner.withBean(Thumbnails.class)
			.withPropertyValues("reuseport.offload.thread-name-prefix=busy-")
			.run((busy) -> this.runner.withBean(Thumbnails.class)
				.withPropertyValues("reuseport.offload.thread-name-prefix=idle-")
				.run((idle) -> {
					CountDownLatch release = new CountDownLatch(1);
					saturate(busy, release);
					try {
						String ranOn = busy.getBean(Thumbnails.class).render("cat", 64).get(20, TimeUnit.SECONDS);
						assertThat(ranOn).startsWith("cat@64 on idle-");
						assertThat(busy.getBean(Thumbnails.class).describe("dog", null).block())
							.startsWith("dog on idle-")
							.endsWith("attempt 1");
					}
					finally {
						release.countDown();
					}
				}));
	}

	@Test
	void callOfAnIdleInstanceRunsLocally() {
		this.runner.withBean(Thumbnails.class)
			.withPropertyValues("reuseport.offload.thread-name-prefix=here-")
			.run((context) -> {
				assertThat(context.getBean(Thumbnails.class).render("cat", 1).get(20, TimeUnit.SECONDS))
					.startsWith("cat@1 on here-");
				// a TaskContext parameter gets a context of its own when the call runs
				// here
				assertThat(context.getBean(Thumbnails.class).describe("dog", null).block()).startsWith("dog on here-")
					.endsWith("attempt 1");
			});
	}

	@Test
	void withASigningKeyQueuedCallsAreSignedAndRun() {
		this.runner.withBean(Thumbnails.class)
			.withPropertyValues("reuseport.offload.distributed.policy=always",
					"reuseport.offload.distributed.signing-key=0123456789abcdef0123456789abcdef",
					"reuseport.offload.thread-name-prefix=signed-")
			.run((context) -> assertThat(context.getBean(Thumbnails.class).render("cat", 2).get(20, TimeUnit.SECONDS))
				.startsWith("cat@2 on signed-"));
	}

	@Test
	void metersCountWhatTheWorkerDid() {
		this.runner.withBean(Thumbnails.class)
			.withPropertyValues("reuseport.offload.distributed.policy=always")
			.run((context) -> {
				assertThat(context.getBean(Thumbnails.class).render("cat", 3).get(20, TimeUnit.SECONDS)).isNotEmpty();
				SimpleMeterRegistry registry = new SimpleMeterRegistry();
				new DistributedOffloadMetrics(context.getBean(TaskWorker.class), context.getBean(TaskSubmitter.class))
					.bindTo(registry);
				assertThat(registry.get("reuseport.offload.distributed.completed").functionCounter().count())
					.isEqualTo(1);
				assertThat(registry.get("reuseport.offload.distributed.dead-lettered").functionCounter().count())
					.isZero();
				assertThat(registry.get("reuseport.offload.distributed.waiting").gauge().value()).isZero();
			});
	}

	@Test
	void redisUnreachableAtStartUpDoesNotStopTheApplicationAndCallsEndWithAnError() {
		this.runner.withBean(Thumbnails.class)
			.withPropertyValues("spring.data.redis.port=1", "spring.data.redis.connect-timeout=500ms",
					"reuseport.offload.timeout=3s", "reuseport.offload.thread-name-prefix=alone-")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				Thumbnails thumbnails = context.getBean(Thumbnails.class);
				// an idle pool runs the call here, Redis or not
				assertThat(thumbnails.render("cat", 1).get(20, TimeUnit.SECONDS)).startsWith("cat@1 on alone-");
				CountDownLatch release = new CountDownLatch(1);
				saturate(context, release);
				try {
					// a call that must be queued ends with an error, it does not hang
					assertThat(thumbnails.render("dog", 1)).failsWithin(java.time.Duration.ofSeconds(20));
				}
				finally {
					release.countDown();
				}
			});
	}

	@Test
	void tasksAreCalledAndJobsQueuedByNameAndAJobsStateCanBeRead() {
		this.runner.withBean(Thumbnails.class)
			.withPropertyValues("reuseport.offload.distributed.max-attempts=1",
					"reuseport.offload.thread-name-prefix=named-")
			.run((context) -> {
				DistributedTasks tasks = context.getBean(DistributedTasks.class);
				assertThat(tasks.call("thumbnail", String.class, "cat", 7).block(java.time.Duration.ofSeconds(20)))
					.startsWith("cat@7 on named-");
				String done = tasks.enqueue("purge", "old").block(java.time.Duration.ofSeconds(20));
				await().atMost(java.time.Duration.ofSeconds(20))
					.until(() -> tasks.jobState(done).block(), JobState.DONE::equals);
				String failed = tasks.enqueue("fail", "x").block(java.time.Duration.ofSeconds(20));
				await().atMost(java.time.Duration.ofSeconds(20))
					.until(() -> tasks.jobState(failed).block(), JobState.DEAD::equals);
				assertThat(tasks.jobState("never-queued").block()).isEqualTo(JobState.UNKNOWN);
				assertThat(tasks.call("no-such-task", String.class))
					.satisfies((call) -> assertThat(org.assertj.core.api.Assertions
						.catchThrowable(() -> call.block(java.time.Duration.ofSeconds(20))))
						.isInstanceOf(TaskFailedException.class)
						.hasMessageContaining("no task named 'no-such-task'"));
			});
	}

	@Test
	void shortSigningKeyFailsStartUp() {
		this.runner.withPropertyValues("reuseport.offload.distributed.signing-key=short")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("reuseport.offload.distributed.signing-key")
				.hasMessageContaining("not shown"));
	}

	@Test
	void jobIsQueuedAndRunsWithItsTaskId() {
		this.runner.withBean(Thumbnails.class).run((context) -> {
			Thumbnails thumbnails = context.getBean(Thumbnails.class);
			thumbnails.purge("old", null);
			await().atMost(java.time.Duration.ofSeconds(20)).until(() -> !thumbnails.purged().isEmpty());
			assertThat(thumbnails.purged()).singleElement().asString().startsWith("old by task ").endsWith("attempt 1");
		});
	}

	@Test
	void parameterThatCannotTravelFailsStartUpNamingTheMethod() {
		this.runner.withBean(ExchangeTask.class).run((context) -> {
			assertThat(context).hasFailed();
			Throwable failure = context.getStartupFailure();
			assertThat(failure).rootCause()
				.isInstanceOf(DistributedTaskDefinitionException.class)
				.hasMessageContaining("ExchangeTask.render")
				.hasMessageContaining("ServerWebExchange");
		});
	}

	private static void saturate(ConfigurableApplicationContext context, CountDownLatch release) {
		OffloadSaturation.saturate(context.getBean(OffloadScheduler.class), release);
	}

	public static class Thumbnails {

		private final CopyOnWriteArrayList<String> purged = new CopyOnWriteArrayList<>();

		public java.util.List<String> purged() {
			return this.purged;
		}

		@Offload(distributed = true, name = "thumbnail")
		public CompletableFuture<String> render(String id, int width) {
			return CompletableFuture.completedFuture(id + "@" + width + " on " + Thread.currentThread().getName());
		}

		@Offload(distributed = true)
		public Mono<String> describe(String id, TaskContext context) {
			return Mono
				.fromSupplier(() -> id + " on " + Thread.currentThread().getName() + " attempt " + context.attempt());
		}

		@Offload(distributed = true, name = "fail")
		public void fail(String id) {
			throw new IllegalStateException("failed " + id);
		}

		@Offload(distributed = true, name = "purge")
		public void purge(String id, TaskContext context) {
			this.purged.add(id + " by task " + context.taskId() + " attempt " + context.attempt());
		}

	}

	public static class ExchangeTask {

		@Offload(distributed = true)
		public CompletableFuture<String> render(ServerWebExchange exchange) {
			return CompletableFuture.completedFuture("");
		}

	}

}
