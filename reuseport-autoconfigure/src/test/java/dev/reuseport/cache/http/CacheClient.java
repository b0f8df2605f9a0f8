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
import java.util.UUID;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * A client for HTTP cache tests that returns status, header fields and body.
 *
 * @author reuseport team
 */
final class CacheClient {

	private static final Duration TIMEOUT = Duration.ofSeconds(15);

	/**
	 * The clients' own event loops. With Reactor Netty's global loops, a Spring Boot
	 * server closed by another test (its {@code ReactorResourceFactory} disposes the
	 * global resources) would terminate the loops of connections still in this client's
	 * pool.
	 */
	private static final LoopResources LOOPS = LoopResources.create("cache-test-client", 2, true);

	private final HttpClient client;

	CacheClient(int port) {
		this(HttpClient.create(ConnectionProvider.builder("cache-tests").maxConnections(100).build())
			.runOn(LOOPS)
			.port(port)
			.responseTimeout(TIMEOUT));
	}

	CacheClient(HttpClient client) {
		this.client = client;
	}

	/**
	 * Return a query unique to one test, so that its cache entries and handler runs are
	 * its own.
	 * @param query the query
	 * @return the query with a unique parameter
	 */
	static String unique(String query) {
		return query + (query.isEmpty() ? "" : "&") + "t=" + UUID.randomUUID();
	}

	Reply get(String query, String... headers) {
		return send(HttpMethod.GET, "/echo?" + query, headers);
	}

	Reply send(HttpMethod method, String uri, String... headers) {
		return this.client.headers((h) -> {
			for (int i = 0; i < headers.length; i += 2) {
				h.add(headers[i], headers[i + 1]);
			}
		})
			.request(method)
			.uri(uri)
			.responseSingle((response, body) -> body.asString()
				.defaultIfEmpty("")
				.map((text) -> new Reply(response.status().code(), response.responseHeaders(), text)))
			.block(TIMEOUT);
	}

	HttpClient client() {
		return this.client;
	}

	/**
	 * A response.
	 *
	 * @param status the status code
	 * @param headers the header fields
	 * @param body the body
	 */
	record Reply(int status, HttpHeaders headers, String body) {

		String cacheStatus() {
			String value = this.headers.get("Cache-Status");
			return (value != null) ? value : "";
		}

		boolean hit() {
			return cacheStatus().startsWith("reuseport; hit");
		}

		String header(String name) {
			return this.headers.get(name);
		}

	}

}
