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

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.reuseport.testsupport.RedisServer;
import reactor.blockhound.BlockHound;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Runs the Redis tier's paths under BlockHound with two instances and a Redis of its own:
 * misses that look in Redis, take the fill lock and fill it, hits from Redis, misses
 * coalesced across the instances, a purge, and all of it again with Redis frozen
 * (SIGSTOP), where lookups give up at their budget and the breaker opens. Started in its
 * own JVM by {@link BlockHoundRedisTierTests}; every request names the same host (as an
 * ingress would) with {@code X-Forwarded-Host}, which the JDK's client lets it set;
 * prints {@code CHECK <name> <statuses>
 * <violations>} and {@code STATUS <name> <Cache-Status values>} lines.
 *
 * @author reuseport team
 */
public final class BlockHoundRedisTierCheck {

	private static final List<String> violations = new CopyOnWriteArrayList<>();

	private static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private BlockHoundRedisTierCheck() {
	}

	public static void main(String[] args) throws Exception {
		BlockHound.install((builder) -> builder
			.blockingMethodCallback((method) -> violations.add(method + " on " + Thread.currentThread().getName())));
		RedisServer redis = new RedisServer();
		redis.start();
		ConfigurableApplicationContext a = start(redis);
		ConfigurableApplicationContext b = start(redis);
		int portA = port(a);
		int portB = port(b);
		RedisResponseTier tierA = a.getBean(RedisResponseTier.class);
		RedisResponseTier tierB = b.getBean(RedisResponseTier.class);
		waitUntil(() -> tierA.isAvailable() && tierB.isAvailable());
		check("miss-and-fill", portA, 1, "/echo?cc=max-age=60&tag=x&t=1");
		waitUntil(() -> tierA.getFills() >= 1);
		check("redis-hit", portB, 10, "/echo?cc=max-age=60&tag=x&t=1");
		check("coalesced-across", portA, 20, "/echo?cc=max-age=60&delay=300&t=2");
		check("purge-by-post", portB, 1, "/echo?t=1");
		redis.suspend();
		check("frozen-redis", portB, 20, "/echo?cc=max-age=60&t=3");
		check("frozen-redis-hit", portA, 5, "/echo?cc=max-age=60&delay=300&t=2");
		System.out.println("BREAKER " + tierB.getBreakerState());
		redis.resume();
		check("control", portA, 1, "/block");
		a.close();
		b.close();
		redis.stop();
		System.exit(0);
	}

	private static ConfigurableApplicationContext start(RedisServer redis) {
		return new SpringApplicationBuilder(CacheTestApplication.class).web(WebApplicationType.REACTIVE)
			.properties("server.port=0", "reuseport.workers=2", "reuseport.cache.http.enabled=true",
					"reuseport.cache.redis.enabled=true", "reuseport.cache.redis.share-responses=true",
					"reuseport.cache.redis.probe-interval=200ms", "reuseport.cache.redis.timeout=500ms",
					"spring.application.name=blockhound", "spring.data.redis.host=127.0.0.1",
					"spring.data.redis.port=" + redis.getPort(), "management.health.redis.enabled=false",
					"server.forward-headers-strategy=native", "spring.main.banner-mode=off", "logging.level.root=WARN")
			.run();
	}

	private static int port(ConfigurableApplicationContext context) {
		return ((WebServerApplicationContext) context).getWebServer().getPort();
	}

	private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
	}

	private static void check(String name, int port, int concurrency, String path) throws Exception {
		String method = name.startsWith("purge") ? "POST" : "GET";
		BlockHoundRound.run(client, violations, name, concurrency,
				(target) -> HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + target))
					.header("X-Forwarded-Host", "shop.example")
					.timeout(Duration.ofSeconds(15))
					.method(method, HttpRequest.BodyPublishers.noBody())
					.build(),
				path);
	}

}
