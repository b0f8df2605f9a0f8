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

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.reuseport.cache.coherence.CoherentInstance.Reply;
import dev.reuseport.cache.http.CacheTestApplication.Backend;
import dev.reuseport.cache.http.RedisResponseTier;
import dev.reuseport.testsupport.RedisServer;
import dev.reuseport.testsupport.TestClock;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests of the HTTP response cache's Redis tier with two real instances and a real Redis:
 * what one instance stores, the other serves without going to its origin.
 *
 * @author reuseport team
 */
@EnabledOnOs(value = OS.LINUX, disabledReason = "reuseport workers bind with SO_REUSEPORT, Linux behaviour")
class SharedResponsesIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	@RegisterExtension
	static final RedisServer redis = new RedisServer();

	private final String application = "shared-" + UUID.randomUUID();

	private CoherentInstance a;

	private CoherentInstance b;

	@BeforeEach
	void startInstances() {
		this.a = start();
		this.b = start();
	}

	private CoherentInstance start(String... properties) {
		CoherentInstance instance = CoherentInstance.start(redis, this.application,
				concat(properties, "reuseport.cache.redis.share-responses=true"));
		await().atMost(WAIT).until(() -> instance.coherence().isConnected() && instance.redisTier().isAvailable());
		return instance;
	}

	private static String[] concat(String[] properties, String... more) {
		String[] all = java.util.Arrays.copyOf(properties, properties.length + more.length);
		System.arraycopy(more, 0, all, properties.length, more.length);
		return all;
	}

	@AfterEach
	void stopInstances() {
		if (this.suspended) {
			redis.resume();
		}
		this.a.close();
		this.b.close();
		redis.start();
	}

	private boolean suspended;

	private void suspendRedis() {
		redis.suspend();
		this.suspended = true;
	}

	private void resumeRedis() {
		redis.resume();
		this.suspended = false;
	}

	private static String path(String query) {
		return "/echo?" + query + "&t=" + UUID.randomUUID();
	}

	private static String query(String path) {
		return path.substring(path.indexOf('?') + 1);
	}

	private static void awaitFilled(CoherentInstance instance, long fills) {
		await().atMost(WAIT).until(() -> instance.redisTier().getFills() >= fills);
	}

	@Test
	void missOnOneInstanceIsAHitOnTheOtherWithoutItsOrigin() {
		TestClock clockA = this.a.context().getBean(TestClock.class);
		TestClock clockB = this.b.context().getBean(TestClock.class);
		clockA.freeze();
		Instant frozen = clockA.instant();
		clockB.freezeAt(frozen);
		String path = path("cc=max-age=60");
		Reply miss = this.a.get(path);
		assertThat(miss.cacheStatus()).isEqualTo("reuseport; fwd=uri-miss; fwd-status=200; stored");
		awaitFilled(this.a, 1);
		clockB.advance(Duration.ofSeconds(20));
		Reply shared = this.b.get(path);
		assertThat(shared.body()).isEqualTo("v1");
		assertThat(shared.cacheStatus()).isEqualTo("reuseport-redis; hit; ttl=40, reuseport; fwd=uri-miss; stored");
		assertThat(shared.header("Age")).isEqualTo("20");
		assertThat(this.b.context().getBean(Backend.class).runs(query(path))).as("origin calls on B").isZero();
		Reply local = this.b.get(path);
		assertThat(local.cacheStatus()).isEqualTo("reuseport; hit; ttl=40");
		assertThat(this.b.redisTier().getHits()).isEqualTo(1);
	}

	@Test
	void newInstanceServesItsFirstRequestsFromRedis() {
		List<String> paths = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			String path = path("cc=max-age=60");
			this.a.get(path);
			paths.add(path);
		}
		awaitFilled(this.a, 5);
		try (CoherentInstance late = start()) {
			for (String path : paths) {
				assertThat(late.get(path).cacheStatus()).startsWith("reuseport-redis; hit");
			}
			Backend backend = late.context().getBean(Backend.class);
			assertThat(paths).allSatisfy((path) -> assertThat(backend.runs(query(path))).isZero());
		}
	}

	@Test
	void concurrentMissesOnSeveralInstancesReachTheOriginOnce() {
		try (CoherentInstance c = start()) {
			String path = path("cc=max-age=60&delay=500");
			List<CoherentInstance> instances = List.of(this.a, this.b, c);
			List<Reply> replies = Flux.fromIterable(instances)
				.flatMap(
						(instance) -> Flux.range(0, 100)
							.flatMap((i) -> Mono.fromCallable(() -> instance.get(path))
								.subscribeOn(Schedulers.boundedElastic()), 100))
				.collectList()
				.block(Duration.ofSeconds(60));
			assertThat(replies).hasSize(300).allSatisfy((reply) -> assertThat(reply.body()).isEqualTo("v1"));
			int originCalls = instances.stream()
				.mapToInt((instance) -> instance.context().getBean(Backend.class).runs(query(path)))
				.sum();
			assertThat(originCalls).as("origin calls over 3 instances").isEqualTo(1);
		}
	}

	@Test
	void lockOfADeadHolderCostsTheOthersAtMostTheWaitAndOneOriginCall() {
		String path = path("cc=max-age=60&delay=500");
		// the lock of an instance killed during its fill: held until its time-to-live
		this.redisCommands.set(lockKey(this.a, path), "killed-holder", SetArgs.Builder.px(30_000));
		List<Long> millis = Flux.just(this.a, this.b)
			.flatMap((instance) -> Flux.range(0, 20).flatMap((i) -> Mono.fromCallable(() -> {
				long start = System.nanoTime();
				assertThat(instance.get(path).body()).startsWith("v");
				return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
			}).subscribeOn(Schedulers.boundedElastic()), 20))
			.collectList()
			.block(Duration.ofSeconds(30));
		assertThat(millis).hasSize(40);
		long worst = millis.stream().mapToLong(Long::longValue).max().orElseThrow();
		assertThat(worst).as("the wait (1 s) plus one origin call (0.5 s), with room for a loaded machine")
			.isLessThan(5_000);
		assertThat(this.a.redisTier().getLockTimeouts() + this.b.redisTier().getLockTimeouts())
			.as("waits that ended without a fill")
			.isBetween(1L, 2L);
		assertThat(this.a.context().getBean(Backend.class).runs(query(path))
				+ this.b.context().getBean(Backend.class).runs(query(path)))
			.as("at most one origin call per instance once the wait is over (one, if the first fill came in time for "
					+ "the other)")
			.isBetween(1, 2);
	}

	@Test
	void purgeByTagRacingAFillNeverBringsPurgedContentBack() {
		Random random = new Random(Long.getLong("race.seed", System.nanoTime()));
		for (int round = 0; round < 10; round++) {
			String tag = "race-" + UUID.randomUUID();
			String path = "/versioned?delay=" + (50 + random.nextInt(100)) + "&tag=" + tag;
			long before = Backend.VERSION.get();
			Mono<Reply> fill = Mono.fromCallable(() -> this.b.get(path)).subscribeOn(Schedulers.boundedElastic());
			Mono<Reply> purge = Mono.delay(Duration.ofMillis(random.nextInt(100)))
				.publishOn(Schedulers.boundedElastic())
				.then(Mono.fromCallable(() -> {
					Backend.VERSION.incrementAndGet();
					return this.a.purge("{\"tags\":\"" + tag + "\"}");
				}));
			Mono.zip(fill, purge.subscribeOn(Schedulers.boundedElastic())).block(Duration.ofSeconds(10));
			await().atMost(WAIT)
				.until(() -> this.b.redisTier().getPendingInvalidations() == 0
						&& this.a.redisTier().getPendingInvalidations() == 0);
			long after = Backend.VERSION.get();
			for (CoherentInstance instance : List.of(this.a, this.b)) {
				await().atMost(WAIT)
					.untilAsserted(
							() -> assertThat(instance.get(path).body()).as("round %d: version %d was purged", before)
								.startsWith("version " + after + " "));
			}
			try (CoherentInstance fresh = start()) {
				assertThat(fresh.get(path).body()).startsWith("version " + after + " ");
			}
		}
	}

	private final RedisClient redisClient = RedisClient.create("redis://127.0.0.1:" + redis.getPort());

	private StatefulRedisConnection<String, String> redisConnection;

	private StatefulRedisConnection<byte[], byte[]> redisBytes;

	private RedisCommands<String, String> redisCommands;

	@BeforeEach
	void connectToRedis() {
		this.redisConnection = this.redisClient.connect();
		this.redisBytes = this.redisClient.connect(ByteArrayCodec.INSTANCE);
		this.redisCommands = this.redisConnection.sync();
	}

	@AfterEach
	void disconnectFromRedis() {
		this.redisConnection.close();
		this.redisBytes.close();
		this.redisClient.shutdown();
	}

	/**
	 * Return the Redis key of a path's fill lock, as {@link RedisResponseTier} writes it.
	 */
	private static String lockKey(CoherentInstance instance, String path) {
		return instance.redisTier().getKeyPrefix() + "l:" + sha256(CoherentInstance.HOST + path);
	}

	private static String sha256(String value) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)), 0, 16);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Test
	void redisKilledSkipsTheTierThenItResumes() {
		String before = path("cc=max-age=60");
		this.a.get(before);
		awaitFilled(this.a, 1);
		redis.stop();
		await().atMost(WAIT).until(() -> {
			this.b.get(path("cc=max-age=60"));
			return "open".equals(this.b.redisTier().getBreakerState());
		});
		assertThat(this.a.get(before).cacheStatus()).as("local hits go on").startsWith("reuseport; hit");
		long skipped = this.b.redisTier().getSkipped();
		for (int i = 0; i < 10; i++) {
			assertThat(this.b.get(path("cc=max-age=60")).status()).isEqualTo(200);
		}
		assertThat(this.b.redisTier().getSkipped()).as("skipped without a call while the breaker is open")
			.isGreaterThanOrEqualTo(skipped + 10);
		redis.start();
		await().atMost(WAIT).until(() -> this.a.redisTier().isAvailable() && this.b.redisTier().isAvailable());
		String after = path("cc=max-age=60");
		this.a.get(after);
		await().atMost(WAIT).until(() -> this.b.get(after).cacheStatus().startsWith("reuseport-redis; hit"));
	}

	@Test
	void purgeDuringAnOutageWinsOverEntriesStoredBeforeIt() {
		String tag = "outage-" + UUID.randomUUID();
		String path = path("cc=max-age=60&tag=" + tag);
		this.a.get(path);
		awaitFilled(this.a, 1);
		suspendRedis();
		assertThat(this.a.purge("{\"tags\":\"" + tag + "\"}").status()).isEqualTo(200);
		await().atMost(WAIT).until(() -> this.a.redisTier().getPendingInvalidations() > 0);
		resumeRedis();
		await().atMost(WAIT)
			.until(() -> this.a.redisTier().isAvailable() && this.a.redisTier().getPendingInvalidations() == 0
					&& this.b.redisTier().isAvailable());
		try (CoherentInstance fresh = start()) {
			Reply reply = fresh.get(path);
			assertThat(reply.cacheStatus()).as("purged while Redis was away").doesNotStartWith("reuseport-redis; hit");
			assertThat(fresh.context().getBean(Backend.class).runs(query(path))).isEqualTo(1);
		}
	}

	@Test
	void pausedRedisCostsALookupAtMostItsBudgetAndFillsAreNotQueued() {
		suspendRedis();
		List<Long> millis = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			long start = System.nanoTime();
			assertThat(this.b.get(path("cc=max-age=60")).status()).isEqualTo(200);
			millis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
		}
		assertThat(this.b.redisTier().getBreakerState()).isEqualTo("open");
		assertThat(this.b.redisTier().getSkipped()).isGreaterThanOrEqualTo(20);
		assertThat(this.b.redisTier().getFills()).isZero();
		assertThat(this.b.redisTier().getQueuedWrites()).as("fills are not queued while Redis is skipped").isZero();
		assertThat(millis.stream().mapToLong(Long::longValue).max().orElseThrow())
			.as("no request waits much longer than the 50 ms lookup budget")
			.isLessThan(2_000);
		resumeRedis();
	}

	@Test
	void responsesThatMustNotBeSharedNeverReachRedis() {
		List<Reply> replies = List.of(this.a.get(path("cc=max-age=60&cookie=session=1")),
				this.a.get(path("cc=private,max-age=60")), this.a.get(path("cc=max-age=60&vary=*")),
				this.a.get(path("cc=max-age=60&status=500")), this.a.get(path("cc=no-store")),
				this.a.getWith(path("cc=max-age=60"), "Authorization", "Bearer token"));
		assertThat(replies).allSatisfy((reply) -> assertThat(reply.header("X-Worker")).startsWith("reuseport-"));
		String shared = path("cc=max-age=60");
		this.a.get(shared);
		awaitFilled(this.a, 1);
		assertThat(this.a.redisTier().getFills()).as("only the shareable one").isEqualTo(1);
		assertThat(this.redisCommands.keys(this.a.redisTier().getKeyPrefix() + "e:*")).hasSize(1);
	}

	@Test
	void unkeyedForwardedHostChangesNothingInRedis() {
		String path = "/self?forwarded=" + UUID.randomUUID();
		Reply poisoned = this.a.getWith(path, "X-Forwarded-Host", "evil.example");
		assertThat(poisoned.body()).as("not honoured without a forward-headers strategy")
			.startsWith("http://" + CoherentInstance.HOST + "/self ");
		awaitFilled(this.a, 1);
		Reply shared = this.b.get(path);
		assertThat(shared.cacheStatus()).startsWith("reuseport-redis; hit");
		assertThat(shared.body()).isEqualTo(poisoned.body()).doesNotContain("evil");
		assertThat(this.redisCommands
			.exists(this.a.redisTier().getKeyPrefix() + "e:" + sha256(CoherentInstance.HOST + path)))
			.as("stored under the Host it was served for")
			.isEqualTo(1);
		assertThat(this.redisCommands.keys(this.a.redisTier().getKeyPrefix() + "e:*")).hasSize(1);
	}

	@Test
	void entriesWithAnotherVersionOrWithoutTheSignatureAreMisses() {
		String path = path("cc=max-age=60");
		this.a.get(path);
		awaitFilled(this.a, 1);
		try (CoherentInstance signed = start("reuseport.cache.redis.signing-key=" + "k".repeat(32))) {
			Reply reply = signed.get(path);
			assertThat(reply.cacheStatus()).startsWith("reuseport; fwd=uri-miss");
			assertThat(signed.redisTier().getRejected()).as("an unsigned entry").isEqualTo(1);
		}
		String entry = this.a.redisTier().getKeyPrefix() + "e:" + sha256(CoherentInstance.HOST + path);
		RedisCommands<byte[], byte[]> bytes = this.redisBytes.sync();
		for (java.util.Map.Entry<byte[], byte[]> field : bytes.hgetall(entry.getBytes(StandardCharsets.UTF_8))
			.entrySet()) {
			if (new String(field.getKey(), StandardCharsets.UTF_8).endsWith(".e")) {
				byte[] planted = field.getValue().clone();
				planted[3] = 9;
				bytes.hset(entry.getBytes(StandardCharsets.UTF_8), field.getKey(), planted);
			}
		}
		Reply foreign = this.b.get(path);
		assertThat(foreign.cacheStatus()).startsWith("reuseport; fwd=uri-miss");
		assertThat(this.b.redisTier().getRejected()).as("an entry of schema version 9").isEqualTo(1);
	}

	@Test
	void tagEpochEvictedAfterAPurgeAndCreatedAgainByAnotherFillKeepsThePurge() {
		String tag = "recreated-" + UUID.randomUUID();
		String purged = path("cc=max-age=60&tag=" + tag);
		this.a.get(purged);
		awaitFilled(this.a, 1);
		assertThat(this.a.purge("{\"tags\":\"" + tag + "\"}").status()).isEqualTo(200);
		await().atMost(WAIT).until(() -> this.a.redisTier().getInvalidations() == 1);
		this.redisCommands.del(this.a.redisTier().getKeyPrefix() + "t:" + sha256(tag));
		this.a.get(path("cc=max-age=60&tag=" + tag + "&other"));
		awaitFilled(this.a, 2);
		Reply reply = this.b.get(purged);
		assertThat(reply.cacheStatus()).as("the purged entry, whose epoch came back with another value")
			.startsWith("reuseport; fwd=uri-miss");
		assertThat(this.b.context().getBean(Backend.class).runs(query(purged))).isEqualTo(1);
	}

	@Test
	void entryWhoseTagEpochWasEvictedIsAMiss() {
		String tag = "evicted-" + UUID.randomUUID();
		String path = path("cc=max-age=60&tag=" + tag);
		this.a.get(path);
		awaitFilled(this.a, 1);
		this.redisCommands.del(this.a.redisTier().getKeyPrefix() + "t:" + sha256(tag));
		assertThat(this.b.get(path).cacheStatus()).as("fail closed").startsWith("reuseport; fwd=uri-miss");
		assertThat(this.b.context().getBean(Backend.class).runs(query(path))).isEqualTo(1);
	}

}
