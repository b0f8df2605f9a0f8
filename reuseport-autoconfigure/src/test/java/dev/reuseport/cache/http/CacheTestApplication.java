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

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.reuseport.autoconfigure.ReusePortCacheProperties;
import dev.reuseport.cache.SharedCache;
import dev.reuseport.testsupport.TestClock;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.reactive.function.server.ServerResponse.BodyBuilder;

/**
 * An application whose {@code /echo} route answers with the header fields its query asks
 * for, so each test names the response it needs: {@code cc} (Cache-Control),
 * {@code expires} (seconds from now), {@code etag}, {@code vary}, {@code tag},
 * {@code cookie}, {@code status}, {@code delay} (ms) and {@code size} (body bytes). The
 * body is {@code v<n>}, {@code n} counting the handler's runs for that query; an
 * {@code etag} request whose {@code If-None-Match} matches gets {@code 304}. Unsafe
 * methods on any path answer {@code 204}, or {@code 500} with {@code fail}. Dates
 * ({@code expires}) come from the cache's clock, as IMF-fixdate. {@code /shared/{key}}
 * loads a value through the {@link SharedCache} in 50 ms, and {@code /block} sleeps on
 * the event loop (a control for BlockHound).
 *
 * @author reuseport team
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class CacheTestApplication {

	/**
	 * The clock of the cache and of the handlers' dates: the system's, or one that starts
	 * at {@code test.clock.start} (an ISO instant).
	 * @param start the instant to start at, if any
	 * @return the clock
	 */
	@Bean
	TestClock cacheClock(@Value("${test.clock.start:}") String start) {
		return start.isEmpty() ? new TestClock() : new TestClock(Instant.parse(start));
	}

	@Bean
	@ConditionalOnBooleanProperty("reuseport.cache.http.enabled")
	HttpResponseCache httpResponseCache(ReusePortCacheProperties properties, TestClock cacheClock) {
		ReusePortCacheProperties.Http http = properties.getHttp();
		return new HttpResponseCache(http.getName(), http.getMaxSize(), http.getMaxEntrySize(), cacheClock);
	}

	@Bean
	Backend backend(TestClock cacheClock) {
		return new Backend(cacheClock);
	}

	@Bean
	RouterFunction<ServerResponse> routes(Backend backend, SharedCache sharedCache) {
		return RouterFunctions.route()
			.GET("/echo", backend::echo)
			.HEAD("/echo", backend::echo)
			.GET("/versioned", backend::versioned)
			.GET("/self", (request) -> ServerResponse.ok()
				.header("Cache-Control", "max-age=60")
				.bodyValue(request.uri().getScheme() + "://" + request.uri().getRawAuthority()
						+ request.uri().getRawPath() + " v" + backend.run("self " + request.uri().getRawQuery())))
			.GET("/shared/{key}", (request) -> ServerResponse.ok()
				.body(sharedCache.get(request.pathVariable("key"),
						() -> Mono.delay(Duration.ofMillis(50)).map((tick) -> "loaded " + request.pathVariable("key"))),
						String.class))
			.GET("/block", (request) -> {
				try {
					Thread.sleep(10);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				return ServerResponse.ok().bodyValue("blocked");
			})
			.POST("/**", backend::change)
			.PUT("/**", backend::change)
			.DELETE("/**", backend::change)
			.build();
	}

	/**
	 * The handlers and their state.
	 */
	public static class Backend {

		private final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();

		private final Set<String> failing = ConcurrentHashMap.newKeySet();

		private final Set<String> throwing = ConcurrentHashMap.newKeySet();

		private final Clock clock;

		Backend(Clock clock) {
			this.clock = clock;
		}

		/**
		 * Return how often the handler ran for a query.
		 * @param query the query, as sent
		 * @return the number of runs
		 */
		public int runs(String query) {
			AtomicInteger runs = this.runs.get(query);
			return (runs != null) ? runs.get() : 0;
		}

		int run(String key) {
			return this.runs.computeIfAbsent(key, (k) -> new AtomicInteger()).incrementAndGet();
		}

		/**
		 * Make the handler answer {@code 500} for a query.
		 * @param query the query
		 */
		public void fail(String query) {
			this.failing.add(query);
		}

		/**
		 * Make the handler throw for a query.
		 * @param query the query
		 */
		public void throwFor(String query) {
			this.throwing.add(query);
		}

		Mono<ServerResponse> echo(ServerRequest request) {
			String query = request.uri().getRawQuery();
			int run = this.runs.computeIfAbsent(query, (key) -> new AtomicInteger()).incrementAndGet();
			long delay = Long.parseLong(request.queryParam("delay").orElse("0"));
			Mono<ServerResponse> response = Mono.defer(() -> respond(request, query, run));
			return (delay > 0) ? Mono.delay(Duration.ofMillis(delay)).then(response) : response;
		}

		private Mono<ServerResponse> respond(ServerRequest request, String query, int run) {
			if (this.throwing.contains(query)) {
				return Mono.error(new IllegalStateException("Handler failed for " + query));
			}
			String etag = request.queryParam("etag").map((value) -> "\"" + value + "\"").orElse(null);
			boolean notModified = etag != null && request.headers().header("If-None-Match").contains(etag);
			int status = this.failing.contains(query) ? 500
					: notModified ? 304 : Integer.parseInt(request.queryParam("status").orElse("200"));
			BodyBuilder response = ServerResponse.status(status);
			response.header("X-Worker", Thread.currentThread().getName());
			request.queryParam("cc").ifPresent((value) -> response.header("Cache-Control", value));
			request.queryParam("vary").ifPresent((value) -> response.header("Vary", value));
			request.queryParam("tag").ifPresent((value) -> response.header("Cache-Tag", value));
			request.queryParam("cookie").ifPresent((value) -> response.header("Set-Cookie", value));
			request.queryParam("lm").ifPresent((value) -> response.header("Last-Modified", value));
			request.queryParam("expires")
				.ifPresent((seconds) -> response.headers((headers) -> headers
					.setExpires(this.clock.millis() + Duration.ofSeconds(Long.parseLong(seconds)).toMillis())));
			if (etag != null) {
				response.eTag(etag);
			}
			if (notModified) {
				return response.build();
			}
			int size = Integer.parseInt(request.queryParam("size").orElse("0"));
			String body = "v" + run + ((size > 0) ? " " + "x".repeat(size) : "");
			return response.bodyValue(body);
		}

		/**
		 * The data a {@code /versioned} response is rendered from, shared by every
		 * instance in the JVM as a database would be.
		 */
		public static final java.util.concurrent.atomic.AtomicLong VERSION = new java.util.concurrent.atomic.AtomicLong(
				1);

		/**
		 * Answer with the version read when the request arrived, after {@code delay} ms,
		 * stored for 60 s with the tag {@code tag}: a miss that read the data before a
		 * write and stores it after.
		 */
		Mono<ServerResponse> versioned(ServerRequest request) {
			long version = VERSION.get();
			int run = this.runs
				.computeIfAbsent("versioned " + request.uri().getRawQuery(), (key) -> new AtomicInteger())
				.incrementAndGet();
			long delay = Long.parseLong(request.queryParam("delay").orElse("0"));
			Mono<ServerResponse> response = Mono.defer(() -> ServerResponse.ok()
				.header("Cache-Control", "max-age=60")
				.header("Cache-Tag", request.queryParam("tag").orElse("none"))
				.bodyValue("version " + version + " run " + run));
			return (delay > 0) ? Mono.delay(Duration.ofMillis(delay)).then(response) : response;
		}

		Mono<ServerResponse> change(ServerRequest request) {
			if (request.queryParam("fail").isPresent()) {
				return ServerResponse.status(500).build();
			}
			BodyBuilder response = ServerResponse.status(204);
			request.queryParam("location").ifPresent((value) -> response.header("Location", value));
			return response.build();
		}

	}

}
