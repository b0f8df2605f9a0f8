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

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.reuseport.cache.http.CacheClient.Reply;
import io.netty.handler.codec.http.HttpMethod;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import reactor.core.publisher.Mono;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link EarlyHitRouteProvider}: which hits are served before the application
 * and which go on to it. A {@code WebFilter} ahead of the cache counts the requests that
 * reach Spring.
 *
 * @author reuseport team
 */
@TestInstance(Lifecycle.PER_CLASS)
@EnabledOnOs(value = OS.LINUX, disabledReason = "reuseport workers bind with SO_REUSEPORT, Linux behaviour")
class EarlyHitsTests {

	private ConfigurableApplicationContext context;

	private CacheClient client;

	private CacheClient h2c;

	private HttpResponseCache cache;

	private RequestCounter counter;

	@BeforeAll
	void start() {
		this.context = new SpringApplicationBuilder(CacheTestApplication.class, CounterConfiguration.class)
			.web(WebApplicationType.REACTIVE)
			.properties("server.port=0", "reuseport.workers=2", "reuseport.cache.http.enabled=true",
					"reuseport.cache.http.serve-hits-early=true", "server.http2.enabled=true",
					"spring.main.banner-mode=off", "spring.reactor.netty.shutdown-quiet-period=0")
			.run();
		int port = Integer.parseInt(this.context.getEnvironment().getProperty("local.server.port"));
		this.client = new CacheClient(port);
		this.h2c = new CacheClient(dev.reuseport.testsupport.TestClients.h2c(port));
		this.cache = this.context.getBean(HttpResponseCache.class);
		this.counter = this.context.getBean(RequestCounter.class);
	}

	@AfterAll
	void close() {
		this.context.close();
	}

	private Reply stored(String query) {
		Reply first = this.client.get(query);
		assertThat(first.status()).isEqualTo(200);
		return first;
	}

	@Test
	void freshHitOfAnAnonymousRequestIsServedBeforeTheApplication() {
		String query = CacheClient.unique("cc=max-age=60&tag=early");
		Reply miss = stored(query);
		long early = this.cache.getEarlyHits();
		long hits = this.cache.getCount(HttpCacheOutcome.HIT);
		Reply hit = this.client.get(query);
		assertThat(hit.hit()).isTrue();
		assertThat(hit.body()).isEqualTo(miss.body());
		assertThat(hit.header("Content-Type")).isEqualTo(miss.header("Content-Type"));
		assertThat(hit.header("Age")).isNotNull();
		assertThat(hit.header("Cache-Tag")).isNull();
		assertThat(this.counter.reached(query)).as("requests that reached Spring").isEqualTo(1);
		assertThat(this.cache.getEarlyHits()).isEqualTo(early + 1);
		assertThat(this.cache.getCount(HttpCacheOutcome.HIT)).isEqualTo(hits + 1);
	}

	@Test
	void http2RequestIsServedEarly() {
		String query = CacheClient.unique("cc=max-age=60");
		Reply miss = stored(query);
		long early = this.cache.getEarlyHits();
		Reply hit = this.h2c.get(query);
		assertThat(hit.hit()).isTrue();
		assertThat(hit.body()).isEqualTo(miss.body());
		assertThat(this.cache.getEarlyHits()).isEqualTo(early + 1);
		assertThat(this.counter.reached(query)).isEqualTo(1);
	}

	@Test
	void hitsAreServedEarlyOnSpringBootsOwnServerToo() {
		try (ConfigurableApplicationContext boot = new SpringApplicationBuilder(CacheTestApplication.class)
			.web(WebApplicationType.REACTIVE)
			.properties("server.port=0", "reuseport.enabled=false", "reuseport.cache.http.enabled=true",
					"reuseport.cache.http.serve-hits-early=true", "spring.main.banner-mode=off",
					"spring.reactor.netty.shutdown-quiet-period=0")
			.run()) {
			CacheClient bootClient = new CacheClient(
					Integer.parseInt(boot.getEnvironment().getProperty("local.server.port")));
			String query = CacheClient.unique("cc=max-age=60");
			bootClient.get(query);
			assertThat(bootClient.get(query).hit()).isTrue();
			assertThat(boot.getBean(HttpResponseCache.class).getEarlyHits()).isEqualTo(1);
		}
	}

	@Test
	void requestsWithCredentialsOrDirectivesGoToTheApplication() {
		String query = CacheClient.unique("cc=max-age=60");
		stored(query);
		String[][] headers = { { "Authorization", "Bearer x" }, { "Cookie", "a=b" }, { "Cache-Control", "max-age=600" },
				{ "Pragma", "x" } };
		for (String[] header : headers) {
			assertThat(this.client.get(query, header).status()).isEqualTo(200);
		}
		assertThat(this.counter.reached(query)).isEqualTo(1 + headers.length);
	}

	@Test
	void entryStoredForACredentialedRequestIsNotServedEarly() {
		String query = CacheClient.unique("cc=public,max-age=60");
		this.client.get(query, "Cookie", "session=1");
		Reply hit = this.client.get(query);
		assertThat(hit.hit()).as("the application's filter still serves the hit").isTrue();
		assertThat(this.counter.reached(query)).isEqualTo(2);
	}

	@Test
	void conditionalRequestGetsANotModifiedEarly() {
		String query = CacheClient.unique("cc=max-age=60&etag=e1");
		stored(query);
		Reply notModified = this.client.get(query, "If-None-Match", "\"e1\"");
		assertThat(notModified.status()).isEqualTo(304);
		assertThat(notModified.body()).isEmpty();
		assertThat(notModified.header("ETag")).isEqualTo("\"e1\"");
		assertThat(this.counter.reached(query)).isEqualTo(1);
	}

	@Test
	void headIsAnsweredEarlyWithoutBody() {
		String query = CacheClient.unique("cc=max-age=60&size=100");
		Reply miss = stored(query);
		Reply head = this.client.send(HttpMethod.HEAD, "/echo?" + query);
		assertThat(head.status()).isEqualTo(200);
		assertThat(head.body()).isEmpty();
		assertThat(head.header("Content-Length")).isEqualTo(Integer.toString(miss.body().length()));
		assertThat(this.counter.reached(query)).isEqualTo(1);
	}

	@Test
	void staleEntriesGoToTheApplication() {
		String query = CacheClient.unique("cc=max-age=1,stale-while-revalidate=30");
		stored(query);
		await().atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> StoredEntries.anyStale(this.cache, "/echo?" + query));
		long early = this.cache.getEarlyHits();
		int reached = this.counter.reached(query);
		Reply stale = this.client.get(query);
		assertThat(stale.cacheStatus()).contains("stale-while-revalidate");
		assertThat(this.counter.reached(query)).as("the stale request reached Spring").isEqualTo(reached + 1);
		assertThat(this.cache.getEarlyHits()).as("no early hit for a stale entry").isEqualTo(early);
	}

	@Configuration(proxyBeanMethods = false)
	static class CounterConfiguration {

		@Bean
		RequestCounter requestCounter() {
			return new RequestCounter();
		}

	}

	/**
	 * Counts the requests that reach Spring, by query, ahead of the cache's filter.
	 */
	static class RequestCounter implements WebFilter, Ordered {

		private final Map<String, AtomicInteger> reached = new ConcurrentHashMap<>();

		@Override
		public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
			String query = exchange.getRequest().getURI().getRawQuery();
			if (query != null) {
				this.reached.computeIfAbsent(query, (key) -> new AtomicInteger()).incrementAndGet();
			}
			return chain.filter(exchange);
		}

		@Override
		public int getOrder() {
			return Ordered.HIGHEST_PRECEDENCE;
		}

		int reached(String query) {
			AtomicInteger count = this.reached.get(query);
			return (count != null) ? count.get() : 0;
		}

	}

}
