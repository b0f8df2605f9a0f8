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

package dev.reuseport.cache.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.zip.GZIPInputStream;

import dev.reuseport.cache.http.CacheClient.Reply;
import dev.reuseport.cache.http.CacheTestApplication.Backend;
import dev.reuseport.testsupport.TestClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests of the HTTP response cache's limits and default time-to-live: a 64 KB store, 8 KB
 * entries, and 60 s for responses without explicit freshness; with response compression
 * on.
 *
 * @author reuseport team
 */
@TestInstance(Lifecycle.PER_CLASS)
class HttpCacheLimitsTests {

	private ConfigurableApplicationContext context;

	private CacheClient client;

	private Backend backend;

	private TestClock clock;

	private HttpResponseCache cache;

	/**
	 * Whether the server answers fresh hits before the application; a subclass runs every
	 * test of this class again with them on.
	 */
	boolean earlyHits() {
		return false;
	}

	@BeforeAll
	void start() {
		this.context = new SpringApplicationBuilder(CacheTestApplication.class).web(WebApplicationType.REACTIVE)
			.properties("server.port=0", "reuseport.workers=1", "reuseport.cache.http.enabled=true",
					"reuseport.cache.http.serve-hits-early=" + earlyHits(), "reuseport.cache.http.max-size=64KB",
					"reuseport.cache.http.max-entry-size=8KB", "reuseport.cache.http.default-time-to-live=60s",
					"server.compression.enabled=true", "server.compression.min-response-size=1",
					"spring.main.banner-mode=off", "spring.reactor.netty.shutdown-quiet-period=0")
			.run();
		this.client = new CacheClient(Integer.parseInt(this.context.getEnvironment().getProperty("local.server.port")));
		this.backend = this.context.getBean(Backend.class);
		this.clock = this.context.getBean(TestClock.class);
		this.cache = this.context.getBean(HttpResponseCache.class);
	}

	@AfterEach
	void releaseClock() {
		this.clock.release();
	}

	@AfterAll
	void close() {
		this.context.close();
	}

	@Test
	void defaultTimeToLiveStoresResponsesWithoutExplicitFreshness() {
		String query = CacheClient.unique("");
		this.clock.freeze();
		this.client.get(query);
		this.clock.advance(Duration.ofSeconds(2));
		Reply second = this.client.get(query);
		assertThat(second.hit()).isTrue();
		assertThat(second.cacheStatus()).isEqualTo("reuseport; hit; ttl=58");
		assertThat(second.header("Age")).isEqualTo("2");
	}

	@Test
	void defaultTimeToLiveAppliesOnlyToHeuristicallyCacheableStatus() {
		String query = CacheClient.unique("status=302");
		this.client.get(query);
		Reply second = this.client.get(query);
		assertThat(second.cacheStatus()).endsWith("detail=no-freshness");
		assertThat(this.backend.runs(query)).isEqualTo(2);
	}

	@Test
	void defaultTimeToLiveNeverOverridesPrivate() {
		String query = CacheClient.unique("cc=private");
		this.client.get(query);
		assertThat(this.client.get(query).body()).isEqualTo("v2");
	}

	@Test
	void storedResponsesAreCompressedPerRequest() throws IOException {
		String query = CacheClient.unique("cc=max-age=60&size=2000");
		assertThat(gzipped(query)).startsWith("v1 ");
		assertThat(gzipped(query)).startsWith("v1 ").hasSize(3 + 2000);
		Reply plain = this.client.get(query);
		assertThat(plain.hit()).isTrue();
		assertThat(plain.header("Content-Encoding")).isNull();
		assertThat(plain.body()).startsWith("v1 ").hasSize(3 + 2000);
		assertThat(this.backend.runs(query)).isEqualTo(1);
	}

	private String gzipped(String query) throws IOException {
		byte[] body = this.client.client()
			.headers((headers) -> headers.set("Accept-Encoding", "gzip"))
			.get()
			.uri("/echo?" + query)
			.responseSingle((response, content) -> {
				assertThat(response.responseHeaders().get("Content-Encoding")).isEqualTo("gzip");
				return content.asByteArray();
			})
			.block(Duration.ofSeconds(10));
		try (GZIPInputStream input = new GZIPInputStream(new ByteArrayInputStream(body))) {
			return new String(input.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	@Test
	void responseBiggerThanTheEntryLimitStreamsThroughUncached() {
		String query = CacheClient.unique("cc=max-age=60&size=" + (16 * 1024));
		Reply first = this.client.get(query);
		assertThat(first.body()).hasSize(3 + 16 * 1024);
		assertThat(first.cacheStatus()).isEqualTo("reuseport; fwd=uri-miss; fwd-status=200");
		Reply second = this.client.get(query);
		assertThat(second.body()).startsWith("v2 ").hasSize(3 + 16 * 1024);
	}

	@Test
	void longKeysCountTowardsTheByteBudget() {
		String pad = "k".repeat(3000);
		for (int i = 0; i < 60; i++) {
			assertThat(this.client.get(CacheClient.unique("cc=max-age=60&pad=" + pad)).status()).isEqualTo(200);
		}
		this.cache.getNativeCache().cleanUp();
		assertThat(this.cache.getSize()).isLessThanOrEqualTo(64 * 1024);
		long padded = this.cache.getKeys(Integer.MAX_VALUE).stream().filter((key) -> key.contains(pad)).count();
		assertThat(padded * pad.length()).as("key characters held by %d entries of this test", padded)
			.isLessThanOrEqualTo(64 * 1024);
	}

	@Test
	void storeIsEvictedToStayWithinItsByteBudget() {
		for (int i = 0; i < 40; i++) {
			this.client.get(CacheClient.unique("cc=max-age=60&size=" + (4 * 1024)));
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> {
			this.cache.getNativeCache().cleanUp();
			return this.cache.getSize() <= 64 * 1024;
		});
		assertThat(this.cache.getEntries()).isBetween(1L, 16L);
		assertThat(this.cache.getNativeCache().stats().evictionCount()).isGreaterThanOrEqualTo(24);
	}

}
