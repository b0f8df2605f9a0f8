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

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.reuseport.offload.OffloadScheduler;
import dev.reuseport.offload.distributed.QueueApplication.Reply;
import dev.reuseport.testsupport.OffloadSaturation;
import dev.reuseport.testsupport.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests of {@code @Offload(distributed = true)} controller methods over HTTP: two
 * applications on servers of their own ("instances") sharing a real Redis, one with its
 * offload pool saturated.
 *
 * @author reuseport team
 */
class DistributedControllerTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	@RegisterExtension
	static final RedisServer redis = new RedisServer();

	private final String application = "controller-" + UUID.randomUUID();

	private final CountDownLatch release = new CountDownLatch(1);

	private final List<ConfigurableApplicationContext> instances = new java.util.ArrayList<>();

	@AfterEach
	void stop() {
		this.release.countDown();
		this.instances.forEach(ConfigurableApplicationContext::close);
	}

	@Test
	void callsOfASaturatedInstanceRunOnTheIdleOneAndEachResponseSaysWhereItRan() {
		ConfigurableApplicationContext busy = start("busy-");
		ConfigurableApplicationContext idle = start("idle-");
		saturate(busy);
		String idleInstance = idle.getBean(TaskSubmitter.class).getInstance();
		List<Reply> replies = Flux.range(0, 20)
			.flatMap((i) -> get(busy, "/thumbnail?id=cat" + i + "&width=64"), 20)
			.collectList()
			.block(WAIT);
		assertThat(replies).hasSize(20).allSatisfy((reply) -> {
			assertThat(reply.status()).isEqualTo(200);
			assertThat(reply.body()).contains("@64 by " + idleInstance + " on idle-");
		});
		assertThat(replies).extracting(Reply::body)
			.map((body) -> body.substring(0, body.indexOf('@')))
			.containsExactlyInAnyOrderElementsOf(Flux.range(0, 20).map((i) -> "cat" + i).collectList().block());
		// the idle instance runs its own calls here
		assertThat(get(idle, "/thumbnail?id=dog&width=8").block(WAIT).body())
			.startsWith("dog@8 by " + idleInstance + " on idle-");
	}

	@Test
	void whenEveryInstanceIsSaturatedAndTheQueueIsFullACallAnswers503AtOnceAndAddsNoEntry() {
		ConfigurableApplicationContext busy = start("busy-", "reuseport.offload.distributed.max-queued=2");
		ConfigurableApplicationContext other = start("other-", "reuseport.offload.distributed.max-queued=2");
		saturate(busy);
		saturate(other);
		TaskStreams streams = busy.getBean(TaskStreams.class);
		RedisClient client = RedisClient.create("redis://127.0.0.1:" + redis.getPort());
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			Mono<List<Reply>> queued = Flux.range(0, 2)
				.flatMap((i) -> get(busy, "/thumbnail?id=queued" + i + "&width=1"))
				.collectList()
				.cache();
			queued.subscribe();
			await().atMost(WAIT).until(() -> connection.sync().xlen(streams.tasks()) == 2);
			long start = System.nanoTime();
			Reply rejected = get(busy, "/thumbnail?id=rejected&width=1").block(WAIT);
			long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
			System.out.println("DistributedControllerTests: 503 for a full queue in " + elapsedMillis + " ms");
			assertThat(rejected.status()).isEqualTo(503);
			assertThat(rejected.retryAfter()).isEqualTo("1");
			assertThat(rejected.body()).contains("\"reason\":\"queue_full\"");
			assertThat(connection.sync().xlen(streams.tasks())).isEqualTo(2);
			// the queued calls were not lost: they run once a thread is free
			this.release.countDown();
			assertThat(queued.block(WAIT)).hasSize(2).allSatisfy((reply) -> assertThat(reply.status()).isEqualTo(200));
		}
		finally {
			client.shutdown();
		}
	}

	private ConfigurableApplicationContext start(String threadNamePrefix, String... properties) {
		ConfigurableApplicationContext context = QueueApplication.start(redis, this.application, threadNamePrefix,
				properties);
		this.instances.add(context);
		return context;
	}

	private void saturate(ConfigurableApplicationContext context) {
		OffloadSaturation.saturate(context.getBean(OffloadScheduler.class), this.release);
	}

	private static Mono<Reply> get(ConfigurableApplicationContext context, String path) {
		return QueueApplication.get(context, path);
	}

}
