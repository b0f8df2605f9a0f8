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

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.reuseport.cache.SharedCache;
import dev.reuseport.cache.http.CacheTestApplication;
import dev.reuseport.cache.http.HttpResponseCache;
import dev.reuseport.testsupport.RedisServer;
import dev.reuseport.testsupport.TestClients;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cache.annotation.CacheEvict;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * One instance of {@link CacheTestApplication} with the HTTP response cache, the shared
 * cache, a {@code @Cacheable} service and the cache coherence link to a
 * {@link RedisServer}, on its own port: two of them stand for two pods behind an ingress,
 * which sends the same {@code Host} to both.
 *
 * @author reuseport team
 */
final class CoherentInstance implements AutoCloseable {

	static final String HOST = "shop.example";

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private final ConfigurableApplicationContext context;

	private final HttpClient client;

	private CoherentInstance(ConfigurableApplicationContext context) {
		this.context = context;
		int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
		this.client = TestClients.http(port).headers((headers) -> headers.set("Host", HOST));
	}

	/**
	 * Start an instance.
	 * @param redis the Redis its link uses
	 * @param application the application name, which names the channel
	 * @param properties more properties
	 * @return the instance
	 */
	static CoherentInstance start(RedisServer redis, String application, String... properties) {
		List<String> all = new ArrayList<>(List.of("server.port=0", "reuseport.workers=2",
				"spring.application.name=" + application, "spring.main.banner-mode=off",
				"spring.reactor.netty.shutdown-quiet-period=0", "reuseport.cache.http.enabled=true",
				"reuseport.cache.redis.enabled=true", "reuseport.cache.redis.probe-interval=200ms",
				"reuseport.cache.redis.timeout=500ms", "spring.data.redis.host=127.0.0.1",
				"spring.data.redis.port=" + redis.getPort(), "management.endpoints.web.exposure.include=*",
				"management.endpoint.reuseportcache.access=unrestricted",
				"management.endpoint.health.show-details=always"));
		all.addAll(List.of(properties));
		return new CoherentInstance(new SpringApplicationBuilder(CacheTestApplication.class, PricesConfiguration.class)
			.web(WebApplicationType.REACTIVE)
			.properties(all.toArray(String[]::new))
			.run());
	}

	Reply get(String path) {
		return send(this.client.get().uri(path));
	}

	Reply getWith(String path, String header, String value) {
		return send(this.client.headers((headers) -> headers.set(header, value)).get().uri(path));
	}

	Reply post(String path) {
		return send(this.client.post().uri(path).send(ByteBufFlux.fromString(Mono.just(""))));
	}

	Reply postJson(String path, String json) {
		return send(this.client.headers((headers) -> headers.set("Content-Type", "application/json"))
			.post()
			.uri(path)
			.send(ByteBufFlux.fromString(Mono.just(json))));
	}

	Reply purge(String json) {
		return postJson("/actuator/reuseportcache", json);
	}

	private Reply send(HttpClient.ResponseReceiver<?> request) {
		return request
			.responseSingle((response, body) -> body.asString()
				.defaultIfEmpty("")
				.map((text) -> new Reply(response.status().code(), response.responseHeaders().get("Cache-Status"), text,
						response.responseHeaders())))
			.block(TIMEOUT);
	}

	static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}

	ConfigurableApplicationContext context() {
		return this.context;
	}

	dev.reuseport.cache.http.RedisResponseTier redisTier() {
		return this.context.getBean(dev.reuseport.cache.http.RedisResponseTier.class);
	}

	CacheCoherence coherence() {
		return this.context.getBean(CacheCoherence.class);
	}

	SharedCache sharedCache() {
		return this.context.getBean(SharedCache.class);
	}

	HttpResponseCache httpResponseCache() {
		return this.context.getBean(HttpResponseCache.class);
	}

	Prices prices() {
		return this.context.getBean(Prices.class);
	}

	org.springframework.cache.CacheManager cacheManager() {
		return this.context.getBean(org.springframework.cache.CacheManager.class);
	}

	@Override
	public void close() {
		this.context.close();
	}

	/**
	 * A response.
	 *
	 * @param status the status code
	 * @param cacheStatus the Cache-Status field, or {@code null}
	 * @param body the body
	 */
	record Reply(int status, String cacheStatus, String body, io.netty.handler.codec.http.HttpHeaders headers) {

		String header(String name) {
			return this.headers.get(name);
		}

		boolean hit() {
			return this.cacheStatus != null && this.cacheStatus.startsWith("reuseport; hit");
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	static class PricesConfiguration {

		@Bean
		Prices prices() {
			return new Prices();
		}

	}

	/**
	 * A service cached through Spring's cache abstraction, on the shared cache.
	 */
	public static class Prices {

		private final AtomicInteger computed = new AtomicInteger();

		@Cacheable("prices")
		public String price(String id) {
			return id + "=" + this.computed.incrementAndGet();
		}

		@CacheEvict("prices")
		public void evict(String id) {
		}

		@CacheEvict(cacheNames = "prices", allEntries = true)
		public void evictAll() {
		}

	}

}
