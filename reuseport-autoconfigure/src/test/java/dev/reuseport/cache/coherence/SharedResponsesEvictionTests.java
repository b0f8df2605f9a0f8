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

package dev.reuseport.cache.coherence;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.reuseport.testsupport.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests that purges of the HTTP response cache's Redis tier take effect when Redis, short
 * of memory, evicts entries and epochs ({@code maxmemory 2mb}, {@code allkeys-lru}): an
 * entry whose epoch is gone is a miss, and nothing purged is ever served again.
 *
 * @author reuseport team
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "reuseport workers bind with SO_REUSEPORT, Linux behaviour")
class SharedResponsesEvictionTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	@RegisterExtension
	static final RedisServer redis = new RedisServer("--maxmemory", "2mb", "--maxmemory-policy", "allkeys-lru");

	@Test
	void purgesTakeEffectWhileRedisEvicts() {
		String application = "evicting-" + UUID.randomUUID();
		try (CoherentInstance a = start(application); CoherentInstance b = start(application)) {
			List<String> flood = new ArrayList<>();
			for (int i = 0; i < 300; i++) {
				String path = "/echo?cc=max-age=60&size=16384&tag=flood&t=" + UUID.randomUUID();
				a.get(path);
				flood.add(path);
			}
			await().atMost(WAIT).until(() -> a.redisTier().getQueuedWrites() == 0);
			assertThat(evictedKeys()).as("Redis evicted under the flood").isPositive();
			assertThat(a.purge("{\"tags\":\"flood\"}").status()).isEqualTo(200);
			await().atMost(WAIT)
				.until(() -> a.redisTier().getPendingInvalidations() == 0 && a.redisTier().getInvalidations() >= 1);
			try (CoherentInstance fresh = start(application)) {
				for (String path : flood.subList(flood.size() - 50, flood.size())) {
					assertThat(fresh.get(path).cacheStatus()).as(path).doesNotStartWith("reuseport-redis; hit");
				}
			}
		}
	}

	private static CoherentInstance start(String application) {
		CoherentInstance instance = CoherentInstance.start(redis, application,
				"reuseport.cache.redis.share-responses=true", "reuseport.cache.http.max-entry-size=64KB",
				"reuseport.cache.redis.compress-above=1MB");
		await().atMost(WAIT).until(() -> instance.coherence().isConnected() && instance.redisTier().isAvailable());
		return instance;
	}

	private static long evictedKeys() {
		RedisClient client = RedisClient.create("redis://127.0.0.1:" + redis.getPort());
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			String stats = connection.sync().info("stats");
			return stats.lines()
				.filter((line) -> line.startsWith("evicted_keys:"))
				.mapToLong((line) -> Long.parseLong(line.substring("evicted_keys:".length()).trim()))
				.findFirst()
				.orElseThrow();
		}
		finally {
			client.shutdown();
		}
	}

}
