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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import reactor.blockhound.BlockHound;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Runs the caches' paths under BlockHound, which reports any blocking call made on a
 * non-blocking thread (event loops, Reactor's parallel threads). Started in its own JVM
 * by {@link BlockHoundHttpCacheTests}; prints
 * {@code CHECK <name> <statuses> <violations>} lines, each followed by
 * {@code STATUS <name> <Cache-Status values>}, and {@code AWAIT <name> <met>} lines. The
 * {@code control} request sleeps on an event loop on purpose, to show that the check is
 * live. The store is small (64 KB) so that writes also evict.
 *
 * @author reuseport team
 */
public final class BlockHoundHttpCacheCheck {

	private static final List<String> violations = new CopyOnWriteArrayList<>();

	private static final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private static int port;

	private BlockHoundHttpCacheCheck() {
	}

	public static void main(String[] args) throws Exception {
		BlockHound.install((builder) -> builder
			.blockingMethodCallback((method) -> violations.add(method + " on " + Thread.currentThread().getName())));
		ConfigurableApplicationContext context = new SpringApplicationBuilder(CacheTestApplication.class)
			.web(WebApplicationType.REACTIVE)
			.properties("server.port=0", "reuseport.workers=2", "reuseport.cache.http.enabled=true",
					"reuseport.cache.http.max-size=64KB", "spring.main.banner-mode=off", "logging.level.root=WARN")
			.run(args);
		port = ((WebServerApplicationContext) context).getWebServer().getPort();
		CacheTestApplication.Backend backend = context.getBean(CacheTestApplication.Backend.class);
		check("miss-and-hit", 1, "/echo?cc=max-age=60&tag=a&t=1", "/echo?cc=max-age=60&tag=a&t=1");
		check("coalesced", 50, "/echo?cc=max-age=60&delay=200&t=2");
		check("uncacheable-concurrent", 20, "/echo?cc=private&delay=100&t=3");
		check("revalidated", 1, "/echo?cc=no-cache,max-age=60&etag=e&t=4", "/echo?cc=no-cache,max-age=60&etag=e&t=4");
		HttpResponseCache cache = context.getBean(HttpResponseCache.class);
		String swr = "/echo?cc=max-age=1,stale-while-revalidate=30&t=5";
		check("swr", 1, swr);
		await("swr-stale", () -> StoredEntries.anyStale(cache, swr));
		check("swr-stale", 10, swr);
		await("swr-revalidated", () -> StoredEntries.anyFresh(cache, swr));
		String sie = "/echo?cc=max-age=1,stale-if-error=30&t=6";
		check("sie", 1, sie);
		backend.fail(sie.substring("/echo?".length()));
		await("sie-stale", () -> StoredEntries.anyStale(cache, sie));
		check("sie-stale", 1, sie);
		List<String> evicting = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			evicting.add("/echo?cc=max-age=60&size=4096&t=7-" + i);
		}
		check("evicting", 1, evicting.toArray(new String[0]));
		check("invalidate", 1, "/echo?t=1", "/echo?cc=max-age=60&tag=a&t=1");
		check("shared-cache", 20, "/shared/k");
		check("control", 1, "/block");
		context.close();
		System.exit(0);
	}

	/**
	 * Poll a condition every 20 ms for at most 5 s, and print {@code AWAIT <name> <met>}.
	 */
	private static void await(String name, BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		boolean met = condition.getAsBoolean();
		while (!met && System.nanoTime() < deadline) {
			Thread.sleep(20);
			met = condition.getAsBoolean();
		}
		System.out.println("AWAIT " + name + " " + met);
	}

	/**
	 * Send each path {@code concurrency} times at once, in turn, and print the statuses
	 * and the blocking calls seen meanwhile.
	 */
	private static void check(String name, int concurrency, String... paths) throws Exception {
		BlockHoundRound.run(client, violations, name, concurrency, (path) -> {
			String method = ("invalidate".equals(name) && path.equals(paths[0])) ? "POST" : "GET";
			return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
				.timeout(Duration.ofSeconds(15))
				.method(method, HttpRequest.BodyPublishers.noBody())
				.build();
		}, paths);
	}

}
