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
import java.time.Instant;
import java.util.UUID;

import dev.reuseport.cache.coherence.CoherentInstance.Reply;
import dev.reuseport.cache.http.CacheTestApplication.Backend;
import dev.reuseport.cache.http.RedisResponseTier;
import dev.reuseport.testsupport.RedisServer;
import dev.reuseport.testsupport.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.RegisterExtension;

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
		this.a.close();
		this.b.close();
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

}
