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

import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.reuseport.redis.RedisConnector;
import dev.reuseport.testsupport.ChildJvm;
import dev.reuseport.testsupport.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Chaos test of the distributed offload queue: 5,000 calls over three worker instances in
 * JVMs of their own, one of which is killed with {@code SIGKILL} and replaced by a new
 * one every 1 to 3 seconds (seeded: {@code -Dchaos.seed}), until every call has its
 * result.
 *
 * @author reuseport team
 */
class QueueChaosTests {

	private static final int TASKS = 5000;

	private static final int INSTANCES = 3;

	private static final Duration TIMEOUT = Duration.ofMinutes(3);

	private static final Duration LEASE = Duration.ofSeconds(1);

	@RegisterExtension
	static final RedisServer redis = new RedisServer();

	private final String application = "chaos-" + UUID.randomUUID();

	private int started;

	@Test
	void everyTaskEndsWithExactlyOneResultThroughRandomKillsAndRestarts() throws Exception {
		List<ChildJvm.Running> instances = new ArrayList<>();
		RedisConnector connector = RedisConnector.forUrl("redis://127.0.0.1:" + redis.getPort(), Duration.ofSeconds(2));
		TaskSubmitter submitter = new TaskSubmitter(connector, TaskStreams.of(this.application), "caller", TASKS * 2);
		try {
			for (int i = 0; i < INSTANCES; i++) {
				instances.add(startInstance());
			}
			submitter.start();
			List<CompletableFuture<String>> results = new ArrayList<>(TASKS);
			for (int i = 0; i < TASKS; i++) {
				results.add(submitter.call("double", "[" + i + "]", TIMEOUT));
			}
			CompletableFuture<Void> all = CompletableFuture.allOf(results.toArray(CompletableFuture[]::new));
			long seed = Long.getLong("chaos.seed", System.nanoTime());
			System.out.println("QueueChaosTests seed: " + seed);
			Random random = new Random(seed);
			int kills = 0;
			long deadline = System.nanoTime() + TIMEOUT.toNanos();
			while (!all.isDone() && System.nanoTime() < deadline) {
				try {
					all.get(1000 + random.nextInt(2000), TimeUnit.MILLISECONDS);
				}
				catch (TimeoutException ex) {
					int victim = random.nextInt(INSTANCES);
					instances.get(victim).kill();
					kills++;
					instances.set(victim, startInstance());
				}
			}
			System.out.println("QueueChaosTests: " + kills + " instances killed with SIGKILL");
			assertThat(kills).as("instances killed while the tasks ran").isGreaterThanOrEqualTo(2);
			for (int i = 0; i < TASKS; i++) {
				assertThat(results.get(i).getNow("unfinished")).as("task %d", i).isEqualTo(Long.toString(2L * i));
			}
			// no task id got a second result (fencing), none is left pending or
			// undelivered,
			// and none went to the dead letter
			assertThat(submitter.getUnmatchedReplies()).isZero();
			RedisClient client = RedisClient.create("redis://127.0.0.1:" + redis.getPort());
			try (StatefulRedisConnection<String, String> connection = client.connect()) {
				RedisCommands<String, String> redisCommands = connection.sync();
				TaskStreams streams = TaskStreams.of(this.application);
				await().atMost(Duration.ofSeconds(30))
					.until(() -> groupState(redisCommands, streams), (state) -> state.get("pending") == 0
							&& state.get("lag") == 0 && redisCommands.xlen(streams.tasks()) == 0);
				assertThat(redisCommands.xlen(streams.dead())).isZero();
			}
			finally {
				client.shutdown();
			}
		}
		finally {
			submitter.stop();
			instances.forEach(ChildJvm.Running::kill);
			connector.destroy();
		}
	}

	private ChildJvm.Running startInstance() {
		return ChildJvm.start(Instance.class, Integer.toString(redis.getPort()), this.application,
				"worker-" + (++this.started));
	}

	private static Map<String, Long> groupState(RedisCommands<String, String> redis, TaskStreams streams) {
		for (Object group : redis.xinfoGroups(streams.tasks())) {
			List<?> fields = (List<?>) group;
			Map<String, Object> values = new java.util.HashMap<>();
			for (int i = 0; i + 1 < fields.size(); i += 2) {
				values.put(String.valueOf(fields.get(i)), fields.get(i + 1));
			}
			if (streams.group().equals(String.valueOf(values.get("name")))) {
				return Map.of("pending", ((Number) values.get("pending")).longValue(), "lag",
						((Number) values.get("lag")).longValue());
			}
		}
		return Map.of("pending", -1L, "lag", -1L);
	}

	/**
	 * A worker instance in a JVM of its own, with two threads: its {@code double} task
	 * spins for 3 ms and returns twice its argument.
	 */
	public static final class Instance {

		private Instance() {
		}

		public static void main(String[] arguments) throws Exception {
			RedisConnector connector = RedisConnector.forUrl("redis://127.0.0.1:" + arguments[0],
					Duration.ofSeconds(2));
			TaskRegistry registry = new TaskRegistry();
			registry.register("double", new Type[] { long.class }, (args, context) -> {
				long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(3);
				while (System.nanoTime() < end) {
					Thread.onSpinWait();
				}
				return 2 * (long) args[0];
			});
			new TaskWorker(connector, TaskStreams.of(arguments[1]), arguments[2], registry, new TaskArguments(),
					Executors.newFixedThreadPool(2), 2, new TaskWorker.Settings(LEASE, 3, 10, Duration.ZERO))
				.start();
			System.out.println("ready");
			new CountDownLatch(1).await();
		}

	}

}
