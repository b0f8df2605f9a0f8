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

package dev.reuseport.testsupport;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.Http2SslContextSpec;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.client.HttpClient;

import static org.awaitility.Awaitility.await;

/**
 * Reactor Netty clients for end-to-end tests. Each client opens a new connection per
 * request.
 *
 * @author reuseport team
 */
public final class TestClients {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private TestClients() {
	}

	public static HttpClient http(int port) {
		return HttpClient.newConnection().port(port).responseTimeout(TIMEOUT);
	}

	public static HttpClient https(int port) {
		return http(port).secure((spec) -> spec.sslContext(Http11SslContextSpec.forClient()
			.configure((builder) -> builder.trustManager(InsecureTrustManagerFactory.INSTANCE))));
	}

	public static HttpClient h2(int port) {
		return http(port).protocol(HttpProtocol.H2)
			.secure((spec) -> spec.sslContext(Http2SslContextSpec.forClient()
				.configure((builder) -> builder.trustManager(InsecureTrustManagerFactory.INSTANCE))));
	}

	public static HttpClient h2c(int port) {
		return http(port).protocol(HttpProtocol.H2C);
	}

	/**
	 * GET a path and return {@code "<status> <version> <body>"}.
	 * @param client the client
	 * @param path the path
	 * @return the summary
	 */
	public static String get(HttpClient client, String path) {
		return client.get()
			.uri(path)
			.responseSingle((response, body) -> body.asString()
				.defaultIfEmpty("")
				.map((text) -> response.status().code() + " " + response.version() + " " + text))
			.block(TIMEOUT);
	}

	/**
	 * POST a JSON body and return {@code "<status> <version> <body>"}.
	 * @param client the client
	 * @param path the path
	 * @param json the body
	 * @return the summary
	 */
	public static String postJson(HttpClient client, String path, String json) {
		return client.headers((headers) -> headers.set("Content-Type", "application/json"))
			.post()
			.uri(path)
			.send(reactor.netty.ByteBufFlux.fromString(reactor.core.publisher.Mono.just(json)))
			.responseSingle((response, body) -> body.asString()
				.defaultIfEmpty("")
				.map((text) -> response.status().code() + " " + response.version() + " " + text))
			.block(TIMEOUT);
	}

	/**
	 * Make requests until each worker thread has answered once, for at most 20 s.
	 * @param request the request, returning the serving thread name
	 * @param workers the number of workers expected
	 * @return the thread names seen
	 */
	public static Set<String> untilEveryWorkerAnswered(Supplier<String> request, int workers) {
		Set<String> threads = ConcurrentHashMap.newKeySet();
		await().atMost(Duration.ofSeconds(20)).until(() -> {
			threads.add(request.get());
			return threads.size() >= workers;
		});
		return threads;
	}

}
