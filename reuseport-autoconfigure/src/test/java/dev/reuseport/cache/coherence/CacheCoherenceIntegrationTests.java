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
import java.util.UUID;

import dev.reuseport.cache.coherence.CoherentInstance.Reply;
import dev.reuseport.testsupport.RedisServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link CacheCoherence} over a real Redis: two instances of an application, A
 * and B, on two ports, whose invalidations reach each other.
 *
 * @author reuseport team
 */
@ExtendWith(OutputCaptureExtension.class)
@EnabledOnOs(value = OS.LINUX, disabledReason = "reuseport workers bind with SO_REUSEPORT, Linux behaviour")
class CacheCoherenceIntegrationTests {

	private static final Duration PROPAGATION = Duration.ofSeconds(5);

	@RegisterExtension
	static final RedisServer redis = new RedisServer();

	private final String application = "coherence-" + UUID.randomUUID();

	private CoherentInstance a;

	private CoherentInstance b;

	@BeforeEach
	void startInstances() {
		this.a = CoherentInstance.start(redis, this.application);
		this.b = CoherentInstance.start(redis, this.application);
		awaitConnected(this.a);
		awaitConnected(this.b);
	}

	@AfterEach
	void stopInstances() {
		if (this.a != null) {
			this.a.close();
		}
		if (this.b != null) {
			this.b.close();
		}
		redis.start();
	}

	@Test
	void tagPurgeOnOneInstanceReachesTheOther() {
		String tag = "t-" + UUID.randomUUID();
		String tagged = storedOn(this.b, "cc=max-age=60&tag=" + tag);
		String other = storedOn(this.b, "cc=max-age=60&tag=other-" + tag);
		assertThat(this.a.purge("{\"tags\":\"" + tag + "\"}").status()).isEqualTo(200);
		awaitMiss(this.b, tagged);
		assertThat(this.b.get(other).hit()).isTrue();
		assertThat(this.b.coherence().getReceived()).isGreaterThanOrEqualTo(1);
	}

	@Test
	void keyPurgeOnOneInstanceReachesTheOther() {
		String purged = storedOn(this.b, "cc=max-age=60");
		String kept = storedOn(this.b, "cc=max-age=60");
		assertThat(this.a.purge("{\"key\":\"" + purged + "\"}").status()).isEqualTo(200);
		awaitMiss(this.b, purged);
		assertThat(this.b.get(kept).hit()).isTrue();
	}

	@Test
	void purgeAllOnOneInstanceReachesTheOther() {
		String first = storedOn(this.b, "cc=max-age=60");
		String second = storedOn(this.b, "cc=max-age=60");
		assertThat(this.a.purge("{\"all\":true}").status()).isEqualTo(200);
		awaitMiss(this.b, first);
		assertThat(this.b.get(second).hit()).isFalse();
	}

	@Test
	void unsafeRequestOnOneInstanceInvalidatesItsTargetAndLocationOnTheOther() {
		String target = storedOn(this.b, "cc=max-age=60");
		String located = storedOn(this.b, "cc=max-age=60");
		String kept = storedOn(this.b, "cc=max-age=60");
		assertThat(this.a.post(target).status()).isEqualTo(204);
		assertThat(this.a.post("/orders?location=" + CoherentInstance.encode(located)).status()).isEqualTo(204);
		awaitMiss(this.b, target);
		awaitMiss(this.b, located);
		assertThat(this.b.get(kept).hit()).isTrue();
	}

	@Test
	void sharedCacheInvalidationsReachTheOtherInstance() {
		String key = "k-" + UUID.randomUUID();
		assertThat(this.b.get("/shared/" + key).body()).isEqualTo("loaded " + key);
		assertThat(this.b.sharedCache().getFutureIfPresent(key)).isNotNull();
		this.a.sharedCache().invalidate(key);
		await().atMost(PROPAGATION).until(() -> this.b.sharedCache().getFutureIfPresent(key) == null);
		assertThat(this.b.get("/shared/" + key).body()).isEqualTo("loaded " + key);
		this.a.sharedCache().invalidateAll();
		await().atMost(PROPAGATION).until(() -> this.b.sharedCache().getEntries() == 0);
	}

	@Test
	void cacheEvictReachesTheOtherInstance() {
		String first = "p-" + UUID.randomUUID();
		String second = "p-" + UUID.randomUUID();
		String cached = this.b.prices().price(first);
		this.b.prices().price(second);
		assertThat(this.b.prices().price(first)).isEqualTo(cached);
		this.a.prices().evict(first);
		await().atMost(PROPAGATION).until(() -> this.b.cacheManager().getCache("prices").get(first) == null);
		assertThat(this.b.cacheManager().getCache("prices").get(second)).isNotNull();
		this.a.prices().evictAll();
		await().atMost(PROPAGATION).until(() -> this.b.cacheManager().getCache("prices").get(second) == null);
		assertThat(this.b.prices().price(first)).isNotEqualTo(cached);
	}

	/**
	 * A's own message comes back to A before B's next one, since Redis delivers the
	 * messages of a channel in order: once A has B's, it has seen its own, and made none
	 * of it.
	 */
	@Test
	void ownInvalidationsAreNotAppliedTwice() {
		String query = storedOn(this.a, "cc=max-age=60");
		assertThat(this.a.purge("{\"key\":\"" + query + "\"}").status()).isEqualTo(200);
		await().atMost(PROPAGATION).until(() -> this.b.coherence().getReceived() >= 1);
		assertThat(this.a.coherence().getPublished()).isGreaterThanOrEqualTo(1);
		assertThat(this.b.purge("{\"key\":\"/from-b\"}").status()).isEqualTo(200);
		await().atMost(PROPAGATION).until(() -> this.a.coherence().getReceived() >= 1);
		assertThat(this.a.coherence().getReceived()).as("B's invalidation only").isEqualTo(1);
	}

	@Test
	void normalStartLogsNoError(CapturedOutput output) {
		try (CoherentInstance third = CoherentInstance.start(redis, this.application)) {
			awaitConnected(third);
		}
		assertThat(output.toString().lines().filter((line) -> line.contains(" ERROR ")).toList()).isEmpty();
	}

	@Test
	void redisOutageKeepsBothServingThenResyncs() {
		String storedBefore = storedOn(this.b, "cc=max-age=60");
		String sharedKey = "k-" + UUID.randomUUID();
		this.b.get("/shared/" + sharedKey);
		redis.stop();
		await().atMost(PROPAGATION).until(() -> !this.a.coherence().isConnected() && !this.b.coherence().isConnected());
		assertThat(this.b.get("/actuator/health/reuseportCacheCoherence").status()).isEqualTo(503);
		assertThat(this.b.get("/actuator/health/readiness").status()).isEqualTo(200);
		assertThat(this.b.get(storedBefore).hit()).as("served from the local cache during the outage").isTrue();
		String local = storedOn(this.a, "cc=max-age=60");
		assertThat(this.a.post(local).status()).isEqualTo(204);
		assertThat(this.a.get(local).hit()).as("local invalidation during the outage").isFalse();
		assertThat(this.a.coherence().getPending()).isPositive();
		String storedDuring = storedOn(this.b, "cc=max-age=60");
		long resyncs = this.b.coherence().getResyncs();
		redis.start();
		awaitConnected(this.b);
		awaitConnected(this.a);
		assertThat(this.b.coherence().getResyncs()).isGreaterThan(resyncs);
		assertThat(this.b.coherence().getReconnects()).isPositive();
		assertThat(this.b.get(storedBefore).hit()).as("stored before the outage").isFalse();
		assertThat(this.b.get(storedDuring).hit()).as("stored during the outage").isFalse();
		assertThat(this.b.sharedCache().getFutureIfPresent(sharedKey)).isNull();
		await().atMost(PROPAGATION).until(() -> this.a.coherence().getPending() == 0);
		String after = storedOn(this.b, "cc=max-age=60");
		this.a.purge("{\"key\":\"" + after + "\"}");
		awaitMiss(this.b, after);
	}

	@Test
	void unreachableRedisAtStartUpStartsWithTheLinkDown() {
		this.a.close();
		this.a = null;
		redis.stop();
		try (CoherentInstance late = CoherentInstance.start(redis, this.application)) {
			assertThat(late.coherence().isConnected()).isFalse();
			assertThat(late.get("/actuator/health/reuseportCacheCoherence").status()).isEqualTo(503);
			assertThat(late.get("/actuator/reuseportcache").body()).contains("\"link\":{\"connected\":false");
			String stored = storedOn(late, "cc=max-age=60");
			redis.start();
			awaitConnected(late);
			assertThat(late.coherence().getResyncs()).isEqualTo(1);
			assertThat(late.get(stored).hit()).as("stored before the link was up").isFalse();
			assertThat(late.get("/actuator/health/reuseportCacheCoherence").status()).isEqualTo(200);
			awaitConnected(this.b);
			String fromB = storedOn(late, "cc=max-age=60");
			this.b.purge("{\"key\":\"" + fromB + "\"}");
			awaitMiss(late, fromB);
		}
	}

	/**
	 * GET a new URL twice on an instance, so that it is stored there, and return it.
	 */
	private static String storedOn(CoherentInstance instance, String query) {
		String path = "/echo?" + query + "&t=" + UUID.randomUUID();
		Reply first = instance.get(path);
		assertThat(first.status()).isEqualTo(200);
		assertThat(instance.get(path).hit()).as("stored: %s", first.cacheStatus()).isTrue();
		return path;
	}

	private static void awaitMiss(CoherentInstance instance, String path) {
		await().atMost(PROPAGATION).pollInterval(Duration.ofMillis(20)).until(() -> !instance.get(path).hit());
	}

	private static void awaitConnected(CoherentInstance instance) {
		try {
			await().atMost(Duration.ofSeconds(15)).until(() -> instance.coherence().isConnected());
		}
		catch (org.awaitility.core.ConditionTimeoutException ex) {
			StringBuilder threads = new StringBuilder();
			Thread.getAllStackTraces().forEach((thread, stack) -> {
				threads.append(thread.getName()).append(' ').append(thread.getState()).append('\n');
				for (StackTraceElement element : stack) {
					threads.append("    at ").append(element).append('\n');
				}
			});
			throw new AssertionError("Link not up: " + instance.coherence().getChannel() + "\n" + threads, ex);
		}
	}

}
